/** Every main-log line the process engine writes, worded exactly as supervisord 4.2.5 words them. */

export const EXITED_TOO_QUICKLY = 'Exited too quickly (process log may have details)';

export const spawned = (name: string, pid: number) => `spawned: '${name}' with pid ${pid}`;
export const spawnerr = (message: string) => `spawnerr: ${message}`;
export const success = (name: string, startsecs: number) =>
  `success: ${name} entered RUNNING state, process has stayed up for > than ${startsecs} seconds (startsecs)`;
export const exited = (name: string, description: string, expected: boolean) =>
  `exited: ${name} (${description}; ${expected ? 'expected' : 'not expected'})`;
export const gaveUp = (name: string) => `gave up: ${name} entered FATAL state, too many start retries too quickly`;
export const stopped = (name: string, description: string) => `stopped: ${name} (${description})`;
export const alreadyRunning = (name: string) => `process '${name}' already running`;
export const waitingToStop = (name: string) => `waiting for ${name} to stop`;
export const killingWithSigkill = (name: string, pid: number) => `killing '${name}' (${pid}) with SIGKILL`;
export const killing = (name: string, pid: number, asGroup: boolean, sig: string) =>
  `killing ${name} (pid ${pid}) ${asGroup ? 'process group ' : ''}with signal ${sig}`;
export const killInBackoff = (name: string) => `Attempted to kill ${name}, which is in BACKOFF state.`;
export const killNotRunning = (name: string, sig: string) =>
  `attempted to kill ${name} with sig ${sig} but it wasn't running`;
export const signalNotRunning = (name: string, sig: string) =>
  `attempted to send ${name} sig ${sig} but it wasn't running`;
export const sending = (name: string, pid: number, sig: string) => `sending ${name} (pid ${pid}) sig ${sig}`;
export const unableToSignal = (name: string, pid: number, err: Error, justNow: boolean) =>
  `unable to signal ${name} (pid ${pid}), it probably just ${justNow ? 'now ' : ''}exited on its own: ${err.message}`;
export const unknownProblemKilling = (name: string, pid: number, err: Error) =>
  `unknown problem killing ${name} (${pid}):${err.stack ?? err.message}`;
export const unknownProblemSignalling = (name: string, pid: number, err: Error) =>
  `unknown problem sending sig ${name} (${pid}):${err.stack ?? err.message}`;
export const laststartInFuture = (name: string, pid: number) =>
  `process '${name}' (${pid}) laststart time is in the future, don't know how long process was running so assuming it did not exit too quickly`;
export const childChdirFailed = (dir: string, errno: string) => `supervisor: couldn't chdir to ${dir}: ${errno}`;
export const childSetuidFailed = (uid: number, why: string) => `supervisor: couldn't setuid to ${uid}: ${why}`;
export const waitingToDie = (names: string[]) => `waiting for ${names.join(', ')} to die`;

/** Parent-side failures while creating pipes or forking. */
export function spawnSyscallError(name: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'EMFILE') return `too many open files to spawn '${name}'`;
  if (err.code === 'EAGAIN') return `Too many processes in process table to spawn '${name}'`;
  return `unknown error during fork for '${name}': ${err.code ?? err.message}`;
}
