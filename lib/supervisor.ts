/**
 * The daemon core: owns the active process groups, the daemon state, the event bus and the main log, and
 * implements start order, shutdown/restart order, and reload diffing. Everything here is event-driven: no
 * polling loop; timers exist only while something is pending.
 */
import { Config, GroupConfig, SupervisordOptions } from './config/types';
import { groupConfigsEqual } from './config/compare';
import { EventBus } from './events/bus';
import { processGroupEvent, supervisorStateEvent } from './events/event';
import { SerialCounter } from './events/serial';
import { MainLog } from './logging/main-log';
import { OutputChannel } from './logging/output-channel';
import { RotatingFile } from './logging/rotating-file';
import { SyslogWriter } from './logging/syslog';
import { processCommEvent, processLogEvent } from './events/event';
import { ProcessGroup } from './process/group';
import { ProcessHost } from './process/host';
import * as messages from './process/messages';
import { ProcessState, SupervisorState } from './process/states';
import { ChannelName, Subprocess } from './process/subprocess';

const SHUTDOWN_REPORT_INTERVAL_MS = 3000;

export interface ReloadResult {
  added: string[];
  changed: string[];
  removed: string[];
}

export class Supervisor implements ProcessHost {
  state = SupervisorState.RUNNING;
  /** Active groups in activation order (ties in priority keep this order). */
  readonly groups = new Map<string, ProcessGroup>();
  /** The most recently read configuration (reloadConfig replaces it without touching active groups). */
  lastReadConfig: Config;
  readonly daemonEnv: NodeJS.ProcessEnv;
  private beginStopping: (() => void) | null = null;
  /** processesLexical()'s answer, dropped whenever the set of active groups changes. */
  private lexicalOrder: Subprocess[] | null = null;
  /** One syslog channel for every `*_syslog=true` program, started on first use. */
  private syslogWriter: SyslogWriter | null = null;
  private readonly stateWaiters = new Set<() => void>();

  constructor(
    public config: Config,
    readonly log: MainLog,
    readonly bus: EventBus,
    readonly serial: SerialCounter,
    private readonly defaultServerUrl: string | null,
    private readonly rereadConfig: () => Config,
    env: NodeJS.ProcessEnv,
  ) {
    this.lastReadConfig = config;
    this.daemonEnv = env;
  }

  get options(): SupervisordOptions {
    return this.config.supervisord;
  }

  /** The identifier follows the last read config immediately (a reference quirk clients can see). */
  identifier(): string {
    return this.lastReadConfig.supervisord.identifier;
  }

  // ---------------------------------------------------------------- ProcessHost

  autoStartAllowed(): boolean {
    return this.state > SupervisorState.RESTARTING;
  }

  globalEnvironment(): Record<string, string> {
    return this.options.environment;
  }

  serverUrl(): string | null {
    return this.defaultServerUrl;
  }

  makeOutputChannel(proc: Subprocess, channel: ChannelName, file: RotatingFile | null): OutputChannel {
    const settings = proc.config[channel];
    const isListenerProtocol = channel === 'stdout' && this.groups.get(proc.groupName)?.pool != null;
    const info = () => ({ processName: proc.name, groupName: proc.groupName, pid: proc.pid });
    return new OutputChannel({
      processName: proc.name,
      channel,
      file,
      syslog: settings.syslog,
      syslogWriter: settings.syslog ? (this.syslogWriter ??= new SyslogWriter('supervisord')) : undefined,
      mainLog: this.log,
      stripAnsi: this.options.stripAnsi,
      captureMaxbytes: isListenerProtocol ? 0 : settings.captureMaxbytes,
      onLogEvent:
        settings.eventsEnabled && !isListenerProtocol
          ? (data) => this.bus.publish(processLogEvent(channel, info(), data))
          : undefined,
      onCommEvent: isListenerProtocol ? undefined : (data) => this.bus.publish(processCommEvent(channel, info(), data)),
    });
  }

  private onProcessStateChange(): void {
    for (const waiter of [...this.stateWaiters]) waiter();
  }

  // ---------------------------------------------------------------- groups

  private makeGroup(config: GroupConfig): ProcessGroup {
    return new ProcessGroup(config, {
      host: this,
      bus: this.bus,
      serial: this.serial,
      identifier: () => this.options.identifier,
      childlogdir: () => this.options.childlogdir,
      onStateChange: () => this.onProcessStateChange(),
    });
  }

  /** Activate a configured group: AUTO logs, pool subscription, PROCESS_GROUP_ADDED. Returns false if active. */
  addGroup(config: GroupConfig): ProcessGroup | null {
    if (this.groups.has(config.name)) return null;
    const group = this.makeGroup(config);
    group.activate();
    this.groups.set(config.name, group);
    this.lexicalOrder = null;
    this.bus.publish(processGroupEvent('ADDED', config.name));
    return group;
  }

  removeGroup(name: string): void {
    const group = this.groups.get(name);
    if (!group) return;
    group.dispose();
    this.groups.delete(name);
    this.lexicalOrder = null;
    this.bus.publish(processGroupEvent('REMOVED', name));
  }

  /** Active groups sorted by ascending priority; ties keep activation order. */
  groupsByPriority(): ProcessGroup[] {
    return [...this.groups.values()].sort((a, b) => a.priority - b.priority);
  }

