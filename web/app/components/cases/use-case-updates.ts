import { useRevalidator } from '@remix-run/react';
import { useEffect, useRef, useState } from 'react';
import { useLiveSubscription } from '~/components/live/use-live-subscription';
import { caseUpdatedSubscription } from '~/lib/graphql/cases';

/**
 * Reloads the page's data when a case changes (one case with `caseId`, any case without). A burst of
 * updates while a reload runs costs one more reload, not one per update.
 */
export function useCaseUpdates(caseId: string | null = null): number {
  const revalidator = useRevalidator();
  const [updates, setUpdates] = useState(0);
  const pending = useRef(false);
  useLiveSubscription(caseUpdatedSubscription, { caseId }, () => {
    pending.current = true;
    setUpdates((count) => count + 1);
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: updates is the trigger to look at pending.
  useEffect(() => {
    if (pending.current && revalidator.state === 'idle') {
      pending.current = false;
      revalidator.revalidate();
    }
  }, [updates, revalidator.state]);
  return updates;
}
