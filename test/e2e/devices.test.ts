import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, clientHeaders, signIn as apiSignIn } from '../support/api.js';
import { expectNoPageErrors, launchBrowser, listSettled, openPage, shot, signInAsAdmin } from './browser.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

const client = (path: string, body: unknown, credential?: string) =>
  api().post(path, body, { ...clientHeaders(), ...(credential ? { Authorization: `Device ${credential}` } : {}) });

describe('企業情報 › 端末', () => {
  it('creates an enrollment key shown once, lists the device enrolled with it, and revokes the device: its client is refused', async () => {
    const t = await openPage(browser);
    const { page } = t;
    await signInAsAdmin(page);
    await listSettled(page);
    await page.goto('/admin/company');
    const section = page.getByTestId('devices-section');
    await section.getByRole('heading', { name: '端末', exact: true }).waitFor();

    await section.getByLabel('有効期限').selectOption({ label: '30日' });
    await section.getByRole('button', { name: '端末登録キーを作成', exact: true }).click();
    const keyField = section.getByTestId('enrollment-key');
    await keyField.waitFor();
    const key = await keyField.inputValue();
    expect(key).toMatch(/^kek_[A-Za-z0-9_-]{43}$/);
    await section.getByText('この端末登録キーは今だけ表示します').waitFor();
    await shot(page, 'devices-key-created');

    // A PC enrolls with it (the reference client's call), under a name of its own.
    const hostname = `E2E-PC-${Date.now()}`;
    const enrolled = await client('/api/client/enroll', { enrollmentKey: key, hostname });
    expect(enrolled.status, enrolled.text).toBe(201);
    const credential = enrolled.body.credential as string;
    const token = await apiSignIn('demo', 'admin');
    expect((await client('/api/client/events', { events: [{ eventId: `e2e-${Date.now()}`, loginId: 'admin', type: 'lock', at: new Date().toISOString() }] }, credential)).status).toBe(200);

    // Shown once: after a reload the key is nowhere on the page, the key is listed by its dates only.
    await page.reload();
    const row = section.locator(`tr[data-device-id="${enrolled.body.deviceId}"]`);
    await row.waitFor();
    expect(await page.content()).not.toContain(key);
    expect(await row.locator('td').allTextContents()).toEqual([hostname, '認証あり', expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/), expect.stringMatching(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/), '有効', '無効にする']);
    await shot(page, 'devices-listed');

    await row.getByRole('button', { name: '無効にする', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: '端末を無効にしますか？' });
    await dialog.getByText(`${hostname} からの認証とイベントの送信は、すぐに拒否されます。`).waitFor();
    await shot(page, 'devices-revoke-confirm', { fullPage: false });
    await dialog.getByRole('button', { name: '無効にする', exact: true }).click();
    await section.getByText(`${hostname} を無効にしました。`).waitFor();
    await expect.poll(() => row.locator('td').nth(4).textContent()).toBe('無効');
    expect(await row.getByRole('button').count()).toBe(0);
    await shot(page, 'devices-revoked');

    const refused = await client('/api/client/authenticate', { loginId: 'admin', event: 'logon' }, credential);
    expect([refused.status, refused.body.error.code]).toEqual([401, 'DEVICE_UNAUTHENTICATED']);
    const listed = (await api(token).get('/api/admin/devices')).body.items.find((d: { deviceId: string }) => d.deviceId === enrolled.body.deviceId);
    expect(listed.revokedAt).toEqual(expect.any(String));
    expectNoPageErrors(t);
    await t.context.close();
  });
});
