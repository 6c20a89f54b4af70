import { useEffect, useRef } from 'react';
import { useLiveConnection } from './live-provider';

/**
 * A subscription straight on the graphql-ws socket, for the landing page, which must stay
 * light; dashboard pages use useLiveSubscription (urql).
 */
export function useSocketSubscription<Data>(query: string, onData: (data: Data) => void): void {
  const { socket } = useLiveConnection();
  const handler = useRef(onData);
  handler.current = onData;

  useEffect(() => {
    if (!socket) return;
    return socket.subscribe<Data>(
      { query },
      {
        next: (result) => {
          if (result.data) handler.current(result.data);
        },
        error: () => {},
        complete: () => {},
      },
    );
  }, [socket, query]);
}
