import { describe, expect, it } from 'vitest';
import { createPacedMailer, createPacedSender, createSendLimiter, type Mailer, type OutgoingMail, type SendOutcome } from '../../../functions/core/mail/mailer.js';

function fakeTime() {
  let now = Date.parse('2026-11-21T00:00:00.000Z');
  let slept = 0;
  return {
    clock: { now: () => new Date(now) },
    sleep: async (ms: number) => {
      slept += ms;
      now += ms;
    },
    elapsed: () => now - Date.parse('2026-11-21T00:00:00.000Z'),
    slept: () => slept,
    /** The clock jumps (a test moves it, NTP steps it) without any time passing. */
    jump: (ms: number) => void (now += ms),
  };
}

const mails = (n: number): OutgoingMail[] =>
  Array.from({ length: n }, (_, i) => ({ to: `e${i}@example.jp`, text: 't', html: 'h', tags: { companyId: 'c', employeeId: `e${i}`, mailId: 'm' } }));

function recordingMailer(maxBatch: number, answer: (mail: OutgoingMail, call: number) => SendOutcome['status'] = () => 'sent') {
  const calls: Array<{ at: number; to: string[] }> = [];
  return {
    calls,
    mailer: (clock: { now(): Date }): Mailer => ({
      maxBatch,
      async send(_subject, batch) {
        calls.push({ at: clock.now().getTime(), to: batch.map((m) => m.to) });
        return batch.map((m) => {
          const status = answer(m, calls.length);
          return status === 'sent' ? { status, messageId: `id-${m.to}-${calls.length}` } : status === 'throttled' ? { status } : { status, error: 'MessageRejected' };
        });
      },
    }),
  };
}

describe('paced sender', () => {
  it('sends in batches of at most maxBatch and never faster than the rate', async () => {
    const time = fakeTime();
    const { calls, mailer } = recordingMailer(50);
    const sender = createPacedSender({ mailer: mailer(time.clock), ratePerSecond: 14, clock: time.clock, sleep: time.sleep });
    const out = await sender.sendAll('s', mails(140));
    expect(out.every((o) => o.status === 'sent')).toBe(true);
    expect(calls.every((c) => c.to.length <= 14)).toBe(true);
    expect(calls.flatMap((c) => c.to)).toHaveLength(140);
    // 140 mails at 14/s: the first second's worth goes at once, the rest takes at least 9 s.
    expect(time.elapsed()).toBeGreaterThanOrEqual(9000);
    expect(time.elapsed()).toBeLessThan(10_500);
  });

  it('does not stall when the clock steps back after a send', async () => {
    const time = fakeTime();
    const { calls, mailer } = recordingMailer(50);
    const sender = createPacedSender({ mailer: mailer(time.clock), ratePerSecond: 10, clock: time.clock, sleep: time.sleep });
    time.jump(86_400_000);
    await sender.sendAll('s', mails(5));
    time.jump(-86_400_000);
    await sender.sendAll('s', mails(5));
    expect(calls.flatMap((c) => c.to)).toHaveLength(10);
    // At most the half second five mails take at 10/s, never the day the clock went back.
    expect(time.slept()).toBeLessThanOrEqual(1000);
  });

  it('uses SendBulkEmail batches of 50 when the rate allows', async () => {
    const time = fakeTime();
    const { calls, mailer } = recordingMailer(50);
    await createPacedSender({ mailer: mailer(time.clock), ratePerSecond: 200, clock: time.clock, sleep: time.sleep }).sendAll('s', mails(120));
    expect(calls.map((c) => c.to.length)).toEqual([50, 50, 20]);
  });

  it('retries throttled mails with growing waits, once each, and fails them after the last attempt', async () => {
    const time = fakeTime();
    let throttleCalls = 2;
    const { calls, mailer } = recordingMailer(50, (m, call) => (call <= throttleCalls && m.to !== 'e0@example.jp' ? 'throttled' : m.to === 'e3@example.jp' ? 'failed' : 'sent'));
    const out = await createPacedSender({ mailer: mailer(time.clock), ratePerSecond: 100, clock: time.clock, sleep: time.sleep, baseBackoffMs: 100 }).sendAll('s', mails(5));
    expect(out.map((o) => o.status)).toEqual(['sent', 'sent', 'sent', 'failed', 'sent']);
    expect(calls.map((c) => c.to.length)).toEqual([5, 4, 4]);
    const waits = calls.slice(1).map((c, i) => c.at - calls[i]!.at);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
    // Each mail was accepted once only.
    const accepted = calls.flatMap((c, i) => c.to.filter((to) => !(i + 1 <= throttleCalls && to !== 'e0@example.jp')));
    expect(new Set(accepted).size).toBe(accepted.length);

    throttleCalls = 100;
    calls.length = 0;
    const given = await createPacedSender({ mailer: mailer(time.clock), ratePerSecond: 100, clock: time.clock, sleep: time.sleep, maxAttempts: 3, baseBackoffMs: 10 }).sendAll('s', mails(2));
    expect(given).toEqual([{ status: 'sent', messageId: expect.any(String) }, { status: 'failed', error: 'throttled' }]);
    expect(calls).toHaveLength(3);
  });
});

describe('a paced mailer (the registration job\'s CSV link mail)', () => {
  it('takes its recipients from the shared limiter and waits out a throttle, answering only sent or failed', async () => {
    const t = fakeTime();
    const rec = recordingMailer(50, (_m, call) => (call === 1 ? 'throttled' : 'sent'));
    const limiter = createSendLimiter({ ratePerSecond: 10, clock: t.clock, sleep: t.sleep });
    const mailer = createPacedMailer({ mailer: rec.mailer(t.clock), limiter, ratePerSecond: 10, clock: t.clock, sleep: t.sleep });
    const out = await mailer.send('s', mails(1));
    expect(out).toEqual([{ status: 'sent', messageId: expect.any(String) }]);
    expect(rec.calls).toHaveLength(2);
    // The throttle slowed the shared limiter: the issuance jobs' mails beside it go slower too.
    expect(limiter.currentRate()).toBeLessThan(10 * 0.95);
  });
});
