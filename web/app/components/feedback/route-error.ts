// Turns what a loader threw into words for the person looking at the page.

export interface RouteErrorDescription {
  title: string;
  message: string;
  /** Worth retrying by itself: the API was unreachable. */
  retry: boolean;
}

function messageOf(data: unknown): string | null {
  if (typeof data === 'object' && data !== null && 'message' in data && typeof data.message === 'string') {
    return data.message;
  }
  return typeof data === 'string' && data.length > 0 ? data : null;
}

export function describeRouteError(
  response: { status: number; data: unknown } | null,
): RouteErrorDescription {
  if (!response) {
    return {
      title: 'Something went wrong',
      message: 'The page failed unexpectedly. Reload it; if it keeps failing, tell the Satark team.',
      retry: false,
    };
  }
  if (response.status === 503) {
    return {
      title: 'The Satark API is not reachable',
      message:
        messageOf(response.data) ??
        'The dashboard cannot reach the API right now. This page will reload as soon as it is back.',
      retry: true,
    };
  }
  if (response.status === 403) {
    return {
      title: 'Not allowed',
      message: messageOf(response.data) ?? 'Your role does not allow this page or action.',
      retry: false,
    };
  }
  if (response.status === 404) {
    return {
      title: 'Not found',
      message: messageOf(response.data) ?? 'There is nothing at this address.',
      retry: false,
    };
  }
  return {
    title: 'The API refused the request',
    message: messageOf(response.data) ?? `The request failed with status ${response.status}.`,
    retry: response.status >= 500,
  };
}
