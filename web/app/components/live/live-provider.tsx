import type { Client } from 'graphql-ws';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { type ConnectionState, openLiveSocket } from './live-client';

interface LiveContextValue {
  /** null while rendering on the server and before the first effect in the browser. */
  socket: Client | null;
  state: ConnectionState;
}

const LiveContext = createContext<LiveContextValue>({ socket: null, state: 'connecting' });

export function LiveProvider({ children, path }: { children: ReactNode; path: '/live' | '/live/public' }) {
  const [socket, setSocket] = useState<Client | null>(null);
  const [state, setState] = useState<ConnectionState>('connecting');

  useEffect(() => {
    // A disposed socket still reports its closing; it must not overwrite the new one's state.
    let current = true;
    const opened = openLiveSocket(path, (next) => {
      if (current) setState(next);
    });
    setSocket(opened);
    return () => {
      current = false;
      void opened.dispose();
    };
  }, [path]);

  return <LiveContext.Provider value={{ socket, state }}>{children}</LiveContext.Provider>;
}

export function useLiveConnection(): LiveContextValue {
  return useContext(LiveContext);
}
