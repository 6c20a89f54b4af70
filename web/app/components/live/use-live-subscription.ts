import type { AnyVariables, TypedDocumentNode } from '@urql/core';
import { useEffect, useRef } from 'react';
import { useUrqlLiveClient } from './urql-live-provider';

/**
 * Calls `onData` with every result of a subscription while `paused` is false. The handler
 * may change between renders without resubscribing; variables resubscribe when they change.
 */
export function useLiveSubscription<Data, Variables extends AnyVariables>(
  document: TypedDocumentNode<Data, Variables>,
  variables: Variables,
  onData: (data: Data) => void,
  { paused = false }: { paused?: boolean } = {},
): void {
  const client = useUrqlLiveClient();
  const handler = useRef(onData);
  handler.current = onData;
  const variablesKey = JSON.stringify(variables);

  // biome-ignore lint/correctness/useExhaustiveDependencies: variablesKey stands for variables.
  useEffect(() => {
    if (!client || paused) return;
    const subscription = client.subscription(document, variables).subscribe((result) => {
      if (result.data) handler.current(result.data);
    });
    return () => subscription.unsubscribe();
  }, [client, paused, document, variablesKey]);
}
