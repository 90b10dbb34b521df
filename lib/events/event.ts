/** Emitted events: a concrete type name and a payload built lazily (only if a pool accepts the event). */
import { decodeForDisplay } from '../logging/text';

export interface SupervisorEvent {
  readonly type: string;
  payload(): string;
  /** The global serial, fixed by the first pool that accepts the event so every pool reports the same one. */
  serial: number | undefined;
}

class LazyEvent implements SupervisorEvent {
  serial: number | undefined = undefined;
  private cached: string | undefined = undefined;

  constructor(
    readonly type: string,
    private readonly build: () => string,
  ) {}

  payload(): string {
    return (this.cached ??= this.build());
  }
}

function lazy(type: string, build: () => string): SupervisorEvent {
  return new LazyEvent(type, build);
}

export interface ProcessStateInfo {
  processName: string;
  groupName: string;
  fromState: string;
  pid: number;
  tries: number;
  expected: boolean;
}

/** PROCESS_STATE_* payloads carry different keys per state (events.md §2). */
export function processStateEvent(type: string, info: ProcessStateInfo): SupervisorEvent {
  const head = `processname:${info.processName} groupname:${info.groupName} from_state:${info.fromState}`;
  switch (type) {
    case 'PROCESS_STATE_STARTING':
    case 'PROCESS_STATE_BACKOFF':
      return lazy(type, () => `${head} tries:${info.tries}`);
    case 'PROCESS_STATE_EXITED':
      return lazy(type, () => `${head} expected:${info.expected ? 1 : 0} pid:${info.pid}`);
    case 'PROCESS_STATE_RUNNING':
    case 'PROCESS_STATE_STOPPING':
    case 'PROCESS_STATE_STOPPED':
      return lazy(type, () => `${head} pid:${info.pid}`);
    default:
      return lazy(type, () => head);
  }
}

export interface ProcessRef {
  processName: string;
  groupName: string;
  pid: number;
}

export function processLogEvent(channel: 'stdout' | 'stderr', ref: ProcessRef, data: Buffer): SupervisorEvent {
  return lazy(
    `PROCESS_LOG_${channel.toUpperCase()}`,
    () => `processname:${ref.processName} groupname:${ref.groupName} pid:${ref.pid} channel:${channel}\n${decodeForDisplay(data)}`,
  );
}

export function processCommEvent(channel: 'stdout' | 'stderr', ref: ProcessRef, data: Buffer): SupervisorEvent {
  return lazy(
    `PROCESS_COMMUNICATION_${channel.toUpperCase()}`,
    () => `processname:${ref.processName} groupname:${ref.groupName} pid:${ref.pid}\n${decodeForDisplay(data)}`,
  );
}

export function remoteCommEvent(type: string, data: string): SupervisorEvent {
  return lazy('REMOTE_COMMUNICATION', () => `type:${type}\n${data}`);
}

export function supervisorStateEvent(which: 'RUNNING' | 'STOPPING'): SupervisorEvent {
  return lazy(`SUPERVISOR_STATE_CHANGE_${which}`, () => '');
}

export function tickEvent(period: 5 | 60 | 3600, when: number): SupervisorEvent {
  return lazy(`TICK_${period}`, () => `when:${when}`);
}

export function processGroupEvent(which: 'ADDED' | 'REMOVED', groupName: string): SupervisorEvent {
  return lazy(`PROCESS_GROUP_${which}`, () => `groupname:${groupName}\n`);
}
