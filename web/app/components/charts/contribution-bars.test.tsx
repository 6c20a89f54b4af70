import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ContributionBars } from './contribution-bars';

describe('ContributionBars', () => {
  it('draws risky contributions red to the right and calming ones green to the left', () => {
    const html = renderToStaticMarkup(
      <ContributionBars
        label="Reasons"
        diverging
        items={[
          { key: 'a', label: 'Short calls', value: 2, valueText: '+2.0' },
          { key: 'b', label: 'Old account', value: -1, valueText: '-1.0' },
        ]}
      />,
    );
    expect(html).toContain('bars__bar bars__bar--risk" style="left:50%;width:50%"');
    expect(html).toContain('bars__bar bars__bar--calm" style="left:25%;width:25%"');
    expect(html).toContain('aria-label="Reasons"');
  });
});
