import { ScureBase32Plugin } from 'otplib';
import QRCode from 'qrcode';
import type { Random } from '../random';

/** 160 bits, as RFC 4226 recommends and authenticator apps expect. */
const secretBytes = 20;
const base32 = new ScureBase32Plugin();

/** A new TOTP secret (base32) from the engine's random source. */
export function newTotpSecret(random: Random): string {
  return base32.encode(new Uint8Array(random.bytes(secretBytes)));
}

/**
 * The `otpauth://` URI every authenticator app scans (Google's Key Uri Format), with the TOTP
 * parameters spelt out even where they are the defaults: SHA-1, 6 digits, 30 seconds.
 */
export function otpauthUri(issuer: string, upn: string, secret: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(upn)}`;
  return `otpauth://totp/${label}?secret=${secret}&issuer=${encodeURIComponent(issuer)}&algorithm=SHA1&digits=6&period=30`;
}

/**
 * The URI as a QR code in an SVG data URL, made here in the main process, so the renderer gets a
 * picture and never the secret as text.
 */
export async function qrSvgDataUrl(uri: string): Promise<string> {
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;
}
