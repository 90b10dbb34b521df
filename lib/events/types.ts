/** Event type names and their hierarchy (events.md §1). Abstract types only filter subscriptions. */

const PARENT: Record<string, string> = {
  PROCESS_STATE: 'EVENT',
  PROCESS_COMMUNICATION: 'EVENT',
  PROCESS_LOG: 'EVENT',
  REMOTE_COMMUNICATION: 'EVENT',
  SUPERVISOR_STATE_CHANGE: 'EVENT',
  TICK: 'EVENT',
  PROCESS_GROUP: 'EVENT',
  EVENT_REJECTED: 'EVENT',
};
for (const s of ['STOPPED', 'EXITED', 'STARTING', 'STOPPING', 'BACKOFF', 'FATAL', 'RUNNING', 'UNKNOWN']) {
  PARENT[`PROCESS_STATE_${s}`] = 'PROCESS_STATE';
}
for (const c of ['STDOUT', 'STDERR']) {
  PARENT[`PROCESS_COMMUNICATION_${c}`] = 'PROCESS_COMMUNICATION';
  PARENT[`PROCESS_LOG_${c}`] = 'PROCESS_LOG';
}
PARENT.SUPERVISOR_STATE_CHANGE_RUNNING = 'SUPERVISOR_STATE_CHANGE';
PARENT.SUPERVISOR_STATE_CHANGE_STOPPING = 'SUPERVISOR_STATE_CHANGE';
for (const t of ['5', '60', '3600']) PARENT[`TICK_${t}`] = 'TICK';
PARENT.PROCESS_GROUP_ADDED = 'PROCESS_GROUP';
PARENT.PROCESS_GROUP_REMOVED = 'PROCESS_GROUP';

export const EVENT_TYPE_NAMES: readonly string[] = ['EVENT', ...Object.keys(PARENT).filter((n) => n !== 'EVENT_REJECTED')];

export function isEventTypeName(name: string): boolean {
  return EVENT_TYPE_NAMES.includes(name.toUpperCase());
}

/** True when an event of type `concrete` is delivered to a subscription to `subscribed`. */
export function eventMatches(concrete: string, subscribed: string): boolean {
  for (let t: string | undefined = concrete; t !== undefined; t = PARENT[t]) if (t === subscribed) return true;
  return false;
}
