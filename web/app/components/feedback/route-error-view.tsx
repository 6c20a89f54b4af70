import { isRouteErrorResponse, Link, useRevalidator, useRouteError } from '@remix-run/react';
import { useEffect } from 'react';
import { describeRouteError } from './route-error';

const RETRY_EVERY_MS = 5000;

/** The error boundary's content; when the API is down it keeps retrying and recovers by itself. */
export function RouteErrorView() {
  const error = useRouteError();
  const revalidator = useRevalidator();
  const description = describeRouteError(
    isRouteErrorResponse(error) ? { status: error.status, data: error.data } : null,
  );

  useEffect(() => {
    if (!description.retry) return;
    const timer = setInterval(() => {
      if (revalidator.state === 'idle') revalidator.revalidate();
    }, RETRY_EVERY_MS);
    return () => clearInterval(timer);
  }, [description.retry, revalidator]);

  return (
    <section className="route-error" role="alert" aria-live="assertive">
      <h1>{description.title}</h1>
      <p>{description.message}</p>
      {description.retry ? (
        <p className="route-error__retry">
          {revalidator.state === 'loading' ? 'Trying again…' : 'Retrying every 5 seconds.'}{' '}
          <button type="button" className="button button--secondary" onClick={() => revalidator.revalidate()}>
            Try now
          </button>
        </p>
      ) : (
        <p>
          <Link to="/dashboard">Back to the overview</Link>
        </p>
      )}
    </section>
  );
}
