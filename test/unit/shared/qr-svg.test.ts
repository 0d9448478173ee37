import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { qrSvg } from '../../../functions/shared/qr-svg.js';

describe('qrSvg', () => {
  it.each(['otpauth://totp/kagi%20(%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE%E3%83%87%E3%83%A2):admin?secret=JBSWY3DPEHPK3PXP&issuer=kagi', 'x', 'a'.repeat(300)])(
    'draws what QRCode.toString draws as SVG (%#)',
    async (text) => {
      expect(qrSvg(text, { errorCorrectionLevel: 'M', margin: 2 })).toBe(await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }));
    },
  );

  it('changes with the text', () => {
    expect(qrSvg('a', { errorCorrectionLevel: 'M', margin: 2 })).not.toBe(qrSvg('b', { errorCorrectionLevel: 'M', margin: 2 }));
  });
});
