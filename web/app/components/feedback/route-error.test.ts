import { describe, expect, it } from 'vitest';
import { describeRouteError } from './route-error';

describe('describeRouteError', () => {
  it('says the API is unreachable and keeps retrying on a 503', () => {
    const description = describeRouteError({
      status: 503,
      data: { kind: 'api-unavailable', message: 'down' },
    });
    expect(description).toEqual({ title: 'The Satark API is not reachable', message: 'down', retry: true });
  });

  it('shows the not-found message without retrying', () => {
    const description = describeRouteError({ status: 404, data: { message: 'No campaign with this id.' } });
    expect(description.retry).toBe(false);
    expect(description.message).toBe('No campaign with this id.');
  });

  it('shows the API’s own words when it refused a request', () => {
    expect(describeRouteError({ status: 502, data: { message: 'Needs an ANALYST key' } }).message).toBe(
      'Needs an ANALYST key',
    );
  });

  it('falls back to a generic message for errors that are not responses', () => {
    expect(describeRouteError(null).title).toBe('Something went wrong');
  });
});
