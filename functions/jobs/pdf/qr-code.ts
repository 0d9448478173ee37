import QRCode from 'qrcode';

// Error correction M survives a crease or a smudge on paper and keeps a sign-in URL at a small
// version. Eight pixels per module and the standard four-module quiet zone stay sharp when
// the image is printed at about 30 mm, whatever the viewer's image smoothing.
const PIXELS_PER_MODULE = 8;

/** A PNG of `text` as a QR code, black on white with its quiet zone. */
export async function qrCodePng(text: string): Promise<Uint8Array> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: PIXELS_PER_MODULE });
}
