import { describe, expect, it } from 'vitest';
import { csrfTokensMatch, newCsrfToken, serializeCsrfCookie } from '../cookies.server';
import { readCheckedForm } from './csrf.server';

async function post(fields: Record<string, string>, cookie: string | null): Promise<Request> {
  return new Request('http://dashboard.test/dashboard/alerts', {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(cookie ? { cookie } : {}),
    },
    body: new URLSearchParams(fields),
  });
}

async function refusal(promise: Promise<unknown>): Promise<number> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  return 200;
}

describe('the CSRF check on form posts', () => {
  it('lets a form through whose hidden field matches the browser’s cookie', async () => {
    const token = newCsrfToken();
    const cookie = (await serializeCsrfCookie(token, false)).split(';')[0] ?? '';
    const form = await readCheckedForm(await post({ intent: 'acknowledge', csrf: token }, cookie));
    expect(form.get('intent')).toBe('acknowledge');
  });

  it('refuses with 403 a post without the field, without the cookie, or with another token', async () => {
    const token = newCsrfToken();
    const cookie = (await serializeCsrfCookie(token, false)).split(';')[0] ?? '';
    expect(await refusal(readCheckedForm(await post({ intent: 'acknowledge' }, cookie)))).toBe(403);
    expect(await refusal(readCheckedForm(await post({ csrf: token }, null)))).toBe(403);
    expect(await refusal(readCheckedForm(await post({ csrf: newCsrfToken() }, cookie)))).toBe(403);
  });

  it('compares tokens of different lengths without throwing', () => {
    expect(csrfTokensMatch('a'.repeat(43), 'a')).toBe(false);
    expect(csrfTokensMatch(null, 'a')).toBe(false);
    expect(csrfTokensMatch('a'.repeat(43), undefined)).toBe(false);
  });
});
