/**
 * One output channel (stdout or stderr) of a running child: every chunk read from its pipe goes through here to
 * the log file, syslog, the main log (at debug level), PROCESS_LOG events and capture mode (logging-and-http.md §1).
 * The common case — a plain log file — is a single synchronous write of the chunk as it came.
 */
import { LEVELS } from './levels';
import { MainLog } from './main-log';
import { RotatingFile } from './rotating-file';
import { SyslogWriter } from './syslog';
import { decodeForDisplay } from './text';

const BEGIN_TOKEN = Buffer.from('<!--XSUPERVISOR:BEGIN-->');
const END_TOKEN = Buffer.from('<!--XSUPERVISOR:END-->');
const EMPTY = Buffer.alloc(0);
/** ANSI escape sequences as the reference strips them: ESC [ ... up to the first terminator character. */
const ANSI = /\x1b\[[^HfABCDRsuJKhlpm]*[HfABCDRsuJKhlpm]/g;

export interface OutputChannelOptions {
  processName: string;
  channel: 'stdout' | 'stderr';
  file: RotatingFile | null;
  syslog: boolean;
  mainLog: MainLog;
  stripAnsi: boolean;
  captureMaxbytes: number;
  onLogEvent?: (data: Buffer) => void;
  onCommEvent?: (data: Buffer) => void;
  /** Shared syslog writer for `*_syslog=true`. */
  syslogWriter?: SyslogWriter;
}

export class OutputChannel {
  private readonly file: RotatingFile | null;
  private pending: Buffer = EMPTY;
  private capturing = false;
  private capture: Buffer = EMPTY;
  private readonly simple: boolean;

  constructor(private readonly options: OutputChannelOptions) {
    this.file = options.file;
    this.simple = !options.syslog && !options.stripAnsi && options.captureMaxbytes <= 0 && !options.onLogEvent;
  }

  /** `transient` is valid only during the call (the reader reuses its buffer): whatever is kept is a copy. */
  write(transient: Buffer): void {
    if (this.simple && !this.options.mainLog.isEnabled(LEVELS.DEBG)) {
      if (transient.length > 0) this.file?.write(transient);
      return;
    }
    // Events hold on to their data (payloads are built lazily), and capture mode keeps partial tokens.
    const chunk = Buffer.from(transient);
    if (this.options.captureMaxbytes <= 0) {
      this.record(chunk);
      return;
    }
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    this.scanForTokens();
  }

  clearCapture(): void {
    this.capture = EMPTY;
  }

  /** Capture mode: text between BEGIN and END tokens becomes one PROCESS_COMMUNICATION event. */
  private scanForTokens(): void {
    for (;;) {
      const token = this.capturing ? END_TOKEN : BEGIN_TOKEN;
      // The reference only looks once it holds more than a token's length; shorter leftovers wait for more output.
      if (this.pending.length <= token.length) return;
      const data = this.pending;
      this.pending = EMPTY;
      const at = data.indexOf(token);
      if (at < 0) {
        const keep = partialTokenAtEnd(data, token);
        this.pending = keep > 0 ? data.subarray(data.length - keep) : EMPTY;
        this.record(keep > 0 ? data.subarray(0, data.length - keep) : data);
        return;
      }
      this.record(data.subarray(0, at));
      this.toggleCapture();
      this.pending = data.subarray(at + token.length);
      if (this.pending.length === 0) return;
    }
  }

  private toggleCapture(): void {
    this.capturing = !this.capturing;
    if (this.capturing) return;
    const data = this.capture;
    this.capture = EMPTY;
    this.options.onCommEvent?.(data);
    this.options.mainLog.debug(`'${this.options.processName}' ${this.options.channel} emitted a comm event`);
  }

  /** Everything but token scanning: strip, file (or capture buffer), syslog, debug echo, PROCESS_LOG event. */
  private record(raw: Buffer): void {
    if (raw.length === 0) return;
    let data = raw;
    if (this.options.stripAnsi) data = Buffer.from(data.toString('latin1').replace(ANSI, ''), 'latin1');
    if (this.capturing) {
      this.appendCapture(data);
    } else {
      this.file?.write(data);
      if (this.options.syslog) this.toSyslog(data);
    }
    const log = this.options.mainLog;
    if (log.isEnabled(LEVELS.DEBG)) {
      log.debug(`'${this.options.processName}' ${this.options.channel} output:\n${decodeForDisplay(data)}`);
    }
    this.options.onLogEvent?.(data);
  }

  /** Bounded capture buffer: a write that would overflow drops that many of the oldest bytes first. */
  private appendCapture(data: Buffer): void {
    let current = this.capture;
    if (current.length + data.length > this.options.captureMaxbytes) current = current.subarray(data.length);
    this.capture = Buffer.concat([current, data]);
  }

  private toSyslog(data: Buffer): void {
    const writer = this.options.syslogWriter;
    if (!writer) return;
    for (const line of decodeForDisplay(data).replace(/\n$/, '').split('\n')) {
      writer.write(`${this.options.processName} ${line}`);
    }
  }
}

/** Length of the longest suffix of `data` that is a proper prefix of `token`. */
function partialTokenAtEnd(data: Buffer, token: Buffer): number {
  for (let n = Math.min(token.length - 1, data.length); n > 0; n--) {
    if (data.subarray(data.length - n).equals(token.subarray(0, n))) return n;
  }
  return 0;
}
