/**
 * Signals the daemon answers (states-and-lifecycle.md §8): TERM/INT/QUIT shut down, HUP restarts, USR2 reopens
 * logs. Handlers are installed once per process; they act on whichever Supervisor is current.
 */
import type { MainLog } from '../logging/main-log';
import { SupervisorState } from '../process/states';
import type { Supervisor } from '../supervisor';

export interface CurrentDaemon {
  sup: Supervisor | null;
  log: MainLog | null;
}

export function installSignalHandlers(current: CurrentDaemon): void {
  for (const name of ['SIGTERM', 'SIGINT', 'SIGQUIT'] as const) {
    process.on(name, () => {
      current.log?.warn(`received ${name} indicating exit request`);
      current.sup?.shutdown();
    });
  }
  process.on('SIGHUP', () => {
    const sup = current.sup;
    if (sup?.state === SupervisorState.SHUTDOWN) {
      current.log?.warn('ignored SIGHUP indicating restart request (shutdown in progress)');
      return;
    }
    current.log?.warn('received SIGHUP indicating restart request');
    sup?.restart();
  });
  process.on('SIGUSR2', () => {
    const log = current.log;
    log?.info('received SIGUSR2 indicating log reopen request');
    log?.info('supervisord logreopen');
    log?.reopen();
    current.sup?.reopenLogs();
  });
  // Node's default SIGUSR1 action opens the V8 inspector on 127.0.0.1:9229 — a debugger into a root daemon.
  // supervisord installs no handler (the default action ends it); we refuse to open a debugger and log it.
  process.on('SIGUSR1', () => current.log?.warn('received SIGUSR1; ignored (tsupervisord never opens a debugger port)'));
  // Children are reaped by Node itself; a closed stdout (daemonized, or a vanished terminal) must not kill us.
  process.on('SIGPIPE', () => undefined);
}
