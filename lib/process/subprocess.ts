/**
 * One supervised child: supervisord's process state machine, driven by events instead of a polling loop.
 * Timers exist only while something is pending (startsecs, backoff delay, stop escalation, restart pacing);
 * an idle process costs nothing. Every state change goes through `changeState`, which emits the event.
 */
import * as fs from 'node:fs';
import { ProcessConfig } from '../config/types';
import { OutputChannel } from '../logging/output-channel';
import { RotatingFile } from '../logging/rotating-file';
import { processStateEvent } from '../events/event';
import { groupsOfUser, lookupUser } from '../config/passwd';
import { CommandError, resolveCommand, searchPath } from './command';
import { childEnvironment } from './environment';
import { describeExit, ExitInfo } from './exit-status';
import { burstCompactor } from './heap-compaction';
import { ProcessHost } from './host';
import * as messages from './messages';
import { readPacer } from './read-pacing';
import { signalName } from './signals';
import { OutputHandler, SpawnedChild, SpawnRequest, spawnProgram } from './spawner';
import { ProcessState, processStateName } from './states';

/** Minimum time between two automatic restarts of a program that keeps exiting at once (the reference's ~1 s pace). */
const RESTART_PACE_MS = 1000;
/** How long to keep reading a dead child's pipes when a grandchild still holds them open. */
const DRAIN_GRACE_MS = 200;

export type ChannelName = 'stdout' | 'stderr';

/** Hooks for the owner of a process (its group or listener pool). */
export interface ProcessObserver {
  stateChanged(proc: Subprocess, from: ProcessState): void;
  /** Listener pools take the stdout protocol stream (it is still logged); `chunk` is valid only during the call. */
  stdoutChunk?(proc: Subprocess, chunk: Buffer): void;
}

export class Subprocess {
  state = ProcessState.STOPPED;
  pid = 0;
  /** Epoch seconds (float) of the last spawn attempt; 0 = never started. */
  laststart = 0;
  /** Epoch seconds (float) of the last exit. */
  laststop = 0;
  /** Consecutive failed starts. */
  backoff = 0;
  spawnerr: string | null = null;
  exitstatus: number | null = null;
  /** A stop signal was sent and we are waiting for the exit. */
  killing = false;
  /** Resolved log file paths (AUTO names are assigned when the group is activated). */
  logPaths: Record<ChannelName, string | null> = { stdout: null, stderr: null };

  private child: SpawnedChild | null = null;
  private files: RotatingFile[] = [];
  private channels: Partial<Record<ChannelName, OutputChannel>> = {};
  private timer: NodeJS.Timeout | null = null;
  private readonly changeListeners = new Set<() => void>();

  constructor(
    readonly config: ProcessConfig,
    private readonly host: ProcessHost,
    private readonly observer: ProcessObserver,
    /** fd the child gets as stdin instead of a pipe (fcgi-program sockets). */
    private readonly stdinFd: () => number | null = () => null,
  ) {}

  get name(): string {
    return this.config.name;
  }

  get groupName(): string {
    return this.config.groupName;
  }

  /** Canonical namespec: `name` when group == name, else `group:name`. */
  get namespec(): string {
    return this.groupName === this.name ? this.name : `${this.groupName}:${this.name}`;
  }

