import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConnectionBadge } from './connection-badge';

describe('ConnectionBadge', () => {
  it('stays invisible while there is no live connection to report on (server render, no JavaScript)', () => {
    const html = renderToStaticMarkup(<ConnectionBadge />);
    expect(html).toContain('visibility:hidden');
    expect(html).toContain('data-state="connecting"');
  });
});
