/**
 * Follows a log file for GET /logtail and /mainlogtail: the last bytes first, then what is appended; a new
 * inode at the path (rotation, clear) is followed from its start. One timer per follower, only while followed.
 */
import * as fs from 'node:fs';

export function followFile(
  path: string,
  onData: (chunk: Buffer) => void,
  options: { initialBytes?: number; intervalMs?: number } = {},
): { stop(): void } {
  const initialBytes = options.initialBytes ?? 1024;
  let fd: number | null = null;
  let ino = 0;
  let position = 0;

  const open = (fromStart: boolean): boolean => {
    try {
      fd = fs.openSync(path, 'r');
    } catch {
      fd = null;
      return false;
    }
    const st = fs.fstatSync(fd);
    ino = st.ino;
    position = fromStart ? 0 : Math.max(0, st.size - initialBytes);
    return true;
  };

  const pump = (): void => {
    if (fd === null) {
      if (!open(true)) return;
    }
    let st: fs.Stats | null = null;
    try {
      st = fs.statSync(path);
    } catch {
      st = null;
    }
    const current = fs.fstatSync(fd!);
    if (current.size < position) {
      onData(Buffer.from('==> File truncated <==\n'));
      position = current.size;
    }
    readNew();
    if (st && st.ino !== ino) {
      fs.closeSync(fd!);
      fd = null;
      if (open(true)) readNew();
    }
  };

  const readNew = (): void => {
    const buf = Buffer.allocUnsafe(65536);
    for (;;) {
      const n = fs.readSync(fd!, buf, 0, buf.length, position);
      if (n <= 0) return;
      position += n;
      onData(Buffer.from(buf.subarray(0, n)));
    }
  };

  if (open(false)) readNew();
  const timer = setInterval(pump, options.intervalMs ?? 100);
  return {
    stop(): void {
      clearInterval(timer);
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}
