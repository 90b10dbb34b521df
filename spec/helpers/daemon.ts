/**
 * A test harness around a real tsupervisord: writes a config into a fresh temp dir, starts the daemon in the
 * foreground (its own process group), and offers XML-RPC (Node and Python), the real supervisorctl, state waits
 * with deadlines, and main-log reads. Only processes it started are ever signalled.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseMethodResponse, buildMethodCall } from './xmlrpc-client';

export const REPO = path.resolve(__dirname, '..', '..');
export const DAEMON_BIN = path.join(REPO, 'bin', 'tsupervisord');

export interface DaemonOptions {
  /** INI text appended to the generated config ([program:x] sections etc.). */
  programs?: string;
  /** Extra [supervisord] options. */
  supervisord?: Record<string, string>;
  /** Add an [inet_http_server] on 127.0.0.1 (free port). */
  inet?: boolean;
  /** Basic auth user/pass on both servers. */
  auth?: boolean;
  /** Files to write into the temp dir first (relative path → content). */
  files?: Record<string, string>;
  /** Extra command-line arguments. */
  args?: string[];
}

export interface CtlResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running = new Set<Daemon>();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export class RpcFaultError extends Error {
  constructor(
    readonly faultCode: number,
    readonly faultString: string,
  ) {
    super(`Fault ${faultCode}: ${faultString}`);
  }
}

export function buildConfig(dir: string, options: DaemonOptions, port: number | null): string {
  const auth = options.auth ? 'username=user\npassword=pass\n' : '';
  const supervisord: Record<string, string> = {
    logfile: path.join(dir, 'supervisord.log'),
    pidfile: path.join(dir, 'supervisord.pid'),
    childlogdir: path.join(dir, 'logs'),
    loglevel: 'info',
    nodaemon: 'true',
    ...options.supervisord,
  };
  const lines = ['[supervisord]', ...Object.entries(supervisord).map(([k, v]) => `${k}=${v}`), ''];
  lines.push('[unix_http_server]', `file=${path.join(dir, 's.sock')}`, auth);
  if (port !== null) lines.push('[inet_http_server]', `port=127.0.0.1:${port}`, auth);
  lines.push('[rpcinterface:supervisor]', 'supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface', '');
  lines.push('[supervisorctl]', `serverurl=unix://${path.join(dir, 's.sock')}`);
  if (options.auth) lines.push('username=user', 'password=pass');
  lines.push('', options.programs ?? '');
  return lines.join('\n') + '\n';
}

export class Daemon {
  readonly socketPath: string;
  readonly configPath: string;
  private exited: Promise<number | null>;
  private exitCode: number | null | undefined = undefined;

