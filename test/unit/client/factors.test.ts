import { describe, expect, it } from 'vitest';
import { factorsDue } from '../../../functions/core/client/authenticate.js';
import { logonRequirement } from '../../../functions/core/groups/group.js';

const none = { password: false, otp: false };
const pw = { password: true, otp: false };
const otp = { password: false, otp: true };
const both = { password: true, otp: true };

describe('factorsDue (which factors a logon still needs)', () => {
  const either = logonRequirement(undefined);
  const pwOnly = logonRequirement({ firstFactor: 'password' });
  const pwThenOtp = logonRequirement({ firstFactor: 'password', secondFactor: 'otp' });
  const otpThenPw = logonRequirement({ firstFactor: 'otp', secondFactor: 'password' });

  it('no group: either factor alone, the password when nothing or both are offered (the code is not spent)', () => {
    expect(factorsDue(either, [], none)).toEqual({ due: ['password'], outOfTurn: false });
    expect(factorsDue(either, [], otp)).toEqual({ due: ['otp'], outOfTurn: false });
    expect(factorsDue(either, [], both)).toEqual({ due: ['password'], outOfTurn: false });
    expect(factorsDue(either, ['otp'], none)).toEqual({ due: [], outOfTurn: false });
  });

  it('a password-only group refuses an OTP, alone or beside the password', () => {
    expect(factorsDue(pwOnly, [], otp).outOfTurn).toBe(true);
    expect(factorsDue(pwOnly, [], both).outOfTurn).toBe(true);
    expect(factorsDue(pwOnly, [], pw)).toEqual({ due: ['password'], outOfTurn: false });
  });

  it('a two-factor group takes its factors in order: the second first is out of turn; both at once are fine', () => {
    expect(factorsDue(pwThenOtp, [], otp).outOfTurn).toBe(true);
    expect(factorsDue(pwThenOtp, [], both)).toEqual({ due: ['password', 'otp'], outOfTurn: false });
    expect(factorsDue(pwThenOtp, ['password'], otp)).toEqual({ due: ['otp'], outOfTurn: false });
    expect(factorsDue(pwThenOtp, ['password'], pw).outOfTurn).toBe(true);
    expect(factorsDue(otpThenPw, [], pw).outOfTurn).toBe(true);
    expect(factorsDue(otpThenPw, [], none)).toEqual({ due: ['otp', 'password'], outOfTurn: false });
  });
});
