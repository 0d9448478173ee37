import { expect, inject } from 'vitest';

/** A mail as aws-ses-v2-local keeps it (GET /store). */
export interface StoredMail {
  messageId: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  at: number;
}

export const REQUEST_SUBJECT = '【kagi】アカウント認証要求';
export const NOTICE_SUBJECT = '【kagi】アカウント通知';

/** Every mail the local SES stand-in has been given, oldest first. */
export async function storedMails(): Promise<StoredMail[]> {
  const res = await fetch(`${inject('endpoints').ses}/store`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { emails: StoredMail[] }).emails;
}

/** The mails to one address with one subject, oldest first. */
export async function mailsTo(address: string, subject: string): Promise<StoredMail[]> {
  const wanted = address.toLowerCase();
  return (await storedMails()).filter((m) => m.subject === subject && m.destination.to.some((to) => to.toLowerCase().includes(wanted)));
}

/** Waits until `count` such mails are there (the job sends them in the background) and answers the newest. */
export async function waitForMail(address: string, subject: string, count = 1): Promise<StoredMail> {
  await expect.poll(async () => (await mailsTo(address, subject)).length, { timeout: 20_000, message: `${count} × ${subject} to ${address}` }).toBeGreaterThanOrEqual(count);
  const all = await mailsTo(address, subject);
  expect(all.length, `no more than ${count} × ${subject} to ${address}`).toBe(count);
  return all[all.length - 1]!;
}

/** The 認証する link of a request mail (text part; the HTML part must carry the same one). */
export function linkOf(mail: StoredMail): string {
  const link = /https?:\/\/[^\s]+\/verify\/[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];
  expect(link, 'a /verify/<token> link in the text part').toBeTruthy();
  expect(mail.body.html ?? '').toContain(link!);
  return link!;
}

/** `ログインID：…` / `仮パスワード：…` of a notice mail. */
export function valueOf(mail: StoredMail, label: string): string {
  const value = new RegExp(`${label}[：:]\\s*(\\S+)`).exec(mail.body.text ?? '')?.[1];
  expect(value, `${label} in the notice mail`).toBeTruthy();
  return value!;
}

async function setClockOffset(offsetMs: number): Promise<void> {
  const res = await fetch(`${inject('baseUrl')}/__local/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ offsetMs }) });
  expect(res.status, await res.text()).toBe(200);
}

/** Moves the service's injected clock a minute past `iso` (local test control; nothing waits in real time). */
export async function moveClockPast(iso: string): Promise<void> {
  await setClockOffset(Date.parse(iso) - Date.now() + 60_000);
}

/** Puts the clock back, for the files that run after this one on the same backend. */
export async function resetClock(): Promise<void> {
  await setClockOffset(0);
}

/** Runs the scheduled sweep once, as EventBridge Scheduler would. */
export async function runSweep(): Promise<void> {
  const res = await fetch(`${inject('baseUrl')}/__local/sweep`, { method: 'POST' });
  expect(res.status, await res.text()).toBe(200);
}
