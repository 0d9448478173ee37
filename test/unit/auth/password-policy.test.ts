import { describe, expect, it } from 'vitest';
import { passwordProblem } from '../../../functions/core/auth/password-policy.js';

describe('password policy', () => {
  it.each([
    ['short', 'too-short'],
    ['123456789', 'too-short'],
    ['Password123', 'common'],
    ['QWERTYUIOP', 'common'],
    ['my-yamada.taro-pass', 'same-as-login-id'],
    ['x'.repeat(257), 'too-long'],
  ])('refuses %s (%s)', (password, problem) => {
    expect(passwordProblem(password, 'yamada.taro')).toBe(problem);
  });

  it.each(['correct horse battery', 'すずめのとじまり2026', 'aaaaaaaaab', 'x'.repeat(64)])('accepts %s without composition rules', (password) => {
    expect(passwordProblem(password, 'yamada.taro')).toBeUndefined();
  });

  it('counts characters, not bytes', () => {
    expect(passwordProblem('ひらがなだけのぱすわ', 'x')).toBeUndefined();
    expect(passwordProblem('ひらがなだけのぱす', 'x')).toBe('too-short');
  });
});
