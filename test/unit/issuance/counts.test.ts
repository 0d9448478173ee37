import { describe, expect, it } from 'vitest';
import { applyDeltas, COUNTER_NAMES, countDeltas, emptyCounts, recount, type CountedState, type Counts } from '../../../functions/core/issuance/counts.js';
import {
  INITIAL_ISSUANCE_STATE,
  ISSUANCE_EVENT_TYPES,
  PASSCODE_EVENT_TYPES,
  passcodeTransition,
  REACHABLE_STATES,
  transition,
} from '../../../functions/core/issuance/status.js';
import { seededRandom } from './seeded-random.js';

const newEmployee = (): CountedState => ({ ...INITIAL_ISSUANCE_STATE, passcode: 'unissued' });

describe('countDeltas', () => {
  it('counts a new employee in and a deleted one out', () => {
    // アカウント発行 is counted for everyone: it follows password and verification by itself.
    expect(countDeltas(undefined, newEmployee())).toEqual({ 'password#unissued': 1, 'verification#none': 1, 'passcode#unissued': 1, 'account#no': 1 });
    expect(countDeltas({ password: 'issued', verification: 'verified', passcode: 'issued' }, undefined)).toEqual({
      'password#issued': -1,
      'verification#verified': -1,
      'passcode#issued': -1,
      'account#yes': -1,
    });
  });

  it('moves one count per changed status and nothing for an unchanged one', () => {
    expect(countDeltas({ password: 'issuing', verification: 'pending' }, { password: 'issuing', verification: 'expired' })).toEqual({
      'verification#pending': -1,
      'verification#expired': 1,
    });
    expect(countDeltas({ password: 'issuing', verification: 'pending' }, { password: 'issuing', verification: 'pending' })).toEqual({});
    expect(countDeltas({ ...newEmployee(), passcode: 'unissued' }, { ...newEmployee(), passcode: 'issued' })).toEqual({
      'passcode#unissued': -1,
      'passcode#issued': 1,
    });
  });

  it('refuses a passcode on one side only, which would count an existing employee out', () => {
    expect(() => countDeltas(newEmployee(), INITIAL_ISSUANCE_STATE)).toThrow(/passcode/);
  });
});

describe('applyDeltas and recount', () => {
  it('start every counter at zero and leave the given counts alone', () => {
    const before: Partial<Counts> = { 'password#issued': 2 };
    const after = applyDeltas(before, { 'password#issued': -1, 'password#reissuing': 1 });
    expect(after).toEqual({ ...emptyCounts(), 'password#issued': 1, 'password#reissuing': 1 });
    expect(before).toEqual({ 'password#issued': 2 });
    expect(Object.keys(emptyCounts()).sort()).toEqual([...COUNTER_NAMES].sort());
    // password, verification, passcode, 2FA; 私用メールアドレス 有/無, アカウント発行 有/無, 登録用パスワード.
    expect(COUNTER_NAMES).toHaveLength(4 + 6 + 2 + 3 + 2 + 2 + 4);
  });

  it('recount counts each employee once per status kind', () => {
    const counts = recount([newEmployee(), { password: 'issued', verification: 'not_applicable', passcode: 'issued' }, { password: 'issued', verification: 'verified' }]);
    expect(counts).toMatchObject({ 'password#unissued': 1, 'password#issued': 2, 'verification#not_applicable': 1, 'passcode#issued': 1, 'passcode#unissued': 1 });
    // password and verification and アカウント発行 for all three, passcode for the two that give it.
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(3 + 3 + 3 + 2);
    expect(counts).toMatchObject({ 'account#no': 1, 'account#yes': 2 });
  });

  it('moves アカウント発行 with the issuance statuses, and the self-registration facts where given', () => {
    // A request mail does not hand out an account; the verified link's notice does.
    expect(countDeltas({ password: 'unissued', verification: 'none' }, { password: 'issuing', verification: 'pending' })).not.toHaveProperty('account#no');
    expect(countDeltas({ password: 'issuing', verification: 'pending' }, { password: 'issuing', verification: 'verified_pending_login' })).toMatchObject({ 'account#no': -1, 'account#yes': 1 });
    // A completed self-registration: 私用メールアドレス 有, 使用済, and an account.
    expect(
      countDeltas(
        { password: 'unissued', verification: 'none', privateEmail: 'no', registration: 'issued' },
        { password: 'issued', verification: 'verified', privateEmail: 'yes', registration: 'used' },
      ),
    ).toEqual({
      'password#unissued': -1, 'password#issued': 1, 'verification#none': -1, 'verification#verified': 1,
      'privateEmail#no': -1, 'privateEmail#yes': 1, 'registration#issued': -1, 'registration#used': 1, 'account#no': -1, 'account#yes': 1,
    });
  });

  it('shows drift when deltas are computed from a stale state (what the conditional write prevents)', () => {
    const stored: CountedState = { password: 'issued', verification: 'verified', passcode: 'unissued' };
    const stale: CountedState = { password: 'issued', verification: 'not_applicable', passcode: 'unissued' };
    const next: CountedState = { password: 'reissuing', verification: 'pending', passcode: 'unissued' };
    const counts = applyDeltas(recount([stored]), countDeltas(stale, next));
    expect(counts).not.toEqual(recount([next]));
  });
});

describe('counters equal a full recount over random valid sequences', () => {
  it.each([1, 2, 3, 42, 2026, 31337, 65535, 99991])('seed %i', (seed) => {
    const rng = seededRandom(seed);
    const employees = new Map<number, CountedState>();
    let counts = emptyCounts();
    let nextId = 0;
    let applied = 0;
    const visited = new Set<string>();

    for (let step = 0; step < 3000; step++) {
      const ids = [...employees.keys()];
      const roll = rng.below(100);
      if (roll < 8 || ids.length === 0) {
        const created = newEmployee();
        employees.set(nextId++, created);
        counts = applyDeltas(counts, countDeltas(undefined, created));
        continue;
      }
      const id = ids[rng.below(ids.length)]!;
      const before = employees.get(id)!;
      if (roll < 10) {
        employees.delete(id);
        counts = applyDeltas(counts, countDeltas(before, undefined));
        continue;
      }
      let after: CountedState | undefined;
      if (roll < 25) {
        const result = passcodeTransition(before.passcode!, { type: PASSCODE_EVENT_TYPES[rng.below(PASSCODE_EVENT_TYPES.length)]! });
        if (result.ok) after = { ...before, passcode: result.next };
      } else {
        const result = transition(before, { type: ISSUANCE_EVENT_TYPES[rng.below(ISSUANCE_EVENT_TYPES.length)]! });
        if (result.ok) after = { ...result.next, passcode: before.passcode };
      }
      if (!after) continue;
      applied++;
      visited.add(`${after.password}/${after.verification}`);
      employees.set(id, after);
      counts = applyDeltas(counts, countDeltas(before, after));
      if (step % 100 === 0) expect(counts).toEqual(recount(employees.values()));
    }

    expect(counts).toEqual(recount(employees.values()));
    expect(Object.values(counts).every((n) => n >= 0)).toBe(true);
    // The walk must have exercised the model, or equality would prove little.
    expect(applied).toBeGreaterThan(500);
    expect([...visited].sort()).toEqual(REACHABLE_STATES.map((s) => `${s.password}/${s.verification}`).sort());
  });
});
