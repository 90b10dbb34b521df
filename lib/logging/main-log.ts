/**
 * The main log (supervisord.log): winston as the logging front with supervisord's levels and exact line format,
 * writing synchronously through our own transports (a RotatingFile, stdout, or syslog), so a line is in the file
 * before log() returns and rotation follows the reference.
 */
import * as fs from 'node:fs';
import * as winston from 'winston';
import TransportStream from 'winston-transport';
import { LEVELS, levelWord } from './levels';
import { LogReadError } from './read';
import { RotatingFile, writeAllSync } from './rotating-file';
import { SyslogWriter } from './syslog';
import { formatAsctime } from './text';

export interface MainLogOptions {
  /** Absolute path, 'syslog', or null for no log file. */
  logfile: string | null;
  maxbytes: number;
  backups: number;
  level: number;
  /** Also write every line to stdout (nodaemon and not silent). */
  echo: boolean;
}

const MESSAGE = Symbol.for('message');

/** winston levels, most severe first; names are supervisord's config names. */
const WINSTON_LEVELS: Record<string, number> = { critical: 0, error: 1, warn: 2, info: 3, debug: 4, trace: 5, blather: 6 };
const NAME_BY_LEVEL = new Map<number, string>([
  [LEVELS.CRIT, 'critical'], [LEVELS.ERRO, 'error'], [LEVELS.WARN, 'warn'], [LEVELS.INFO, 'info'],
  [LEVELS.DEBG, 'debug'], [LEVELS.TRAC, 'trace'], [LEVELS.BLAT, 'blather'],
]);
const LEVEL_BY_NAME = new Map([...NAME_BY_LEVEL].map(([n, name]) => [name, n]));

/** `2026-11-24 23:10:32,573 INFO message\n` */
const lineFormat = winston.format.printf((info) => {
  const level = LEVEL_BY_NAME.get(info.level) ?? LEVELS.INFO;
  return `${formatAsctime(new Date())} ${levelWord(level)} ${String(info.message)}\n`;
});

class LineTransport extends TransportStream {
  constructor(private readonly sink: (line: string) => void) {
    super();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.sink(info[MESSAGE] as string);
    next();
  }
}

export class MainLog {
  level: number;
  readonly path: string | null;
  private file: RotatingFile | null = null;
  private syslog: SyslogWriter | null = null;
  private readonly logger: winston.Logger;

  constructor(private readonly options: MainLogOptions) {
    this.level = options.level;
    const transports: TransportStream[] = [];
    if (options.logfile === 'syslog') {
      this.path = null;
      this.syslog = new SyslogWriter();
      transports.push(new LineTransport((line) => this.syslog?.write(line.slice(24))));
    } else if (options.logfile) {
      this.path = options.logfile;
      this.file = new RotatingFile(options.logfile, options.maxbytes, options.backups);
      transports.push(new LineTransport((line) => this.file?.write(line)));
    } else {
      this.path = null;
    }
    if (options.echo && options.logfile !== '/dev/stdout') {
      transports.push(new LineTransport((line) => writeStdout(line)));
    }
    this.logger = winston.createLogger({ levels: WINSTON_LEVELS, level: 'blather', format: lineFormat, transports });
  }

  isEnabled(level: number): boolean {
    return level >= this.level;
  }

  log(level: number, message: string): void {
    if (level < this.level) return;
    this.logger.log(NAME_BY_LEVEL.get(level) ?? 'info', message);
  }

  critical(m: string): void { this.log(LEVELS.CRIT, m); }
  error(m: string): void { this.log(LEVELS.ERRO, m); }
  warn(m: string): void { this.log(LEVELS.WARN, m); }
  info(m: string): void { this.log(LEVELS.INFO, m); }
  debug(m: string): void { this.log(LEVELS.DEBG, m); }
  trace(m: string): void { this.log(LEVELS.TRAC, m); }
  blather(m: string): void { this.log(LEVELS.BLAT, m); }

  reopen(): void {
    this.file?.reopen();
  }

  /** clearLog: the notice goes to the old file (and stdout) before the file is deleted and reopened empty. */
  clear(): void {
    if (!this.file || !this.path) throw new LogReadError('NO_FILE');
    this.info('reopening log file');
    if (!fs.existsSync(this.path)) throw new LogReadError('NO_FILE');
    this.file.removeAndReopen();
  }

  close(): void {
    this.file?.close();
    this.file = null;
    this.syslog?.close();
    this.logger.close();
  }
}

/** Synchronous stdout writes keep log order with the file. */
function writeStdout(line: string): void {
  try {
    writeAllSync(1, Buffer.from(line, 'utf8'));
  } catch {
    // stdout gone (EPIPE/EBADF): the file still has the line
  }
}
