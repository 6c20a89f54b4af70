import { type ReactNode, Suspense, useEffect, useState } from 'react';

/**
 * Renders `children` only in the browser, after hydration, and `fallback` until then: charts
 * measure the DOM and their code is loaded on demand, so the server sends a placeholder.
 */
export function ClientOnly({ children, fallback }: { children: () => ReactNode; fallback: ReactNode }) {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted ? <Suspense fallback={fallback}>{children()}</Suspense> : fallback;
}
