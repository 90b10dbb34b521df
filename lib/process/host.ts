/** What a Subprocess needs from the daemon around it (kept narrow so processes stay testable). */
import type { EventBus } from '../events/bus';
import type { MainLog } from '../logging/main-log';
import type { OutputChannel } from '../logging/output-channel';
import type { RotatingFile } from '../logging/rotating-file';
import type { Subprocess, ChannelName } from './subprocess';

export interface ProcessHost {
  readonly log: MainLog;
  readonly bus: EventBus;
  /** The daemon's own environment (children start from it). */
  readonly daemonEnv: NodeJS.ProcessEnv;
  /** Automatic starts and restarts happen only while the daemon is RUNNING. */
  autoStartAllowed(): boolean;
  /** `[supervisord] environment=`. */
  globalEnvironment(): Record<string, string>;
  /** The daemon's default SUPERVISOR_SERVER_URL, or null when no HTTP server is configured. */
  serverUrl(): string | null;
  /** Builds the pipeline one output channel of a freshly spawned process writes through. */
  makeOutputChannel(proc: Subprocess, channel: ChannelName, file: RotatingFile | null): OutputChannel;
}
