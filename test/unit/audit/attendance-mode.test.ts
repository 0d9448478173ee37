import { describe, expect, it } from 'vitest';
import { actionsAsked, SEARCH_MODES } from '../../../functions/core/audit/service.js';
import { errorOf } from '../../support/error-of.js';

describe('出退勤ログ検索 (mode attendance)', () => {
  it('reads only the clock events the 打刻連携 counted, and is not exportable', () => {
    expect(actionsAsked([], [], 'attendance')).toEqual(['clock.logon', 'clock.logoff', 'clock.lock', 'clock.unlock']);
    // Narrowing within the mode keeps to it; an uncounted client event never enters.
    expect(actionsAsked(['attendance', 'client'], [], 'attendance')).toEqual(['clock.logon', 'clock.logoff', 'clock.lock', 'clock.unlock']);
    expect(actionsAsked([], ['clock.logoff', 'client.logoff'], 'attendance')).toEqual(['clock.logoff']);
    expect(actionsAsked(['settings'], [], 'attendance')).toEqual([]);
    expect(SEARCH_MODES.attendance.exportable).toBe(false);
    expect(SEARCH_MODES.all.exportable).toBe(true);
  });

  it('names an unknown group as a 400', async () => {
    expect((await errorOf(Promise.resolve().then(() => actionsAsked(['punches'], [], 'attendance')))).code).toBe('INVALID_CONDITION');
  });
});
