/**
 * File type by content (magic bytes). The client's Content-Type and file name are never trusted: a text file
 * renamed `photo.jpg` is not a photo. Only the types intake accepts are recognised; anything else is null.
 */
export const acceptedMimes = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf'] as const;
export type AcceptedMime = (typeof acceptedMimes)[number];

/** How many leading bytes `sniffMime` needs to decide. */
export const SNIFF_BYTES = 16;

const startsWith = (buf: Uint8Array, sig: readonly number[], at = 0) =>
  buf.length >= at + sig.length && sig.every((b, i) => buf[at + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

const JPEG = [0xff, 0xd8, 0xff];
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const RIFF = ascii('RIFF');
const WEBP = ascii('WEBP');
const FTYP = ascii('ftyp');
// ISO-BMFF major brands of HEIF/HEIC stills as phones write them (iPhone: heic; some Android: mif1).
const HEIC_BRANDS = ['heic', 'heix', 'mif1'].map(ascii);
const PDF = ascii('%PDF-');

export function sniffMime(head: Uint8Array): AcceptedMime | null {
  if (startsWith(head, JPEG)) return 'image/jpeg';
  if (startsWith(head, PNG)) return 'image/png';
  if (startsWith(head, RIFF) && startsWith(head, WEBP, 8)) return 'image/webp';
  if (startsWith(head, FTYP, 4) && HEIC_BRANDS.some((b) => startsWith(head, b, 8))) return 'image/heic';
  if (startsWith(head, PDF)) return 'application/pdf';
  return null;
}
