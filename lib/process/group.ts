/**
 * An active process group: a `[program:x]`, a `[group:g]`, an `[eventlistener:x]` pool or an `[fcgi-program:x]`.
 * Owns its Subprocesses, their AUTO log names, the listener pool (for event listeners) and the fcgi socket.
 */
import { GroupConfig } from '../config/types';
import { EventBus } from '../events/bus';
import { EventListenerPool } from '../events/pool';
import { SerialCounter } from '../events/serial';
import { createAutoLogFile } from '../logging/autolog';
import { FcgiSocket } from './fcgi-socket';
import { ProcessHost } from './host';
import { ProcessState, STOPPED_STATES } from './states';
import { Subprocess } from './subprocess';

/** States in which a listener process is alive (its in-flight event stays with it). */
const LIVE_STATES: ReadonlySet<ProcessState> = new Set([ProcessState.STARTING, ProcessState.RUNNING, ProcessState.STOPPING]);

export interface GroupDeps {
  host: ProcessHost;
  bus: EventBus;
  serial: SerialCounter;
  identifier: () => string;
  childlogdir: () => string;
  /** Called after any process of the group changes state (shutdown progress, waiting RPCs). */
  onStateChange: (proc: Subprocess, from: ProcessState) => void;
}

export class ProcessGroup {
  readonly processes: Subprocess[];
  readonly byName = new Map<string, Subprocess>();
  readonly pool: EventListenerPool | null = null;
  private detachPool: (() => void) | null = null;
  private readonly fcgi: FcgiSocket | null = null;

  constructor(
    readonly config: GroupConfig,
    private readonly deps: GroupDeps,
  ) {
    if (config.listener) {
      this.pool = new EventListenerPool({
        name: config.name,
        events: config.listener.events,
        bufferSize: config.listener.bufferSize,
        identifier: deps.identifier,
        serial: deps.serial,
        log: deps.host.log,
      });
    }
    if (config.fcgiSocket) this.fcgi = new FcgiSocket(config.fcgiSocket, deps.host.log);
    const pool = this.pool;
    const observer = {
      stateChanged: (proc: Subprocess, from: ProcessState) => {
        if (pool) {
          if (proc.state === ProcessState.STARTING) pool.listenerStarted(proc.name);
          else if (!LIVE_STATES.has(proc.state)) pool.listenerExited(proc.name);
          pool.listenerStateChanged(proc.name);
        }
        if (this.fcgi && STOPPED_STATES.has(proc.state) && this.processes.every((p) => !p.pid)) this.fcgi.close();
        deps.onStateChange(proc, from);
      },
      stdoutChunk: pool ? (proc: Subprocess, chunk: Buffer) => pool.listenerOutput(proc.name, chunk) : undefined,
    };
    const stdinFd = this.fcgi ? () => this.fcgi!.fd() : undefined;
    this.processes = config.processes.map((pc) => new Subprocess(pc, deps.host, observer, stdinFd));
    for (const proc of this.processes) {
      this.byName.set(proc.name, proc);
      if (pool) {
        pool.addListener({
          name: proc.name,
          isRunning: () => proc.state === ProcessState.RUNNING,
          write: (data: Buffer) => proc.writeStdin(data),
        });
      }
    }
  }

  get name(): string {
    return this.config.name;
  }

  get priority(): number {
    return this.config.priority;
  }

  /** Group activation: AUTO log files are created now (so they exist before the first start); pools subscribe. */
  activate(): void {
    for (const proc of this.processes) {
      for (const channel of ['stdout', 'stderr'] as const) {
        const setting = proc.config[channel].logfile;
        if (setting.kind === 'auto') {
          proc.logPaths[channel] = createAutoLogFile(this.deps.childlogdir(), proc.name, channel, this.deps.identifier());
        } else if (setting.kind === 'path') {
          proc.logPaths[channel] = setting.path;
        }
      }
    }
    if (this.pool) this.detachPool = this.pool.attach(this.deps.bus);
  }

  autostart(): void {
    for (const proc of this.processes) proc.autostart();
  }

  /** Processes sorted by ascending priority, ties in config order. */
  byPriority(): Subprocess[] {
    return [...this.processes].sort((a, b) => a.config.priority - b.config.priority);
  }

  /** Daemon shutdown: stop in descending priority order; BACKOFF processes go straight to FATAL. */
  stopAllForShutdown(): void {
    for (const proc of this.byPriority().reverse()) {
      if (proc.state === ProcessState.RUNNING || proc.state === ProcessState.STARTING) proc.stop();
      else if (proc.state === ProcessState.BACKOFF) proc.giveUp();
    }
  }

  unstopped(): Subprocess[] {
    return this.processes.filter((p) => !STOPPED_STATES.has(p.state));
  }

  reopenLogs(): void {
    for (const proc of this.processes) proc.reopenLogs();
  }

  /** Group removal or daemon exit: unsubscribe and release timers and sockets. */
  dispose(): void {
    this.detachPool?.();
    this.detachPool = null;
    for (const proc of this.processes) proc.dispose();
    this.fcgi?.close();
  }
}
