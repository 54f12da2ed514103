/**
 * The signed-in caller: the key (sessionStorage), who it stands for (`me`), and why a session ended.
 * What the role may do is decided here once, so pages ask `session.may.act` instead of comparing roles.
 */
import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import type { ApolloClient } from '@apollo/client';
import type { MeQuery, Role } from './graphql/generated';
import { keyStore } from './keyStore';
import type { MessageKey } from './i18n';

export type Caller = MeQuery['me'];

/** The API as the session uses it (hub.ts), loaded on demand: the sign-in page's first paint needs none of it. */
export interface HubConnection {
  client: ApolloClient;
  fetchCaller(): Promise<Caller>;
  isUnauthenticated(error: unknown): boolean;
}

export interface Permissions {
  /** acknowledge, assign, comment, resolve, dismiss, reopen (the API also limits a STEWARD to its agency's streams) */
  act: boolean;
  /** source record ids, payload references and raw payloads: not for PARTNERs */
  readRaw: boolean;
  /** top parties by name: not for PARTNERs */
  readParties: boolean;
  /** entity-resolution cases (ANALYSTs read them, ADMINs and STEWARDs decide them: `act`) and indicator lineage: not for PARTNERs */
  readStewardship: boolean;
  /** quarantine retries and rule tolerances */
  administer: boolean;
  /** the completeness calendar: not for PARTNERs, and only where the calendar has rows for the caller's streams */
  readCompleteness: boolean;
}

/** The calendar's streams (industrial ledgers, taxstat filings), as the API's stream scope gate narrows them. */
export const COMPLETENESS_STREAMS = ['industrial', 'taxstat'] as const;

/** The calendar's streams the caller reads: an ADMIN every stream, others their agency's (src/auth/roles). */
export function completenessStreams(caller: Caller): string[] {
  return COMPLETENESS_STREAMS.filter((s) => caller.role === 'ADMIN' || caller.agency.streams.includes(s));
}

export function permissionsOf(role: Role, streams: readonly string[] = []): Permissions {
  return {
    act: role === 'ADMIN' || role === 'STEWARD',
    readRaw: role !== 'PARTNER',
    readParties: role !== 'PARTNER',
    readStewardship: role !== 'PARTNER',
    administer: role === 'ADMIN',
    readCompleteness: role !== 'PARTNER' && (role === 'ADMIN' || COMPLETENESS_STREAMS.some((s) => streams.includes(s))),
  };
}

export interface Session {
  caller: Caller | null;
  may: Permissions;
  /** Why the last session ended or the last sign-in failed, shown on the sign-in page. */
  notice: MessageKey | null;
  signIn(key: string): Promise<boolean>;
  signOut(notice?: MessageKey): void;
}

/** The page a role lands on: the flag queue for those who act on flags, the dashboard for the others. */
export function homePath(may: Pick<Permissions, 'act'>): string {
  return may.act ? '/flags' : '/dashboard';
}

const NO_PERMISSIONS: Permissions = { act: false, readRaw: false, readParties: false, readStewardship: false, administer: false, readCompleteness: false };
const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ connect, initialCaller = null, children }: { connect: () => Promise<HubConnection>; initialCaller?: Caller | null; children: ReactNode }) {
  const [caller, setCaller] = useState<Caller | null>(initialCaller);
  const [notice, setNotice] = useState<MessageKey | null>(null);
  // set by the first sign-in: a sign-out clears the cache of a client that exists, and loads none
  const connected = useRef<HubConnection | null>(null);

  const signOut = useCallback((why: MessageKey | null = null) => {
    keyStore.clear();
    setCaller(null);
    setNotice(why);
    void connected.current?.client.clearStore();
  }, []);

  const signIn = useCallback(
    async (key: string) => {
      keyStore.set(key);
      let hub: HubConnection | null = null;
      try {
        hub = await connect();
        connected.current = hub;
        setCaller(await hub.fetchCaller());
        setNotice(null);
        return true;
      } catch (error) {
        keyStore.clear();
        setNotice(hub?.isUnauthenticated(error) ? 'keyRejected' : 'signInFailed');
        return false;
      }
    },
    [connect],
  );

  const session = useMemo<Session>(
    () => ({ caller, may: caller ? permissionsOf(caller.role, caller.agency.streams) : NO_PERMISSIONS, notice, signIn, signOut: (why) => signOut(why ?? null) }),
    [caller, notice, signIn, signOut],
  );
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** For tests and previews: a session with a fixed caller. */
export function staticSession(caller: Caller, overrides: Partial<Session> = {}): Session {
  return { caller, may: permissionsOf(caller.role, caller.agency.streams), notice: null, signIn: async () => true, signOut: () => undefined, ...overrides };
}

export const SessionValueProvider = SessionContext.Provider;
