import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef } from 'react';

/** Reloads the route's loader data every `intervalMs` while the tab is visible and `enabled`. */
export function useRevalidateEvery(intervalMs: number, enabled = true): void {
  const revalidator = useRevalidator();
  const latest = useRef(revalidator);
  latest.current = revalidator;

  useEffect(() => {
    if (!enabled) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible' && latest.current.state === 'idle')
        latest.current.revalidate();
    }, intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs, enabled]);
}
