import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, key, MAX_CURSOR_CHARS, type CursorShape } from '../../../functions/adapters/dynamodb/cursor.js';
import { domainErrorOf } from '../employees/helpers.js';

const listShape = (cid: string): CursorShape => ({
  pk: key.prefixed(`CO#${cid}#EMP#`, (id) => /^[0-9A-Z]{26}$/.test(id)),
  sk: key.exactly('#EMP'),
  gsi1pk: key.exactly(`CO#${cid}#EMPS`),
  gsi1sk: key.any(),
});
const start = { pk: 'CO#C1#EMP#01J0000000000000000000000A', sk: '#EMP', gsi1pk: 'CO#C1#EMPS', gsi1sk: '0012' };
const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const invalid = (cursor: string, shape: CursorShape = listShape('C1')) => domainErrorOf(() => decodeCursor(cursor, shape), 400, 'INVALID_CURSOR');

describe('the page cursor codec', () => {
  it('gives back the start key it made', () => {
    const cursor = encodeCursor(start)!;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(cursor, listShape('C1'))).toEqual(start);
  });

  it('has no cursor for the first and the last page', () => {
    expect(encodeCursor(undefined)).toBeNull();
    expect(decodeCursor(undefined, listShape('C1'))).toBeUndefined();
    expect(decodeCursor('', listShape('C1'))).toBeUndefined();
  });

  it('refuses another company’s cursor', () => {
    invalid(encodeCursor({ ...start, pk: 'CO#C2#EMP#01J0000000000000000000000A', gsi1pk: 'CO#C2#EMPS' })!);
    invalid(encodeCursor({ ...start, gsi1pk: 'CO#C2#EMPS' })!);
  });

  it.each([
    ['not base64url', '%%%'],
    ['base64 that is not JSON', 'eyJhIjox'],
    ['JSON that is not an object', raw([start])],
    ['a string', raw('x')],
    ['null', raw(null)],
    ['a foreign attribute', raw({ a: 1 })],
    ['an attribute too many', raw({ ...start, extra: 'x' })],
    ['an attribute missing', raw({ pk: start.pk, sk: start.sk, gsi1pk: start.gsi1pk })],
    ['a number where a string belongs', raw({ ...start, gsi1sk: 12 })],
    ['an object where a string belongs', raw({ ...start, gsi1sk: { S: 'x' } })],
    ['an empty key value', raw({ ...start, gsi1sk: '' })],
    ['a lone surrogate', raw({ ...start, gsi1sk: 'a\ud800' })],
    ['a key value over DynamoDB’s size', raw({ ...start, gsi1sk: 'x'.repeat(700) })],
    ['a wrong sort key', raw({ ...start, sk: '#SIGNIN' })],
    ['an id of the wrong form', raw({ ...start, pk: 'CO#C1#EMP#../x' })],
    ['__proto__ smuggling', Buffer.from(`{"__proto__":{"pk":"x"},"pk":"${start.pk}","sk":"#EMP","gsi1pk":"CO#C1#EMPS","gsi1sk":"1"}`).toString('base64url')],
  ])('refuses %s', (_name, cursor) => {
    invalid(cursor);
  });

  it('refuses a tampered cursor', () => {
    const cursor = encodeCursor(start)!;
    const tampered = cursor.slice(0, 10) + (cursor[10] === 'A' ? 'B' : 'A') + cursor.slice(11);
    invalid(tampered);
  });

  it('refuses an overlong cursor unread', () => {
    invalid('A'.repeat(MAX_CURSOR_CHARS + 1));
  });

  it('keeps sort keys inside the query’s bounds, and lets optional ones be absent', () => {
    const shape: CursorShape = { pk: key.oneOf(['P#2025-01', 'P#2024-12']), sk: key.optional(key.between('2024-12-01', '2025-01-31\uffff')) };
    expect(decodeCursor(raw({ pk: 'P#2025-01' }), shape)).toEqual({ pk: 'P#2025-01' });
    expect(decodeCursor(raw({ pk: 'P#2024-12', sk: '2024-12-05T00:00:00.000Z#X' }), shape)).toMatchObject({ sk: '2024-12-05T00:00:00.000Z#X' });
    invalid(raw({ pk: 'P#2024-11' }), shape);
    invalid(raw({ pk: 'P#2025-01', sk: '2025-02-01T00:00:00.000Z#X' }), shape);
    invalid(raw({ pk: 'P#2025-01', sk: '2024-11-30T00:00:00.000Z#X' }), shape);
  });
});
