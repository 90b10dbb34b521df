/** Process and daemon state codes, exactly as supervisord 4.2.5 numbers and names them. */

export enum ProcessState {
  STOPPED = 0,
  STARTING = 10,
  RUNNING = 20,
  BACKOFF = 30,
  STOPPING = 40,
  EXITED = 100,
  FATAL = 200,
  UNKNOWN = 1000,
}

export function processStateName(state: ProcessState): string {
  return ProcessState[state];
}

export const STOPPED_STATES: ReadonlySet<ProcessState> = new Set([
  ProcessState.STOPPED,
  ProcessState.EXITED,
  ProcessState.FATAL,
  ProcessState.UNKNOWN,
]);

export const RUNNING_STATES: ReadonlySet<ProcessState> = new Set([
  ProcessState.RUNNING,
  ProcessState.BACKOFF,
  ProcessState.STARTING,
]);

export const SIGNALLABLE_STATES: ReadonlySet<ProcessState> = new Set([
  ProcessState.RUNNING,
  ProcessState.STARTING,
  ProcessState.STOPPING,
]);

export enum SupervisorState {
  FATAL = 2,
  RUNNING = 1,
  RESTARTING = 0,
  SHUTDOWN = -1,
}

export function supervisorStateName(state: SupervisorState): string {
  return SupervisorState[state];
}

/** Event-listener protocol sub-states. */
export enum ListenerState {
  READY = 10,
  BUSY = 20,
  ACKNOWLEDGED = 30,
  UNKNOWN = 40,
}
