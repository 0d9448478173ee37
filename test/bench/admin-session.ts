/** The demo admin's headers for a bench, kept signed in. */
export interface AdminSession {
  /** Read them at each request: they are renewed in place. */
  headers: Record<string, string>;
  /** Who signed in, from the first sign-in. */
  account: { accountId: string; companyId: string };
  close(): void;
}

/**
 * Signs the demo admin in, and again every 45 minutes into the same headers: an ID token lasts an
 * hour, and a 100,000-employee run takes two (one stopped at 1:00:10 on a 401).
 */
export async function signInAdmin(url: string, password: string): Promise<AdminSession> {
  const headers: Record<string, string> = {};
  let account: AdminSession['account'] | undefined;
  const signIn = async () => {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ companyCode: 'demo', loginId: 'admin', password }) });
    if (!r.ok) throw new Error(`sign-in as the demo admin: HTTP ${r.status} ${await r.text()}`);
    const answer = (await r.json()) as { idToken: string; account: AdminSession['account'] };
    headers.Authorization = `Bearer ${answer.idToken}`;
    account ??= answer.account;
  };
  await signIn();
  const timer = setInterval(() => signIn().catch((e: unknown) => console.error(`signing the demo admin in again: ${String(e)}`)), 45 * 60_000);
  timer.unref();
  return { headers, account: account!, close: () => clearInterval(timer) };
}
