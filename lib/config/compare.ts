/** Change detection for reloadConfig (config.md §6): is a group's new config different from the active one? */
import { GroupConfig, LogfileSetting, ProcessConfig } from './types';

const SCALAR_FIELDS: (keyof ProcessConfig)[] = [
  'name', 'uid', 'command', 'directory', 'umask', 'priority', 'autostart', 'autorestart', 'startsecs', 'startretries',
  'stopsignal', 'stopwaitsecs', 'stopasgroup', 'killasgroup', 'redirectStderr', 'serverurl',
];

function logfilesEqual(a: LogfileSetting, b: LogfileSetting): boolean {
  if (a.kind === 'auto' || b.kind === 'auto') return true; // AUTO never causes a change
  if (a.kind !== b.kind) return false;
  return a.kind !== 'path' || a.path === (b as { path: string }).path;
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function processesEqual(a: ProcessConfig, b: ProcessConfig, globalEnv: Record<string, string>): boolean {
  for (const field of SCALAR_FIELDS) if (a[field] !== b[field]) return false;
  if (!sameJson(a.exitcodes, b.exitcodes)) return false;
  for (const channel of ['stdout', 'stderr'] as const) {
    const x = a[channel];
    const y = b[channel];
    if (!logfilesEqual(x.logfile, y.logfile)) return false;
    if (x.maxbytes !== y.maxbytes || x.backups !== y.backups || x.captureMaxbytes !== y.captureMaxbytes) return false;
    if (x.eventsEnabled !== y.eventsEnabled || x.syslog !== y.syslog) return false;
  }
  const envA = { ...globalEnv, ...(a.environment ?? {}) };
  const envB = { ...globalEnv, ...(b.environment ?? {}) };
  const keys = new Set([...Object.keys(envA), ...Object.keys(envB)]);
  for (const k of keys) if (envA[k] !== envB[k]) return false;
  return true;
}

export function groupConfigsEqual(a: GroupConfig, b: GroupConfig, globalEnv: Record<string, string>): boolean {
  if (a.name !== b.name || a.priority !== b.priority || a.kind !== b.kind) return false;
  if (a.processes.length !== b.processes.length) return false;
  if (!a.processes.every((p, i) => processesEqual(p, b.processes[i], globalEnv))) return false;
  if (!sameJson(a.listener, b.listener)) return false;
  return (a.fcgiSocket?.url ?? null) === (b.fcgiSocket?.url ?? null);
}
