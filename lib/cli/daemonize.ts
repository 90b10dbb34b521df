/**
 * Daemonizing without fork(): the foreground process re-runs the same command detached (a new session, stdio on
 * /dev/null) with a marker in its environment, and waits on an IPC channel until the daemon reports that its
 * servers are open and its pidfile is written — or reports the startup error, which the parent prints and exits
 * with. So `tsupervisord` returns only once the daemon is really up, like supervisord.
 */
import { spawn } from 'node:child_process';

const MARKER = 'TSUPERVISOR_DAEMON_CHILD';

interface ReadyMessage {
  ready?: true;
  error?: string;
  status?: number;
}

export function isDaemonChild(env: NodeJS.ProcessEnv): boolean {
  return env[MARKER] === '1';
}

export function spawnDaemonAndWait(options: { execPath: string; args: string[]; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(options.execPath, [...process.execArgv, ...options.args], {
      detached: true,
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
      env: { ...options.env, [MARKER]: '1' },
    });
    let settled = false;
    const settle = (status: number) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.removeAllListeners();
      if (child.connected) child.disconnect();
      child.unref();
      resolve(status);
    };
    const timer = setTimeout(() => {
      process.stderr.write('Error: the daemon did not report that it started\n');
      settle(1);
    }, options.timeoutMs ?? 60_000);
    child.on('message', (message: ReadyMessage) => {
      if (message.ready) settle(0);
      else if (message.error !== undefined) {
        process.stderr.write(message.error);
        settle(message.status ?? 2);
      }
    });
    child.on('exit', (code) => settle(code ?? 1));
    child.on('error', (err) => {
      process.stderr.write(`Error: could not start the daemon: ${err.message}\n`);
      settle(1);
    });
  });
}

/** The daemon is up: release the waiting parent and drop the channel. */
export function reportDaemonReady(): void {
  if (!process.send) return;
  process.send({ ready: true } satisfies ReadyMessage, undefined, {}, () => process.disconnect?.());
}

/** Startup failed in the daemon: the parent prints `text` and exits with `status`. */
export function reportDaemonFailure(text: string, status: number): void {
  if (!process.send) return;
  process.send({ error: text, status } satisfies ReadyMessage);
}
