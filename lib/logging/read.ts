/** Byte-offset reads of log files for the read*Log and tail*Log RPCs (logging-and-http.md §6). */
import * as fs from 'node:fs';

export class LogReadError extends Error {
  constructor(
    readonly kind: 'BAD_ARGUMENTS' | 'NO_FILE' | 'FAILED',
    message?: string,
  ) {
    super(message ?? kind);
  }
}

function readRange(fd: number, start: number, end: number): Buffer {
  const length = Math.max(0, end - start);
  const buf = Buffer.allocUnsafe(length);
  let done = 0;
  while (done < length) {
    const n = fs.readSync(fd, buf, done, length - done, start + done);
    if (n === 0) break;
    done += n;
  }
  return buf.subarray(0, done);
}

function openForRead(path: string): number {
  try {
    return fs.openSync(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new LogReadError('NO_FILE');
    throw new LogReadError('FAILED');
  }
}

/** readLog semantics: (offset>=0,len>0) slice; (offset>=0,0) to end; (offset<0,0) last |offset| bytes. */
export function readLogRange(path: string, offset: number, length: number): Buffer {
  if ((offset < 0 && length !== 0) || length < 0) throw new LogReadError('BAD_ARGUMENTS');
  const fd = openForRead(path);
  try {
    const size = fs.fstatSync(fd).size;
    if (offset < 0) return readRange(fd, Math.max(0, size + offset), size);
    if (offset >= size) return Buffer.alloc(0);
    return readRange(fd, offset, length === 0 ? size : Math.min(size, offset + length));
  } catch (err) {
    if (err instanceof LogReadError) throw err;
    throw new LogReadError('FAILED');
  } finally {
    fs.closeSync(fd);
  }
}

/** tail*Log semantics: always the tail end of the file; the new offset is the current size. */
export function tailLog(path: string | null, offset: number, length: number): { data: Buffer; offset: number; overflow: boolean } {
  const empty = { data: Buffer.alloc(0), offset: 0, overflow: false };
  if (path === null) return empty;
  let fd: number;
  try {
    fd = fs.openSync(path, 'r');
  } catch {
    return empty;
  }
  try {
    const size = fs.fstatSync(fd).size;
    const overflow = size > offset + length;
    let data: Buffer = Buffer.alloc(0);
    if (length > 0 && (overflow || offset < size)) data = readRange(fd, Math.max(0, size - length), size);
    return { data, offset: size, overflow };
  } finally {
    fs.closeSync(fd);
  }
}
