import { Client, subscriptionExchange } from '@urql/core';
import type { Client as SocketClient } from 'graphql-ws';
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import { useLiveConnection } from './live-provider';

function urqlOverSocket(socket: SocketClient): Client {
  return new Client({
    url: '/live',
    exchanges: [
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({
            unsubscribe: socket.subscribe({ query: request.query ?? '', variables: request.variables }, sink),
          }),
        }),
      }),
    ],
  });
}

const UrqlLiveContext = createContext<Client | null>(null);

/** urql on top of the tab's live socket, for the dashboard's subscriptions. */
export function UrqlLiveProvider({ children }: { children: ReactNode }) {
  const { socket } = useLiveConnection();
  const client = useMemo(() => (socket ? urqlOverSocket(socket) : null), [socket]);
  return <UrqlLiveContext.Provider value={client}>{children}</UrqlLiveContext.Provider>;
}

export function useUrqlLiveClient(): Client | null {
  return useContext(UrqlLiveContext);
}
