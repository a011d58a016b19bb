import { describe, expect, it } from 'vitest';
import { sniffMime } from './sniff.js';

const bytes = (...parts: (number[] | string)[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

describe('sniffMime', () => {
  it('recognises each accepted type by its magic bytes', () => {
    expect(sniffMime(bytes([0xff, 0xd8, 0xff, 0xe0, 0, 0x10], 'JFIF'))).toBe('image/jpeg');
    expect(sniffMime(bytes([0x89], 'PNG', [0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toBe('image/png');
    expect(sniffMime(bytes('RIFF', [0x24, 0, 0, 0], 'WEBPVP8 '))).toBe('image/webp');
    expect(sniffMime(bytes([0, 0, 0, 0x18], 'ftypheic', [0, 0, 0, 0]))).toBe('image/heic');
    expect(sniffMime(bytes([0, 0, 0, 0x18], 'ftypheix'))).toBe('image/heic');
    expect(sniffMime(bytes([0, 0, 0, 0x1c], 'ftypmif1'))).toBe('image/heic');
    expect(sniffMime(bytes('%PDF-1.7\n'))).toBe('application/pdf');
  });

  it('refuses everything else, including near misses and truncated signatures', () => {
    expect(sniffMime(bytes('hello, I am a text file named photo.jpg'))).toBeNull();
    expect(sniffMime(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffMime(bytes('GIF89a'))).toBeNull();
    expect(sniffMime(bytes([0xff, 0xd8]))).toBeNull(); // truncated JPEG
    expect(sniffMime(bytes([0x89], 'PNG', [0x0d, 0x0a]))).toBeNull(); // truncated PNG
    expect(sniffMime(bytes('RIFF', [0, 0, 0, 0], 'WAVEfmt '))).toBeNull(); // RIFF but audio
    expect(sniffMime(bytes([0, 0, 0, 0x18], 'ftypisom'))).toBeNull(); // MP4 video
    expect(sniffMime(bytes(' %PDF-1.7'))).toBeNull(); // not at offset 0
    expect(sniffMime(new Uint8Array())).toBeNull();
  });
});