  /** Every process of the active groups, in start order (group priority, then process priority). */
  processesInStartOrder(): Subprocess[] {
    return this.groupsByPriority().flatMap((g) => g.byPriority());
  }

  /** Every process sorted by group name then process name (getAllProcessInfo / status order); cached. */
  processesLexical(): Subprocess[] {
    if (!this.lexicalOrder) {
      const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
      const groups = [...this.groups.values()].sort((a, b) => byCode(a.name, b.name));
      this.lexicalOrder = groups.flatMap((g) => [...g.processes].sort((a, b) => byCode(a.name, b.name)));
    }
    return this.lexicalOrder;
  }

  /** Resolve once `predicate` holds, re-checking after every process state change. */
  waitUntil(predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (predicate()) {
          this.stateWaiters.delete(check);
          resolve();
        }
      };
      this.stateWaiters.add(check);
    });
  }

  // ---------------------------------------------------------------- lifecycle

  /** Create every configured group (startup and after a restart). */
  activateAll(): void {
    for (const groupConfig of this.config.groups) this.addGroup(groupConfig);
  }

  /** The daemon is up: announce it and start the autostart programs in priority order. */
  startRunning(): void {
    this.state = SupervisorState.RUNNING;
    this.bus.publish(supervisorStateEvent('RUNNING'));
    for (const group of this.groupsByPriority()) group.autostart();
  }

  /** Resolves after shutdown() or restart() once every process has stopped; tells which of the two it was. */
  run(): Promise<'shutdown' | 'restart'> {
    return new Promise((resolve) => {
      this.beginStopping = () => {
        this.beginStopping = null;
        // A shutdown request during a restart turns it into a shutdown: read the state at the end.
        void this.stopEverything().then(() => resolve(this.state === SupervisorState.SHUTDOWN ? 'shutdown' : 'restart'));
      };
    });
  }

  shutdown(): void {
    if (this.state === SupervisorState.SHUTDOWN) return;
    this.state = SupervisorState.SHUTDOWN;
    this.beginStopping?.();
  }

  restart(): void {
    if (this.state !== SupervisorState.RUNNING) return;
    this.state = SupervisorState.RESTARTING;
    this.beginStopping?.();
  }

  /**
   * Stop the groups by priority level, highest number first, each level fully stopped before the next. Groups of
   * one level stop together: the reference stops them one by one, which makes a shutdown as slow as the sum of
   * every program's stop time (its issues #326, #723, #1155); the order between levels is kept.
   */
  private async stopEverything(): Promise<void> {
    this.bus.publish(supervisorStateEvent('STOPPING'));
    const levels: ProcessGroup[][] = [];
    for (const group of this.groupsByPriority()) {
      const level = levels[levels.length - 1];
      if (level && level[0].priority === group.priority) level.push(group);
      else levels.push([group]);
    }
    let lastReport = 0;
    const report = () => {
      const unstopped = [...this.groups.values()].flatMap((g) => g.unstopped());
      if (unstopped.length === 0) return;
      const now = Date.now();
      if (now < lastReport + SHUTDOWN_REPORT_INTERVAL_MS) return;
      lastReport = now;
      this.log.info(messages.waitingToDie(unstopped.map((p) => p.name)));
      if (this.log.isEnabled(3)) {
        for (const proc of unstopped) this.log.blather(`${proc.name} state: ${ProcessState[proc.state]}`);
      }
    };
    const reportTimer = setInterval(report, SHUTDOWN_REPORT_INTERVAL_MS);
    try {
      for (const level of levels.reverse()) {
        // within a level, the reference's order: last in priority order first
        for (const group of [...level].reverse()) group.stopAllForShutdown();
        report();
        await this.waitUntil(() => level.every((group) => group.unstopped().length === 0));
      }
    } finally {
      clearInterval(reportTimer);
    }
  }

  /** Release all groups at the end of a run (no events: the daemon is going away or starting over). */
  disposeAll(): void {
    this.syslogWriter?.close();
    this.syslogWriter = null;
    for (const group of this.groups.values()) group.dispose();
    this.groups.clear();
    this.lexicalOrder = null;
    this.stateWaiters.clear();
  }

  reopenLogs(): void {
    for (const group of this.groups.values()) group.reopenLogs();
  }

  // ---------------------------------------------------------------- reload

  /** Re-read the config file and diff it against the active groups (throws ConfigError). */
  reloadConfig(): ReloadResult {
    const next = this.rereadConfig();
    this.lastReadConfig = next;
    const added: string[] = [];
    const changed: string[] = [];
    const removed: string[] = [];
    const nextByName = new Map(next.groups.map((g) => [g.name, g]));
    for (const groupConfig of next.groups) {
      const active = this.groups.get(groupConfig.name);
      if (!active) added.push(groupConfig.name);
      else if (!groupConfigsEqual(active.config, groupConfig, this.options.environment)) changed.push(groupConfig.name);
    }
    for (const name of this.groups.keys()) if (!nextByName.has(name)) removed.push(name);
    return { added, changed, removed };
  }

  /** addProcessGroup: activate a group from the last read config and autostart it. */
  findConfiguredGroup(name: string): GroupConfig | undefined {
    return this.lastReadConfig.groups.find((g) => g.name === name);
  }
}
