/**
 * An append-only log file with supervisord's size rotation: after each write, if size >= maxbytes, the file
 * becomes `.1` (older backups shift up to `.backups`) and a new empty file is opened. Writes are synchronous:
 * one syscall per chunk, no buffering, so a read right after a write sees the bytes and nothing is lost.
 * With maxbytes=0 the file is never stat'ed or rotated, so /dev/stdout and pipes work.
 */
import * as fs from 'node:fs';

/**
 * Writes every byte of `buf` to `fd` synchronously. A non-blocking target (a pipe or terminal) may be full for a
 * moment: EAGAIN is retried rather than dropping bytes; other errors are thrown.
 */
export function writeAllSync(fd: number, buf: Buffer): void {
  let offset = 0;
  while (offset < buf.length) {
    try {
      offset += fs.writeSync(fd, buf, offset, buf.length - offset);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}

export class RotatingFile {
  private fd: number | null = null;
  private size = 0;

  constructor(
    readonly path: string,
    private readonly maxbytes: number,
    private readonly backups: number,
    private readonly options: { mode?: number } = {},
  ) {
    this.open('a');
  }

  private open(flags: 'a' | 'w'): void {
    this.fd = fs.openSync(this.path, flags, this.options.mode ?? 0o666);
    this.size = this.maxbytes > 0 ? fs.fstatSync(this.fd).size : 0;
  }

  write(data: Buffer | string): void {
    if (this.fd === null) return;
    const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    writeAllSync(this.fd, buf);
    if (this.maxbytes > 0) {
      this.size += buf.length;
      if (this.size >= this.maxbytes) this.rotate();
    }
  }

  private rotate(): void {
    this.closeFd();
    if (this.backups > 0) {
      for (let i = this.backups - 1; i >= 1; i--) {
        const from = `${this.path}.${i}`;
        if (fs.existsSync(from)) fs.renameSync(from, `${this.path}.${i + 1}`);
      }
      fs.renameSync(this.path, `${this.path}.1`);
    }
    this.open('w');
  }

  /** SIGUSR2: reopen in append mode (an external logrotate may have moved the file). */
  reopen(): void {
    this.closeFd();
    this.open('a');
  }

  /** clearLog / clearProcessLogs: delete the file and start a new empty one. */
  removeAndReopen(): void {
    this.closeFd();
    try {
      fs.unlinkSync(this.path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    this.open('a');
  }

  private closeFd(): void {
    if (this.fd !== null) fs.closeSync(this.fd);
    this.fd = null;
  }

  close(): void {
    this.closeFd();
  }
}
