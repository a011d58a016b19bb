/**
 * Content-addressed file storage under UPLOAD_DIR (ARCHITECTURE rule 7): the bytes of a file live at
 * `<dir>/<sha[0..2]>/<sha>`. An upload streams into `<dir>/.tmp/` (same file system, so the final rename is
 * atomic: readers never see a half-written file) while hashing; identical content ends up as one file.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AppError } from '@grassroots/shared/common/errors';
import { type AcceptedMime, SNIFF_BYTES, sniffMime } from './sniff.js';

export interface StagedFile {
  tmpPath: string;
  sha256: string;
  size: number;
  /** By content; null when the bytes are of no accepted type. */
  mime: AcceptedMime | null;
  originalName: string | null;
}

const SHA_PATTERN = /^[0-9a-f]{64}$/;

export class AttachmentStorage {
  constructor(private readonly dir: string) {}

  pathOf(sha256: string) {
    // The sha comes from our own rows, but a path is built from it: refuse anything but a hex digest.
    if (!SHA_PATTERN.test(sha256)) throw new Error(`not a sha256: ${sha256}`);
    return join(this.dir, sha256.slice(0, 2), sha256);
  }

  /** Streams one upload into a temp file, hashing and sniffing on the way. A truncated stream ⇒ 413. */
  async stage(stream: Readable & { truncated?: boolean }, originalName: string | null): Promise<StagedFile> {
    const tmpDir = join(this.dir, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpPath = join(tmpDir, randomBytes(16).toString('hex'));
    const hash = createHash('sha256');
    let head = Buffer.alloc(0);
    let size = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        size += chunk.length;
        if (head.length < SNIFF_BYTES) head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
        done(null, chunk);
      },
    });
    try {
      await pipeline(stream, tap, createWriteStream(tmpPath, { mode: 0o640 }));
    } catch (err) {
      await rm(tmpPath, { force: true });
      throw err;
    }
    // @fastify/multipart ends a file at its size limit and marks it truncated.
    if (stream.truncated) {
      await rm(tmpPath, { force: true });
      throw new AppError('PAYLOAD_TOO_LARGE', { file: originalName });
    }
    const name = originalName ? originalName.slice(0, 200) : null;
    return { tmpPath, sha256: hash.digest('hex'), size, mime: sniffMime(head), originalName: name };
  }

  /** Moves a staged file to its content address (atomic; replacing an identical file is harmless). */
  async commit(file: StagedFile) {
    const target = this.pathOf(file.sha256);
    await mkdir(join(this.dir, file.sha256.slice(0, 2)), { recursive: true });
    await rename(file.tmpPath, target);
  }

  /** Removes temp files that were not committed (already-committed ones are gone from .tmp: no-op). */
  async discard(files: StagedFile[]) {
    await Promise.all(files.map((f) => rm(f.tmpPath, { force: true })));
  }
}
