// Where to send someone after they sign in: only a path on this site, never another origin.

/** `next` from the query string if it is a same-site path, else the dashboard. */
export function safeNextPath(raw: string | null | undefined, fallback = '/dashboard'): string {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  // Control characters or a scheme smuggled past the first slash are refused outright.
  if ([...raw].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f)) {
    return fallback;
  }
  try {
    const resolved = new URL(raw, 'http://satark.invalid');
    if (resolved.origin !== 'http://satark.invalid') return fallback;
    if (resolved.pathname === '/login' || resolved.pathname.startsWith('/auth/')) return fallback;
    return `${resolved.pathname}${resolved.search}`;
  } catch {
    return fallback;
  }
}

/**
 * The page a request is for: Remix's single-fetch data requests (`/dashboard/alerts.data?_routes=…`)
 * stand for the page `/dashboard/alerts`.
 */
export function pagePathOf(url: URL): string {
  let pathname = url.pathname;
  const search = new URLSearchParams(url.search);
  if (pathname.endsWith('.data')) {
    pathname = pathname.slice(0, -'.data'.length);
    if (pathname === '/_root') pathname = '/';
    search.delete('_routes');
  }
  search.delete('index');
  const query = search.toString();
  return `${pathname}${query ? `?${query}` : ''}`;
}

export function loginPath(next: string, reason?: 'expired' | 'signed-out'): string {
  const params = new URLSearchParams({ next });
  if (reason) params.set('reason', reason);
  return `/login?${params}`;
}
