import { SendBulkEmailCommand, SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '../../../functions/adapters/ses/mailer.js';
import { ENV } from '../../../functions/shared/env.js';

const sesMock = mockClient(SESv2Client);
const mail = (i: number) => ({ to: `e${i}@example.jp`, text: `本文 ${i}`, html: `<p>本文 ${i}</p>`, tags: { companyId: 'C1', employeeId: `E${i}`, mailId: 'M1' } });

beforeEach(() => {
  sesMock.reset();
  process.env[ENV.mailFrom] = 'no-reply@kagi.example.jp';
  process.env[ENV.sesConfigurationSet] = 'kagi-mail';
});

describe('SES v2 mailer', () => {
  it('sends several mails in one SendBulkEmail call through the configuration set, with tags', async () => {
    sesMock.on(SendBulkEmailCommand).resolves({ BulkEmailEntryResults: [{ Status: 'SUCCESS', MessageId: 'a' }, { Status: 'ACCOUNT_THROTTLED' }, { Status: 'MESSAGE_REJECTED' }] });
    const out = await createSesMailer().send('【kagi】アカウント認証要求', [mail(0), mail(1), mail(2)]);
    expect(out).toEqual([{ status: 'sent', messageId: 'a' }, { status: 'throttled' }, { status: 'failed', error: 'MESSAGE_REJECTED' }]);
    const input = sesMock.commandCalls(SendBulkEmailCommand)[0]!.args[0].input;
    expect(input.ConfigurationSetName).toBe('kagi-mail');
    expect(input.FromEmailAddress).toBe('no-reply@kagi.example.jp');
    expect(input.DefaultContent?.Template?.TemplateContent?.Subject).toBe('【kagi】アカウント認証要求');
    expect(input.BulkEmailEntries).toHaveLength(3);
    expect(JSON.parse(input.BulkEmailEntries![1]!.ReplacementEmailContent!.ReplacementTemplate!.ReplacementTemplateData!)).toEqual({ text: '本文 1', html: '<p>本文 1</p>' });
    expect(input.BulkEmailEntries![1]!.ReplacementTags).toContainEqual({ Name: 'kagi-employee', Value: 'E1' });
  });

  it('sends one mail with SendEmail simple content in UTF-8', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'one' });
    expect(await createSesMailer().send('件名', [mail(0)])).toEqual([{ status: 'sent', messageId: 'one' }]);
    const input = sesMock.commandCalls(SendEmailCommand)[0]!.args[0].input;
    expect(input.Content?.Simple?.Subject).toEqual({ Data: '件名', Charset: 'UTF-8' });
    expect(input.Content?.Simple?.Body?.Html?.Charset).toBe('UTF-8');
    expect(input.EmailTags).toContainEqual({ Name: 'kagi-mail', Value: 'M1' });
  });

  it('reports a throttled call as throttled for every mail', async () => {
    sesMock.on(SendBulkEmailCommand).rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    expect(await createSesMailer().send('s', [mail(0), mail(1)])).toEqual([{ status: 'throttled' }, { status: 'throttled' }]);
  });
});