  constructor(
    readonly dir: string,
    readonly child: ChildProcess,
    readonly port: number | null,
    readonly auth: boolean,
  ) {
    this.socketPath = path.join(dir, 's.sock');
    this.configPath = path.join(dir, 'supervisord.conf');
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** XML-RPC over the Unix socket; faults reject with RpcFaultError. */
  rpc(method: string, ...params: unknown[]): Promise<any> {
    const body = buildMethodCall(method, params);
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { 'Content-Type': 'text/xml', 'Content-Length': body.length };
      if (this.auth) headers.Authorization = 'Basic ' + Buffer.from('user:pass').toString('base64');
      const req = http.request({ socketPath: this.socketPath, path: '/RPC2', method: 'POST', headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}`));
          parseMethodResponse(Buffer.concat(chunks).toString('utf8')).then((answer) => {
            if (answer.fault) reject(new RpcFaultError(answer.fault.faultCode, answer.fault.faultString));
            else resolve(answer.value);
          }, reject);
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** The real /usr/bin/supervisorctl with this daemon's config. */
  ctl(...args: string[]): Promise<CtlResult> {
    return new Promise((resolve) => {
      execFile('/usr/bin/supervisorctl', ['-c', this.configPath, ...args], { timeout: 60000 }, (err, stdout, stderr) => {
        const code = err ? (err as unknown as { code?: number | string }).code : 0;
        resolve({ code: typeof code === 'number' ? code : null, stdout, stderr });
      });
    });
  }

  /** Run Python with `s` bound to an xmlrpc ServerProxy over the Unix socket; returns stdout. */
  pyrpc(code: string): Promise<string> {
    const script = [
      'from xmlrpc.client import ServerProxy',
      'from supervisor.xmlrpc import SupervisorTransport',
      `t = SupervisorTransport(${this.auth ? "'user', 'pass'" : 'None, None'}, 'unix://${this.socketPath}')`,
      "s = ServerProxy('http://127.0.0.1', transport=t)",
      code,
    ].join('\n');
    return new Promise((resolve, reject) => {
      execFile('/usr/bin/python3', ['-c', script], { timeout: 30000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
  }

  async waitForState(name: string, states: string[], timeoutMs = 10000): Promise<void> {
    await waitFor(async () => states.includes((await this.rpc('supervisor.getProcessInfo', name)).statename), timeoutMs, `${name} in ${states}`);
  }

  waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10000): Promise<void> {
    return waitFor(check, timeoutMs);
  }

  mainLog(): string {
    try {
      return fs.readFileSync(path.join(this.dir, 'supervisord.log'), 'utf8');
    } catch {
      return '';
    }
  }

  waitForMainLog(pattern: RegExp, timeoutMs = 10000): Promise<void> {
    return waitFor(() => pattern.test(this.mainLog()), timeoutMs, `main log ${pattern}`);
  }

  signal(sig: NodeJS.Signals): void {
    if (this.exitCode === undefined) process.kill(this.pid, sig);
  }

  /** Send a signal and wait for the daemon to exit; resolves with its exit code. */
  async signalAndWaitExit(sig: NodeJS.Signals, timeoutMs = 20000): Promise<number | null> {
    this.signal(sig);
    return this.waitExit(timeoutMs);
  }

  async waitExit(timeoutMs = 20000): Promise<number | null> {
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), timeoutMs).unref());
    const result = await Promise.race([this.exited, timeout]);
    if (result === 'timeout') throw new Error('daemon did not exit in time');
    return result;
  }

  /** Stop the daemon (SIGTERM, then SIGKILL of its process group as a last resort) and remove the temp dir. */
  async stop(): Promise<void> {
    running.delete(this);
    if (this.exitCode === undefined) {
      try {
        await this.signalAndWaitExit('SIGTERM', 20000);
      } catch {
        try {
          process.kill(-this.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-test-'));
  fs.mkdirSync(path.join(dir, 'logs'));
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content, { mode: 0o755 });
  }
  const port = options.inet ? await freePort() : null;
  fs.writeFileSync(path.join(dir, 'supervisord.conf'), buildConfig(dir, options, port).replace(/@TMP@/g, dir));
  const child = spawn(process.execPath, [DAEMON_BIN, '-n', '-c', path.join(dir, 'supervisord.conf'), ...(options.args ?? [])], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (c) => (stderr += c));
  const daemon = new Daemon(dir, child, port, options.auth ?? false);
  running.add(daemon);
  try {
    await waitFor(async () => (await daemon.rpc('supervisor.getState')).statecode === 1, 15000, 'daemon to answer');
  } catch (err) {
    await daemon.stop();
    throw new Error(`daemon did not start: ${(err as Error).message}\n${stderr}`);
  }
  return daemon;
}

/** Run the daemon on a config expected to be refused; returns its exit code and output. */
export function runDaemonExpectingFailure(confText: string, args: string[] = []): Promise<CtlResult & { dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-bad-'));
  const conf = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(conf, confText.replace(/@TMP@/g, dir));
  return new Promise((resolve) => {
    execFile(process.execPath, [DAEMON_BIN, '-n', '-c', conf, ...args], { timeout: 20000 }, (err, stdout, stderr) => {
      const code = err ? ((err as unknown as { code?: number }).code ?? null) : 0;
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code: typeof code === 'number' ? code : null, stdout, stderr, dir });
    });
  });
}

/** Safety net: a test that forgot stop() must not leave a daemon behind. */
afterAll(async () => {
  await Promise.all([...running].map((d) => d.stop()));
});
