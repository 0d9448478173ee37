// qrcode's main module also loads its PNG encoder (pngjs) and its terminal and canvas renderers:
// about 35 KiB of the mfa bundle that never run. These are the two steps its
// toString(text, { type: 'svg' }) takes, imported alone.
import type { QRCodeErrorCorrectionLevel } from 'qrcode';
import { create } from 'qrcode/lib/core/qrcode.js';
import { render } from 'qrcode/lib/renderer/svg-tag.js';

/** The QR code of `text` as an SVG tag, as `QRCode.toString(text, { type: 'svg', ... })` draws it. */
export function qrSvg(text: string, options: { errorCorrectionLevel: QRCodeErrorCorrectionLevel; margin: number }): string {
  return render(create(text, options), options);
}
