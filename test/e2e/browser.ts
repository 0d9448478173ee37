import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import { clientHeaders } from '../support/api.js';

/** Debian's chromium, as DESIGN.md §7 says; playwright-core downloads no browser of its own. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.KAGI_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export const baseUrl = () => inject('baseUrl');
export const demoPassword = () => inject('demoPassword');

export const SHOTS_DIR = process.env.KAGI_SHOTS_DIR ?? '/tmp/kagi-shots';

export interface TestPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught errors in the page: a test ends by expecting none. */
  pageErrors: string[];
}

/** A phone's viewport, for the employee pages opened from a QR code. */
export const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 } as const;

/** A fresh context (its own sessionStorage and localStorage) with one page; a laptop unless told otherwise. */
export async function openPage(browser: Browser, device: Partial<typeof PHONE> = {}): Promise<TestPage> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1280, height: 800 },
    ...device,
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
    // The page and the test's own API calls come from one office (the same client address), as
    // an admin's browser and a script on the admin's PC would: locks and throttles see one source.
    extraHTTPHeaders: clientHeaders(),
  });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  return { context, page, pageErrors };
}

/** A full-page PNG in /tmp/kagi-shots, to look at after the run. */
export async function shot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  // Let fonts and the last render settle so the picture shows what a person would see.
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: options.fullPage ?? true });
}

/** Signs in through the given form (admin or employee) and waits for the landing page. */
export async function signIn(page: Page, options: { path?: string; companyCode?: string; loginId: string; password?: string; landing: RegExp }) {
  await page.goto(options.path ?? '/admin/login');
  await page.getByLabel('会社コード').fill(options.companyCode ?? 'demo');
  await page.getByLabel('ログインID').fill(options.loginId);
  await page.getByLabel('パスワード', { exact: true }).fill(options.password ?? demoPassword());
  await page.getByRole('button', { name: 'ログイン', exact: true }).click();
  await page.waitForURL(options.landing);
}

export const signInAsAdmin = (page: Page) => signIn(page, { loginId: 'admin', landing: /\/admin\/employees$/ });
export const signInAsViewer = (page: Page) => signIn(page, { loginId: 'viewer', landing: /\/admin\/employees$/ });

/** The 社員コード column of the list, top to bottom. */
export async function listedCodes(page: Page): Promise<string[]> {
  return page.locator('table tbody tr td:first-child').allTextContents();
}

/** Columns of 社員一覧 by name (the cells say which they are: the kana sits under the name, the office under the department). */
export type ListColumn =
  | 'code' | 'name' | 'department' | 'email' | 'loginId' | 'role' | 'enabled' | 'password' | 'verification' | 'passcode' | 'privateEmail' | 'account' | 'registration';

/** The cells of one column of 社員一覧, top to bottom: the main line of two-line cells (name, department). */
export async function listColumn(page: Page, col: ListColumn): Promise<string[]> {
  return page.locator(`table tbody tr td[data-col="${col}"]`).evaluateAll((cells) => cells.map((td) => (td.querySelector('.cell-main') ?? td).textContent ?? ''));
}

/** Waits until the list has loaded (rows or the empty message) and nothing is in flight. */
export async function listSettled(page: Page): Promise<void> {
  await page.locator('section[aria-busy="false"]').waitFor();
}

export function expectNoPageErrors(t: TestPage) {
  expect(t.pageErrors, 'uncaught errors in the page').toEqual([]);
}
