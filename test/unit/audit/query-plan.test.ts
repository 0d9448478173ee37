import { describe, expect, it } from 'vitest';
import { actionsOf } from '../../../functions/core/audit/actions.js';
import { matchesFilter, planSearch, unfiltered } from '../../../functions/core/audit/query-plan.js';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';

const U = '01J00000000000000000000USR';

describe('query planning', () => {
  it('reads the whole company log as 8 groups × 2 results when nothing narrows it, with no filter', () => {
    const streams = planSearch({});
    expect(streams).toHaveLength(16);
    expect(streams.every((s) => s.partition.kind === 'log')).toBe(true);
    expect(unfiltered(streams)).toBe(true);
  });

  it('reads only the asked group’s partitions for a whole group, and only one result when asked', () => {
    expect(planSearch({ actions: actionsOf('employees') })).toEqual([
      { partition: { kind: 'log', group: 'employees', result: 'success' }, filter: {} },
      { partition: { kind: 'log', group: 'employees', result: 'failure' }, filter: {} },
    ]);
    expect(planSearch({ actions: actionsOf('settings'), result: 'failure' })).toEqual([{ partition: { kind: 'log', group: 'settings', result: 'failure' }, filter: {} }]);
  });

  it('filters a group by action only when part of it is asked', () => {
    const streams = planSearch({ actions: ['employee.update', ...actionsOf('mail')] });
    expect(streams.map((s) => [s.partition.kind === 'log' && s.partition.group, s.filter])).toEqual([
      ['employees', { actions: ['employee.update'] }],
      ['employees', { actions: ['employee.update'] }],
      ['mail', {}],
      ['mail', {}],
    ]);
  });

  it('reads one account’s partition for an acting or a target user, filtering the rest', () => {
    expect(planSearch({ actor: { accountId: U }, result: 'failure', actions: ['auth.login'] })).toEqual([
      { partition: { kind: 'actor', accountId: U }, filter: { actions: ['auth.login'], result: 'failure' } },
    ]);
    expect(planSearch({ actor: { login: 'ghost' } })).toEqual([{ partition: { kind: 'actorLogin', login: 'ghost' }, filter: {} }]);
    expect(planSearch({ targetAccountId: U })).toEqual([{ partition: { kind: 'target', accountId: U }, filter: {} }]);
    expect(planSearch({ actor: { accountId: 'A' }, targetAccountId: U })).toEqual([{ partition: { kind: 'actor', accountId: 'A' }, filter: { targetAccountId: U } }]);
  });

  it('reads a person’s history from both their partitions', () => {
    expect(planSearch({ user: U, result: 'success' })).toEqual([
      { partition: { kind: 'actor', accountId: U }, filter: { result: 'success' } },
      { partition: { kind: 'target', accountId: U }, filter: { result: 'success' } },
    ]);
  });

  it('filters entries as DynamoDB would', () => {
    const e = { action: 'employee.update', result: 'success', actorAccountId: 'A', targetAccountId: U } as AuditEntry;
    expect(matchesFilter(e, {})).toBe(true);
    expect(matchesFilter(e, { actions: ['employee.update'], targetAccountId: U })).toBe(true);
    expect(matchesFilter(e, { result: 'failure' })).toBe(false);
    expect(matchesFilter(e, { actorAccountId: 'B' })).toBe(false);
  });
});
