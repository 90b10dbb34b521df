/**
 * Start, stop and signal — for one process, a group, or everything — with the reference's checks, faults,
 * waiting rules and result structs. Waits resolve on state changes, never by polling.
 */
import { CommandError } from '../process/command';
import { waitingToStop } from '../process/messages';
import { parseSignal } from '../process/signals';
import { ProcessState, RUNNING_STATES, SIGNALLABLE_STATES, STOPPED_STATES } from '../process/states';
import { Subprocess } from '../process/subprocess';
import { Supervisor } from '../supervisor';
import { FAULT_CODES, RpcFault } from './faults';
import { pythonStr } from './params';
import { XmlRpcValue } from './values';

const STOP_REPORT_INTERVAL_MS = 2000;
const COMPLETION_WINDOW_MS = 50;

type Outcome = true | Promise<true>;

/** Resolves when `check` returns true, rejects when it throws; re-evaluated on each state change of `proc`. */
function waitOn(proc: Subprocess, check: () => boolean): Promise<true> {
  return new Promise((resolve, reject) => {
    const evaluate = (): boolean => {
      try {
        if (!check()) return false;
        resolve(true);
      } catch (err) {
        reject(err);
      }
      return true;
    };
    if (evaluate()) return;
    const unsubscribe = proc.onChange(() => {
      if (evaluate()) unsubscribe();
    });
  });
}

export function startOne(proc: Subprocess, wait: boolean, namespec: string): Outcome {
  try {
    proc.checkCommand();
  } catch (err) {
    if (err instanceof CommandError) throw new RpcFault(err.kind === 'notFound' ? 'NO_FILE' : 'NOT_EXECUTABLE', err.message);
    throw err;
  }
  if (RUNNING_STATES.has(proc.state)) throw new RpcFault('ALREADY_STARTED', namespec);
  if (proc.state === ProcessState.UNKNOWN) throw new RpcFault('FAILED', `${proc.name} is in an unknown process state`);
  proc.spawn();
  if (proc.spawnerr) throw new RpcFault('SPAWN_ERROR', namespec);
  if (!wait || proc.state === ProcessState.RUNNING) return true;
  return waitOn(proc, () => {
    if (proc.spawnerr) throw new RpcFault('SPAWN_ERROR', namespec);
    if (proc.state !== ProcessState.STARTING && proc.state !== ProcessState.RUNNING) {
      throw new RpcFault('ABNORMAL_TERMINATION', namespec);
    }
    return proc.state === ProcessState.RUNNING;
  });
}

export function stopOne(sup: Supervisor, proc: Subprocess, wait: boolean, namespec: string): Outcome {
  if (!RUNNING_STATES.has(proc.state)) throw new RpcFault('NOT_RUNNING', namespec);
  const error = proc.stop();
  if (error !== null) throw new RpcFault('FAILED', error);
  if (!wait || STOPPED_STATES.has(proc.state)) return true;
  // "waiting for x to stop" right away (the reference's first poll of the pending call comes before it reaps the
  // child) and then at most every 2 s.
  const report = () => {
    if (proc.state === ProcessState.STOPPING) sup.log.info(waitingToStop(proc.name));
  };
  report();
  const timer = setInterval(report, STOP_REPORT_INTERVAL_MS);
  const done = waitOn(proc, () => STOPPED_STATES.has(proc.state));
  void done.finally(() => clearInterval(timer));
  return done;
}

export function signalOne(proc: Subprocess, signal: unknown, namespec: string): true {
  const sig = typeof signal === 'string' || typeof signal === 'number' ? parseSignal(signal) : undefined;
  if (sig === undefined) throw new RpcFault('BAD_SIGNAL', pythonStr(signal));
  if (!SIGNALLABLE_STATES.has(proc.state)) throw new RpcFault('NOT_RUNNING', namespec);
  const error = proc.signal(sig);
  if (error !== null) throw new RpcFault('FAILED', error);
  return true;
}

function resultStruct(proc: Subprocess, status: number, description: string): { [key: string]: XmlRpcValue } {
  return { name: proc.name, group: proc.groupName, status, description };
}

function faultStruct(proc: Subprocess, err: unknown): { [key: string]: XmlRpcValue } {
  if (err instanceof RpcFault) return resultStruct(proc, err.code, err.faultString);
  throw err;
}

/**
 * Applies `action` to each selected process. Immediate outcomes are listed first in iteration order, then the
 * deferred ones in the order they complete. The reference notices completions when it polls its pending calls,
 * in list order, once per loop pass; completions within COMPLETION_WINDOW_MS of each other likewise keep
 * iteration order (two children killed together die within milliseconds, in either order).
 */
export async function applyToEach(
  processes: Subprocess[],
  action: (proc: Subprocess, namespec: string) => Outcome,
): Promise<XmlRpcValue[]> {
  const results: XmlRpcValue[] = [];
  const deferred: { proc: Subprocess; result: XmlRpcValue | null }[] = [];
  const pending: Promise<void>[] = [];
  for (const proc of processes) {
    let outcome: Outcome;
    try {
      outcome = action(proc, proc.namespec);
    } catch (err) {
      results.push(faultStruct(proc, err));
      continue;
    }
    if (outcome === true) {
      results.push(resultStruct(proc, FAULT_CODES.SUCCESS, 'OK'));
      continue;
    }
    const slot: { proc: Subprocess; result: XmlRpcValue | null } = { proc, result: null };
    deferred.push(slot);
    pending.push(
      outcome.then(
        () => void (slot.result = resultStruct(proc, FAULT_CODES.SUCCESS, 'OK')),
        (err) => void (slot.result = faultStruct(proc, err)),
      ),
    );
  }
  if (deferred.length === 0) return results;
  await new Promise<void>((resolve) => {
    const flush = () => {
      for (let i = 0; i < deferred.length; ) {
        if (deferred[i].result === null) i++;
        else results.push(deferred.splice(i, 1)[0].result!);
      }
      if (deferred.length === 0) resolve();
    };
    let timer: NodeJS.Timeout | null = null;
    let completed = 0;
    for (const p of pending) {
      void p.then(() => {
        completed += 1;
        if (completed === pending.length) {
          // Nothing left to wait for: the window could only hold back results already in order.
          if (timer) clearTimeout(timer);
          flush();
        } else if (!timer) {
          timer = setTimeout(() => {
            timer = null;
            flush();
          }, COMPLETION_WINDOW_MS);
        }
      });
    }
  });
  return results;
}
