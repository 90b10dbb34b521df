/** The process info struct of getProcessInfo/getAllProcessInfo, with the reference's description texts. */
import { ProcessState, processStateName } from '../process/states';
import { Subprocess } from '../process/subprocess';
import { XmlRpcRaw } from './values';
import { escapeText } from './wire';

const INT32_MAX = 2147483647;
const INT32_MIN = -2147483648;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `int()` then clamp to a signed 32-bit range (XML-RPC <int>). */
export function cappedInt(seconds: number): number {
  return Math.min(INT32_MAX, Math.max(INT32_MIN, Math.trunc(seconds)));
}

/** Python timedelta text: `0:00:05`, `1 day, 2:03:04`, `3 days, 0:00:01`. */
export function formatUptime(totalSeconds: number): string {
  const secs = Math.max(0, totalSeconds);
  const days = Math.floor(secs / 86400);
  const rest = secs % 86400;
  const h = Math.floor(rest / 3600);
  const m = Math.floor((rest % 3600) / 60);
  const s = rest % 60;
  const clock = `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
  if (days === 0) return clock;
  return `${days} day${days === 1 ? '' : 's'}, ${clock}`;
}

/** strftime('%b %d %I:%M %p') in local time. */
export function formatStopTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const hour12 = d.getHours() % 12 === 0 ? 12 : d.getHours() % 12;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${MONTHS[d.getMonth()]} ${pad(d.getDate())} ${pad(hour12)}:${pad(d.getMinutes())} ${d.getHours() < 12 ? 'AM' : 'PM'}`;
}

export function describe(proc: Subprocess, start: number, now: number): string {
  switch (proc.state) {
    case ProcessState.RUNNING:
      return `pid ${proc.pid}, uptime ${formatUptime(now - start)}`;
    case ProcessState.FATAL:
    case ProcessState.BACKOFF:
      return proc.spawnerr || `unknown error (try "tail ${proc.name}")`;
    case ProcessState.STOPPED:
    case ProcessState.EXITED:
      return start ? formatStopTime(cappedInt(proc.laststop)) : 'Not started';
    default:
      return '';
  }
}

/** getProcessInfo's struct (rpc.md §4), keys in the reference's order. */
export type ProcessInfo = {
  name: string;
  group: string;
  start: number;
  stop: number;
  now: number;
  state: number;
  statename: string;
  spawnerr: string;
  exitstatus: number;
  logfile: string;
  stdout_logfile: string;
  stderr_logfile: string;
  pid: number;
  description: string;
};

export function processInfo(proc: Subprocess): ProcessInfo {
  const start = cappedInt(proc.laststart);
  const now = cappedInt(Date.now() / 1000);
  const stdoutLogfile = proc.logPaths.stdout ?? '';
  return {
    name: proc.name,
    group: proc.groupName,
    start,
    stop: cappedInt(proc.laststop),
    now,
    state: proc.state,
    statename: processStateName(proc.state),
    spawnerr: proc.spawnerr ?? '',
    exitstatus: proc.exitstatus ?? 0,
    logfile: stdoutLogfile,
    stdout_logfile: stdoutLogfile,
    stderr_logfile: proc.logPaths.stderr ?? '',
    pid: proc.pid,
    description: describe(proc, start, now),
  };
}

const str = (name: string, value: string) => `<member>\n<name>${name}</name>\n<value><string>${escapeText(value)}</string></value>\n</member>\n`;
const int = (name: string, value: number) => `<member>\n<name>${name}</name>\n<value><int>${value}</int></value>\n</member>\n`;

/**
 * The same struct as processInfo(), serialized directly: getAllProcessInfo is the hottest call monitoring tools
 * make, and building 14 members per process through the generic serializer dominated its cost.
 */
/** The members that never change for a process instance (names are fixed, log paths set at activation). */
const staticMembers = new WeakMap<Subprocess, { head: string; logs: string; stdout: string | null; stderr: string | null }>();

function membersOf(proc: Subprocess): { head: string; logs: string } {
  let cached = staticMembers.get(proc);
  if (!cached || cached.stdout !== proc.logPaths.stdout || cached.stderr !== proc.logPaths.stderr) {
    const stdoutLogfile = proc.logPaths.stdout ?? '';
    cached = {
      head: '<value><struct>\n' + str('name', proc.name) + str('group', proc.groupName),
      logs: str('logfile', stdoutLogfile) + str('stdout_logfile', stdoutLogfile) + str('stderr_logfile', proc.logPaths.stderr ?? ''),
      stdout: proc.logPaths.stdout,
      stderr: proc.logPaths.stderr,
    };
    staticMembers.set(proc, cached);
  }
  return cached;
}

export function processInfoXml(proc: Subprocess): XmlRpcRaw {
  const start = cappedInt(proc.laststart);
  const now = cappedInt(Date.now() / 1000);
  const { head, logs } = membersOf(proc);
  return new XmlRpcRaw(
    head +
      int('start', start) +
      int('stop', cappedInt(proc.laststop)) +
      int('now', now) +
      int('state', proc.state) +
      str('statename', processStateName(proc.state)) +
      str('spawnerr', proc.spawnerr ?? '') +
      int('exitstatus', proc.exitstatus ?? 0) +
      logs +
      int('pid', proc.pid) +
      str('description', describe(proc, start, now)) +
      '</struct></value>\n',
  );
}
