/** The config file the test harness writes for one daemon, everything inside its temp dir. */
import * as path from 'node:path';

export interface DaemonOptions {
  /** INI text appended to the generated config ([program:x] sections etc.); `@TMP@` stands for the temp dir. */
  programs?: string;
  /** Extra or overriding [supervisord] options (logfile, pidfile, childlogdir, loglevel, nodaemon have defaults). */
  supervisord?: Record<string, string>;
  /** Serve XML-RPC on the Unix socket <dir>/s.sock (default true). */
  unix?: boolean;
  /** Also serve on 127.0.0.1:<free port> ([inet_http_server]). */
  inet?: boolean;
  /** Basic auth user/pass (`user`/`pass`) on every server, and in [supervisorctl]. */
  auth?: boolean;
  /** Files written into the temp dir first (relative path → content, mode 0755; `@TMP@` replaced). */
  files?: Record<string, string>;
  /** Extra daemon command-line arguments (after `-n -c <conf>`). */
  args?: string[];
  /** A command that execs the daemon, e.g. `['prlimit', '--nofile=80:80']` (same pid). */
  launcher?: string[];
}

export const TEST_USER = 'user';
export const TEST_PASSWORD = 'pass';

export function socketPathIn(dir: string): string {
  return path.join(dir, 's.sock');
}

export function mainLogPath(dir: string, options: DaemonOptions): string {
  return options.supervisord?.logfile?.replace(/@TMP@/g, dir) ?? path.join(dir, 'supervisord.log');
}

/** The INI text: [supervisord], the servers, the RPC interface, [supervisorctl], then options.programs. */
export function buildConfig(dir: string, options: DaemonOptions, port: number | null): string {
  const unix = options.unix ?? true;
  const auth = options.auth ? [`username=${TEST_USER}`, `password=${TEST_PASSWORD}`] : [];
  const supervisord: Record<string, string> = {
    logfile: path.join(dir, 'supervisord.log'),
    pidfile: path.join(dir, 'supervisord.pid'),
    childlogdir: path.join(dir, 'logs'),
    loglevel: 'info',
    nodaemon: 'true',
    ...options.supervisord,
  };
  const lines = ['[supervisord]', ...Object.entries(supervisord).map(([k, v]) => `${k}=${v}`), ''];
  if (unix) lines.push('[unix_http_server]', `file=${socketPathIn(dir)}`, ...auth, '');
  if (port !== null) lines.push('[inet_http_server]', `port=127.0.0.1:${port}`, ...auth, '');
  lines.push('[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '');
  lines.push('[supervisorctl]', `serverurl=${unix ? `unix://${socketPathIn(dir)}` : `http://127.0.0.1:${port}`}`, ...auth, '');
  lines.push(options.programs ?? '');
  return (lines.join('\n') + '\n').replace(/@TMP@/g, dir);
}