  /** Called whenever the state changes; returns an unsubscribe function. Used by waiting RPC calls. */
  onChange(listener: () => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  // ---------------------------------------------------------------- automatic behaviour

  /** Startup / group activation: spawn if autostart and never started (reference's STOPPED+laststart==0 rule). */
  autostart(): void {
    if (this.state === ProcessState.STOPPED && !this.laststart && this.config.autostart && this.host.autoStartAllowed()) {
      this.spawn();
    }
  }

  private scheduleTimer(ms: number, action: () => void): void {
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      action();
    }, Math.max(0, ms));
  }

  private clearTimer(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }

  private changeState(to: ProcessState, expected = true): void {
    const from = this.state;
    if (from === to) return;
    this.state = to;
    if (to === ProcessState.BACKOFF) this.backoff += 1;
    this.host.bus.publish(
      processStateEvent('PROCESS_STATE_' + processStateName(to), {
        processName: this.name,
        groupName: this.groupName,
        fromState: processStateName(from),
        pid: this.pid,
        tries: this.backoff,
        expected,
      }),
    );
    this.observer.stateChanged(this, from);
    for (const listener of [...this.changeListeners]) listener();
  }

  private enterBackoff(): void {
    this.changeState(ProcessState.BACKOFF);
    this.decideBackoff();
  }

  /** BACKOFF → FATAL (too many retries, or a shutdown caught it in BACKOFF). */
  giveUp(): void {
    this.clearTimer();
    this.backoff = 0;
    this.changeState(ProcessState.FATAL);
  }

  private enterRunning(): void {
    this.clearTimer();
    this.backoff = 0;
    this.changeState(ProcessState.RUNNING);
    this.host.log.info(messages.success(this.name, this.config.startsecs));
  }

  // ---------------------------------------------------------------- spawning

  /** Validates the command without spawning (startProcess faults early with NO_FILE / NOT_EXECUTABLE). */
  checkCommand(): void {
    resolveCommand(this.config.command, searchPath(this.config.environment, this.host.daemonEnv));
  }

  spawn(): void {
    if (this.pid) {
      this.host.log.warn(messages.alreadyRunning(this.name));
      return;
    }
    this.clearTimer();
    this.killing = false;
    this.spawnerr = null;
    this.exitstatus = null;
    this.laststart = Date.now() / 1000;
    this.changeState(ProcessState.STARTING);

    let filename: string;
    let argv: string[];
    try {
      ({ filename, argv } = resolveCommand(this.config.command, searchPath(this.config.environment, this.host.daemonEnv)));
    } catch (err) {
      if (!(err instanceof CommandError)) throw err;
      this.recordSpawnError(err.message);
      return;
    }

    const childSideFailure = this.childSideFailure();
    let child: SpawnedChild;
    try {
      this.openLogs();
      const req = childSideFailure ? this.failureReporter(childSideFailure) : this.spawnRequest(filename, argv);
      child = spawnProgram(req, this.outputHandler());
    } catch (err) {
      this.closeLogs();
      this.recordSpawnError(messages.spawnSyscallError(this.name, err as NodeJS.ErrnoException));
      return;
    }
    this.attach(child);
    this.host.log.info(messages.spawned(this.name, this.pid));
    burstCompactor.noteStart();
    if (this.config.startsecs <= 0) {
      // startsecs=0: nothing to wait for (the reference's next transition pass makes it RUNNING at once).
      this.enterRunning();
    } else {
      // RUNNING once `now - laststart > startsecs` (strictly greater).
      this.scheduleTimer(this.config.startsecs * 1000 + 1, () => {
        if (this.state === ProcessState.STARTING) this.enterRunning();
      });
    }
  }

  private recordSpawnError(message: string): void {
    this.spawnerr = message;
    this.host.log.info(messages.spawnerr(message));
    this.enterBackoff();
  }

  /**
   * Failures the reference detects in the forked child (chdir, setuid) and reports on the child's stderr before
   * `_exit(127)`. We detect them before spawning and run a tiny reporter so clients observe the same thing.
   */
  private childSideFailure(): string | null {
    const dir = this.config.directory;
    if (dir !== null) {
      try {
        if (!fs.statSync(dir).isDirectory()) return messages.childChdirFailed(dir, 'ENOTDIR');
      } catch (err) {
        return messages.childChdirFailed(dir, (err as NodeJS.ErrnoException).code ?? 'ENOENT');
      }
    }
    if (this.config.uid !== null && process.getuid && process.getuid() !== 0 && process.getuid() !== this.config.uid) {
      return messages.childSetuidFailed(this.config.uid, "Can't drop privilege as nonroot user");
    }
    return null;
  }

  private spawnRequest(file: string, argv: string[]): SpawnRequest {
    const { uid, umask, directory, redirectStderr } = this.config;
    const req: SpawnRequest = {
      file,
      argv,
      env: childEnvironment(this.config, this.host),
      cwd: directory ?? undefined,
      umask: umask ?? undefined,
      stdinFd: this.stdinFd() ?? undefined,
      redirectStderr,
    };
    // Like the reference, nothing changes when the program runs as the daemon's own user.
    if (uid !== null && uid !== process.getuid?.()) {
      const user = lookupUser(uid);
      req.uid = uid;
      req.gid = this.config.gid ?? undefined;
      req.groups = user ? groupsOfUser(user) : undefined;
    }
    return req;
  }

  /** A shell that prints a child-side failure the way the reference's forked child does, then exits 127. */
  private failureReporter(message: string): SpawnRequest {
    const text = `${message}\nsupervisor: child process was not spawned\n`;
    return {
      file: '/bin/sh',
      argv: ['/bin/sh', '-c', 'printf "%s" "$0" >&2; exit 127', text],
      env: {},
      stdinFd: this.stdinFd() ?? undefined,
      // the reference's child has already put the stdout pipe on fd 2 when it writes this
      redirectStderr: this.config.redirectStderr,
    };
  }

  private openLogs(): void {
    for (const channel of ['stdout', 'stderr'] as const) {
      const path = this.logPaths[channel];
      const settings = this.config[channel];
      const file = path ? new RotatingFile(path, settings.maxbytes, settings.backups) : null;
      if (file) this.files.push(file);
      this.channels[channel] = this.host.makeOutputChannel(this, channel, file);
    }
  }

  private closeLogs(): void {
    for (const file of this.files) file.close();
    this.files = [];
    this.channels = {};
  }

  /** Where the new instance's output goes (its channels exist once openLogs ran); chunks are not kept. */
  private outputHandler(): OutputHandler {
    const stdoutChannel = this.channels.stdout!;
    const stderrChannel = this.channels.stderr!;
    const observer = this.observer;
    // Output that is only logged may be read in bigger pieces (read-pacing.ts); an event listener's stdout is
    // its protocol, answered at once.
    const pacedStdout = observer.stdoutChunk === undefined;
    const stdoutPipe = readPacer.pipe();
    const stderrPipe = readPacer.pipe();
    return (channel, chunk) => {
      if (channel === 'stderr') {
        stderrChannel.write(chunk);
        readPacer.noteRead(stderrPipe, chunk.length);
        return;
      }
      // An event listener's reply first, then its log: the next event is on its way while the log is written.
      observer.stdoutChunk?.(this, chunk);
      stdoutChannel.write(chunk);
      if (pacedStdout) readPacer.noteRead(stdoutPipe, chunk.length);
    };
  }

  private attach(child: SpawnedChild): void {
    this.child = child;
    this.pid = child.pid!;
    // A write to a child that closed its stdin fails with EPIPE; the stream is then destroyed (see writeStdin).
    child.stdin?.on('error', () => child.stdin?.destroy());
    let exitInfo: ExitInfo | null = null;
    let graceTimer: NodeJS.Timeout | null = null;
    const finishOnce = () => {
      if (graceTimer) clearTimeout(graceTimer);
      graceTimer = null;
      if (exitInfo && this.child === child) this.finish(child, exitInfo);
    };
    child.on('exit', (code, signal) => {
      this.host.log.debug('received SIGCHLD indicating a child quit');
      exitInfo = { code, signal, coreDumped: child.coreDumped, when: Date.now() / 1000 };
      // Drain what the child wrote before dying; don't wait forever on pipes a grandchild still holds.
      graceTimer = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finishOnce();
      }, DRAIN_GRACE_MS);
    });
    child.on('close', finishOnce);
    child.on('error', (err) => this.host.log.debug(`child error for ${this.name}: ${err.message}`));
  }

  // ---------------------------------------------------------------- exit handling

  private finish(child: SpawnedChild, exit: ExitInfo): void {
    this.child = null;
    child.stdin?.destroy();
    const { code, description } = describeExit(exit);
    const now = exit.when;
    this.laststop = now;
    let tooQuickly = false;
    if (now > this.laststart) tooQuickly = now - this.laststart < this.config.startsecs;
    else this.host.log.warn(messages.laststartInFuture(this.name, this.pid));
    const expected = this.config.exitcodes.includes(code);
    this.clearTimer();

    if (this.killing) {
      this.killing = false;
      this.exitstatus = code;
      this.changeState(ProcessState.STOPPED);
      const line = messages.stopped(this.name, description);
      if (expected) this.host.log.info(line);
      else this.host.log.warn(line);
    } else if (tooQuickly) {
      this.exitstatus = null;
      this.spawnerr = messages.EXITED_TOO_QUICKLY;
      this.changeState(ProcessState.BACKOFF);
      this.host.log.warn(messages.exited(this.name, description, false));
    } else {
      this.backoff = 0;
      this.exitstatus = code;
      if (this.state === ProcessState.STARTING) this.changeState(ProcessState.RUNNING);
      if (!expected) this.spawnerr = `Bad exit code ${code}`;
      this.changeState(ProcessState.EXITED, expected);
      const line = messages.exited(this.name, description, expected);
      if (expected) this.host.log.info(line);
      else this.host.log.warn(line);
    }
    this.pid = 0;
    this.closeLogs();
    this.afterExit();
  }

  /** What happens after an exit is classified: backoff retry or autorestart (event-driven, paced). */
  private afterExit(): void {
    if (this.state === ProcessState.BACKOFF) {
      this.decideBackoff();
      return;
    }
    if (this.state !== ProcessState.EXITED) return;
    const restart =
      this.config.autorestart === 'true' ||
      (this.config.autorestart === 'unexpected' && !this.config.exitcodes.includes(this.exitstatus ?? 0));
    if (!restart) return;
    // Restart at once after a long run; pace programs that die immediately to one start per RESTART_PACE_MS.
    const wait = this.laststart * 1000 + RESTART_PACE_MS - Date.now();
    const restartNow = () => {
      if (this.state === ProcessState.EXITED && this.host.autoStartAllowed()) this.spawn();
    };
    if (wait <= 0) restartNow();
    else this.scheduleTimer(wait, restartNow);
  }

  private decideBackoff(): void {
    if (this.backoff > this.config.startretries) {
      this.giveUp();
      this.host.log.info(messages.gaveUp(this.name));
      return;
    }
    this.scheduleTimer(this.backoff * 1000, () => {
      if (this.state === ProcessState.BACKOFF && this.host.autoStartAllowed()) this.spawn();
    });
  }

  // ---------------------------------------------------------------- stopping and signalling

  /** Administrative stop. Returns an error text, or null when the signal was sent (or BACKOFF → STOPPED). */
  stop(): string | null {
    return this.kill(this.config.stopsignal);
  }

  kill(sig: number): string | null {
    if (this.state === ProcessState.BACKOFF) {
      this.host.log.debug(messages.killInBackoff(this.name));
      this.clearTimer();
      this.changeState(ProcessState.STOPPED);
      return null;
    }
    if (!this.pid) {
      const msg = messages.killNotRunning(this.name, signalName(sig));
      this.host.log.debug(msg);
      return msg;
    }
    const asGroup = this.state === ProcessState.STOPPING ? this.config.killasgroup : this.config.stopasgroup;
    this.host.log.debug(messages.killing(this.name, this.pid, asGroup, signalName(sig)));
    this.killing = true;
    this.changeState(ProcessState.STOPPING);
    // Escalate to SIGKILL after stopwaitsecs, and keep repeating it while the process survives.
    this.scheduleTimer(this.config.stopwaitsecs * 1000, () => {
      if (this.state === ProcessState.STOPPING && this.pid) {
        this.host.log.warn(messages.killingWithSigkill(this.name, this.pid));
        this.kill(9);
      }
    });
    try {
      process.kill(asGroup ? -this.pid : this.pid, sig);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ESRCH') {
        this.host.log.debug(messages.unableToSignal(this.name, this.pid, e, false));
        return null;
      }
      const msg = messages.unknownProblemKilling(this.name, this.pid, e);
      this.host.log.critical(msg);
      this.clearTimer();
      this.changeState(ProcessState.UNKNOWN);
      this.killing = false;
      return msg;
    }
    return null;
  }

  /** A non-stop signal (signalProcess): to the pid only, state unchanged. */
  signal(sig: number): string | null {
    if (!this.pid) {
      const msg = messages.signalNotRunning(this.name, signalName(sig));
      this.host.log.debug(msg);
      return msg;
    }
    this.host.log.debug(messages.sending(this.name, this.pid, signalName(sig)));
    try {
      process.kill(this.pid, sig);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ESRCH') {
        this.host.log.debug(messages.unableToSignal(this.name, this.pid, e, true));
        return null;
      }
      const msg = messages.unknownProblemSignalling(this.name, this.pid, e);
      this.host.log.critical(msg);
      this.changeState(ProcessState.UNKNOWN);
      return msg;
    }
    return null;
  }

  // ---------------------------------------------------------------- stdin and logs

  /**
   * Write bytes to the child's stdin: as much as the pipe takes now (so a closed pipe is reported at once, as
   * EPIPE is in the reference), the rest queued on the stream. Returns false when stdin is closed (NO_FILE).
   */
  writeStdin(data: Buffer): boolean {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || !stdin.writable) return false;
    const fd = (stdin as unknown as { _handle?: { fd?: number } })._handle?.fd;
    let written = 0;
    if (typeof fd === 'number' && fd >= 0 && stdin.writableLength === 0) {
      try {
        written = fs.writeSync(fd, data);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'EPIPE') {
          stdin.destroy();
          return false;
        }
        if (code !== 'EAGAIN') throw err;
      }
    }
    if (written < data.length) stdin.write(data.subarray(written));
    return true;
  }

  /** SIGUSR2: reopen the files attached to the running instance. */
  reopenLogs(): void {
    for (const file of this.files) file.reopen();
  }

  /** clearProcessLogs: only the running instance's files (and capture buffers) are cleared, like the reference. */
  clearLogs(): void {
    for (const file of this.files) file.removeAndReopen();
    for (const channel of Object.values(this.channels)) channel?.clearCapture();
  }

  /** Release everything on group removal or daemon exit (no state change, no events). */
  dispose(): void {
    this.clearTimer();
    this.changeListeners.clear();
  }
}
