import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../functions/core/audit/audit-entry.js';
import { canonicalEntry, chain, checkDay, entryHash, genesis, sealDay } from '../../../functions/core/audit/digest.js';

const entry = (id: string, at: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({ id, companyId: 'C1', at, actor: 'admin', actorAccountId: 'A1', action: 'employee.update', result: 'success', detail: { fields: 'familyName', employeeId: 'E1' }, ...extra });

const day = [entry('01B', '2026-03-01T09:00:00.000Z'), entry('01A', '2026-03-01T09:00:00.000Z'), entry('01C', '2026-03-01T23:59:59.999Z', { result: 'failure', action: 'auth.login' })];

describe('day digest', () => {
  it('does not depend on how the entries or their details are ordered', () => {
    const a = sealDay('C1', '2026-03-01', genesis('C1'), day, 'now');
    const reordered = [day[2]!, { ...day[0]!, detail: { employeeId: 'E1', fields: 'familyName' } }, day[1]!];
    expect(sealDay('C1', '2026-03-01', genesis('C1'), reordered, 'now').digest).toBe(a.digest);
    // Canonical order: time, then id.
    expect(a.entries.map(([id]) => id)).toEqual(['01A', '01B', '01C']);
    expect(a.count).toBe(3);
    expect(a.counts).toEqual({ 'employees#S': 2, 'signin#F': 1 });
  });

  it('leaves storage attributes out and changes with any fact of an entry', () => {
    const e = day[0]!;
    expect(canonicalEntry({ ...e, pk: 'x', expiresAtEpoch: 1 } as never)).toBe(canonicalEntry(e));
    for (const change of [{ sourceIp: '203.0.113.1' }, { result: 'failure' as const }, { detail: { fields: 'givenName', employeeId: 'E1' } }, { at: '2026-03-01T09:00:00.001Z' }]) {
      expect(entryHash({ ...e, ...change }), JSON.stringify(change)).not.toBe(entryHash(e));
    }
  });

  it('chains each day to the one before', () => {
    const first = sealDay('C1', '2026-03-01', genesis('C1'), day, 'now');
    const second = sealDay('C1', '2026-03-02', first.digest, [entry('01D', '2026-03-02T01:00:00.000Z')], 'now');
    expect(second.previous).toBe(first.digest);
    expect(sealDay('C1', '2026-03-02', genesis('C1'), [entry('01D', '2026-03-02T01:00:00.000Z')], 'now').digest).not.toBe(second.digest);
    // An empty day still moves the chain on from its previous day.
    expect(chain(first.digest, [])).toBe(first.digest);
    expect(genesis('C1')).not.toBe(genesis('C2'));
  });
});

describe('checking a sealed day', () => {
  const sealed = sealDay('C1', '2026-03-01', genesis('C1'), day, 'now');
  const record = { digest: sealed.digest, count: sealed.count, previous: sealed.previous };

  it('is ok for the same entries', () => {
    expect(checkDay('2026-03-01', [...day].reverse(), sealed, record, genesis('C1'))).toMatchObject({ status: 'ok', entries: 3, recorded: 3 });
  });

  it('names a changed, a removed and an added entry', () => {
    const changed = [day[0]!, { ...day[1]!, sourceIp: '203.0.113.9' }, day[2]!];
    expect(checkDay('2026-03-01', changed, sealed, record, undefined)).toMatchObject({ status: 'changed', changedIds: ['01A'], missingIds: [], addedIds: [] });
    expect(checkDay('2026-03-01', [day[0]!, day[2]!], sealed, record, undefined)).toMatchObject({ status: 'missing', missingIds: ['01A'], entries: 2, recorded: 3 });
    expect(checkDay('2026-03-01', [...day, entry('01Z', '2026-03-01T12:00:00.000Z')], sealed, record, undefined)).toMatchObject({ status: 'changed', addedIds: ['01Z'] });
  });

  it('without the locked copy, still tells changed from missing by the digest and the count', () => {
    expect(checkDay('2026-03-01', day, undefined, record, undefined).status).toBe('ok');
    expect(checkDay('2026-03-01', day.slice(1), undefined, record, undefined).status).toBe('missing');
    expect(checkDay('2026-03-01', [{ ...day[0]!, actor: 'x' }, day[1]!, day[2]!], undefined, record, undefined).status).toBe('changed');
  });

  it('sees a rewritten table copy or a broken link', () => {
    expect(checkDay('2026-03-01', day, sealed, { ...record, digest: 'f'.repeat(64) }, undefined).status).toBe('changed');
    expect(checkDay('2026-03-01', day, sealed, record, 'a'.repeat(64)).status).toBe('changed');
    expect(checkDay('2026-03-01', day, undefined, undefined, undefined).status).toBe('open');
  });
});
