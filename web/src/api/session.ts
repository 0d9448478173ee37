import type { Account, SignedIn } from './types';

/**
 * Tokens live in sessionStorage: they end with the tab, and a second tab signs in on its own.
 */
export interface Session {
  idToken: string;
  accessToken: string;
  refreshToken?: string;
  account: Account;
}

const KEY = 'kagi.session';
const listeners = new Set<() => void>();
let cached: Session | null | undefined;

function read(): Session | null {
  try {
    const raw = sessionStorage.getItem(KEY);
    return raw ? (JSON.parse(raw) as Session) : null;
  } catch {
    return null;
  }
}

export function getSession(): Session | null {
  if (cached === undefined) cached = read();
  return cached;
}

export function saveSignedIn(signedIn: SignedIn): Session {
  const previous = getSession();
  const session: Session = {
    idToken: signedIn.idToken,
    accessToken: signedIn.accessToken,
    // A refresh answers without a new refresh token: keep the one we had.
    refreshToken: signedIn.refreshToken ?? previous?.refreshToken,
    account: signedIn.account,
  };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  cached = session;
  listeners.forEach((l) => l());
  return session;
}

export function clearSession(): void {
  sessionStorage.removeItem(KEY);
  cached = null;
  listeners.forEach((l) => l());
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const isAdminArea = (account: Account) => account.role === 'admin' || account.role === 'viewer';

/** Where an account lands after signing in (and after a forced setup). */
export function homePathOf(account: Account): string {
  if (account.role === 'support') return '/support';
  return isAdminArea(account) ? '/admin/employees' : '/home';
}
