import { createContext, useContext } from 'react';
import type { Me } from './types.ts';

export interface Session {
  readonly me: Me;
  /** Whether this chatapp runs the embedded simulator (the sandbox): the phone screen needs it. */
  readonly sandbox: boolean;
  signOut(): Promise<void>;
}

export const SessionContext = createContext<Session | undefined>(undefined);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in console');
  return session;
}
