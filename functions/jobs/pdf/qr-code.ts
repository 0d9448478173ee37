import QRCode from 'qrcode';

// Error correction M survives a crease or a smudge on paper and keeps a sign-in URL at a small
// version. Four whole pixels per module keep the edges square when the image is printed at
// about 30 mm, while the image stays small: pdf-lib decodes and re-compresses the PNG for every
// document, which at eight pixels per module was 40% of rendering a one-page notice.
const PIXELS_PER_MODULE = 4;

/** A PNG of `text` as a QR code, black on white with its quiet zone. */
export async function qrCodePng(text: string): Promise<Uint8Array> {
  return QRCode.toBuffer(text, { type: 'png', errorCorrectionLevel: 'M', margin: 4, scale: PIXELS_PER_MODULE });
}
