import { describe, expect, it } from 'vitest';
import { actionsAsked, searchWindow } from '../../../functions/core/audit/service.js';
import { checkConditions } from '../../../functions/core/audit/saved-searches.js';
import { actionsOf } from '../../../functions/core/audit/actions.js';
import { DomainError } from '../../../functions/core/shared/errors.js';

/** The DomainError a call throws. */
function errorOf(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a DomainError');
}

const DAY = 86_400_000;
const now = new Date('2026-06-15T03:00:00.000Z');

describe('the window of a search', () => {
  it('is the last 30 days unless told', () => {
    expect(searchWindow({}, now, 400)).toMatchObject({ from: '2026-05-16T03:00:00.000Z', to: '2026-06-15T03:00:00.000Z' });
  });

  it('keeps a relative window relative: a week later it is a week later', () => {
    const a = searchWindow({ lastDays: 30 }, now, 400);
    const b = searchWindow({ lastDays: 30 }, new Date(now.getTime() + 7 * DAY), 400);
    expect(Date.parse(b.from) - Date.parse(a.from)).toBe(7 * DAY);
    expect(Date.parse(b.to) - Date.parse(a.to)).toBe(7 * DAY);
  });

  it('takes a fixed window as dates or instants, the end date whole', () => {
    expect(searchWindow({ from: '2026-06-01', to: '2026-06-10' }, now, 400)).toMatchObject({ from: '2026-06-01T00:00:00.000Z', to: '2026-06-10T23:59:59.999Z' });
  });

  it('refuses more than 100 days, both forms at once, and what the company no longer keeps', () => {
    expect(errorOf(() => searchWindow({ lastDays: 101 }, now, 400))).toMatchObject({ code: 'INVALID_RANGE' });
    expect(errorOf(() => searchWindow({ from: '2026-01-01', to: '2026-04-11' }, now, 400))).toMatchObject({ code: 'INVALID_RANGE' });
    expect(searchWindow({ from: '2026-01-01', to: '2026-04-10' }, now, 400).from).toBe('2026-01-01T00:00:00.000Z');
    expect(errorOf(() => searchWindow({ lastDays: 7, from: '2026-06-01', to: '2026-06-02' }, now, 400))).toMatchObject({ code: 'INVALID_RANGE' });
    expect(errorOf(() => searchWindow({ from: '2026-02-01', to: '2026-03-01' }, now, 100))).toMatchObject({ code: 'BEYOND_RETENTION' });
    expect(searchWindow({ lastDays: 100 }, now, 100).from).toBe('2026-03-07T03:00:00.000Z');
  });
});

describe('the operations a search asks for', () => {
  it('joins groups and single actions into one set; none is every action', () => {
    expect(actionsAsked()).toBeUndefined();
    expect(new Set(actionsAsked(['settings'], ['auth.login']))).toEqual(new Set([...actionsOf('settings'), 'auth.login']));
    expect(errorOf(() => actionsAsked(['everything']))).toMatchObject({ code: 'INVALID_CONDITION' });
    expect(errorOf(() => actionsAsked([], ['auth.logout.forever']))).toMatchObject({ code: 'INVALID_CONDITION' });
  });

  it('checks saved conditions as a search would, keeping only what was given', () => {
    expect(checkConditions({ lastDays: 30, groups: ['signin'], actor: undefined })).toEqual({ lastDays: 30, groups: ['signin'] });
    expect(errorOf(() => checkConditions({ from: '2026-02-30', to: '2026-03-01' }))).toMatchObject({ code: 'INVALID_DATE' });
  });
});
