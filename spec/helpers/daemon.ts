/**
 * A test harness around a real tsupervisord: writes a config into a fresh temp dir, starts the daemon in the
 * foreground (its own process group), and offers XML-RPC (Node and Python), the real supervisorctl, state waits
 * with deadlines, and main-log reads. Only processes it started are ever signalled; every daemon a test file
 * started and did not stop is stopped in afterAll.
 */
import { ChildProcess, execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DaemonOptions, TEST_PASSWORD, TEST_USER, buildConfig, mainLogPath, socketPathIn } from './daemon-config';
import { WaitAborted, freePort, waitFor } from './wait';
import { RpcTarget, callXmlRpc } from './xmlrpc-client';

export { DaemonOptions, buildConfig } from './daemon-config';
export { WaitAborted, freePort, waitFor } from './wait';
export { RpcFaultError, RpcHttpError } from './xmlrpc-client';

export const REPO = path.resolve(__dirname, '..', '..');
export const DAEMON_BIN = path.join(REPO, 'bin', 'tsupervisord');

const START_DEADLINE_MS = 15000;
const STOP_DEADLINE_MS = 25000; // children get stopwaitsecs (10 s by default) before the daemon SIGKILLs them
const CTL_TIMEOUT_MS = 60000;
const OUTPUT_FILE = 'tsupervisord.out';

export interface CtlResult {
  /** Exit status; null when killed (e.g. by the timeout). */
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `s` is an xmlrpc.client ServerProxy through supervisor's own transport; an expression's repr() is printed. */
const PYRPC_SCRIPT = `
import sys
from xmlrpc.client import ServerProxy
from supervisor.xmlrpc import SupervisorTransport
url, user, password, code = sys.argv[1:5]
s = ServerProxy('http://127.0.0.1', transport=SupervisorTransport(user or None, password or None, url))
try:
    expression = compile(code, '<pyrpc>', 'eval')
except SyntaxError:
    exec(compile(code, '<pyrpc>', 'exec'))
else:
    value = eval(expression)
    if value is not None:
        print(repr(value))
`;

const running = new Set<Daemon>();

function exitStatus(err: Error | null): number | null {
  if (!err) return 0;
  const code = (err as unknown as { code?: unknown }).code;
  return typeof code === 'number' ? code : null;
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export class Daemon {
  readonly socketPath: string;
  readonly configPath: string;
  readonly mainLogPath: string;
  private readonly exited: Promise<number | null>;
  private exitCode: number | null | undefined = undefined;

  constructor(
    readonly dir: string,
    readonly child: ChildProcess,
    readonly port: number | null,
    readonly auth: boolean,
    readonly unix: boolean,
    logfile: string,
  ) {
    this.socketPath = socketPathIn(dir);
    this.configPath = path.join(dir, 'supervisord.conf');
    this.mainLogPath = logfile;
    this.exited = new Promise((resolve) => {
      child.on('exit', (code, signal) => {
        this.exitCode = code ?? (signal ? null : 0);
        resolve(this.exitCode);
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** True until the daemon process has exited. */
  get alive(): boolean {
    return this.exitCode === undefined;
  }

  private get target(): RpcTarget {
    return this.unix ? { socketPath: this.socketPath } : { port: this.port! };
  }

  /** XML-RPC over the Unix socket (TCP when unix is off); faults reject with RpcFaultError (`faultCode`). */
  rpc(method: string, ...params: unknown[]): Promise<any> {
    return callXmlRpc(this.target, method, params, { auth: this.auth ? { username: TEST_USER, password: TEST_PASSWORD } : undefined });
  }

  /** XML-RPC over the TCP server (needs `inet: true`). */
  rpcTcp(method: string, ...params: unknown[]): Promise<any> {
    if (this.port === null) throw new Error('rpcTcp needs startDaemon({ inet: true })');
    return callXmlRpc({ port: this.port }, method, params, { auth: this.auth ? { username: TEST_USER, password: TEST_PASSWORD } : undefined });
  }

  /** The real /usr/bin/supervisorctl with this daemon's config; never rejects. */
  ctl(...args: string[]): Promise<CtlResult> {
    return new Promise((resolve) => {
      execFile('/usr/bin/supervisorctl', ['-c', this.configPath, ...args], { timeout: CTL_TIMEOUT_MS }, (err, stdout, stderr) =>
        resolve({ code: exitStatus(err), stdout, stderr }),
      );
    });
  }

  /**
   * Run Python's xmlrpc.client through supervisor.xmlrpc.SupervisorTransport, with `s` bound to the ServerProxy.
   * An expression (`s.supervisor.getState()`) resolves to its repr() (like the Python prompt, nothing for None);
   * statements resolve to what they print.
   * Rejects when Python fails (e.g. an uncaught Fault), with its stderr.
   */
  pyrpc(code: string): Promise<string> {
    const url = this.unix ? `unix://${this.socketPath}` : `http://127.0.0.1:${this.port}`;
    const creds = this.auth ? [TEST_USER, TEST_PASSWORD] : ['', ''];
    return new Promise((resolve, reject) => {
      execFile('/usr/bin/python3', ['-c', PYRPC_SCRIPT, url, ...creds, code], { timeout: 30000 }, (err, stdout, stderr) =>
        err ? reject(new Error(`python failed: ${err.message}\n${stderr}`)) : resolve(stdout),
      );
    });
  }

  async waitForState(name: string, states: string[], timeoutMs = 10000): Promise<void> {
    await this.waitFor(async () => states.includes((await this.rpc('supervisor.getProcessInfo', name)).statename), timeoutMs, `${name} in ${states.join('/')}`);
  }

  /** waitFor that gives up at once if the daemon dies meanwhile. */
  waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 10000, what = 'condition'): Promise<void> {
    return waitFor(
      async () => {
        let failure: unknown;
        try {
          if (await check()) return true;
        } catch (err) {
          failure = err;
        }
        if (!this.alive) throw new WaitAborted(`daemon exited (status ${this.exitCode}) while waiting for ${what}\n--- daemon output ---\n${this.output()}`);
        if (failure) throw failure;
        return false;
      },
      timeoutMs,
      what,
    );
  }

  /** The main log file's text ('' before it exists). */
  mainLog(): string {
    try {
      return fs.readFileSync(this.mainLogPath, 'utf8');
    } catch {
      return '';
    }
  }

  waitForMainLog(pattern: RegExp, timeoutMs = 10000): Promise<void> {
    return this.waitFor(() => pattern.test(this.mainLog()), timeoutMs, `main log ${pattern}`);
  }

  /** What the daemon wrote to its stdout and stderr so far. */
  output(): string {
    try {
      return fs.readFileSync(path.join(this.dir, OUTPUT_FILE), 'utf8');
    } catch {
      return '';
    }
  }

  signal(sig: NodeJS.Signals): void {
    if (this.alive) process.kill(this.pid, sig);
  }

  /** Send a signal and wait for the daemon to exit; resolves with its exit code. */
  async signalAndWaitExit(sig: NodeJS.Signals, timeoutMs = STOP_DEADLINE_MS): Promise<number | null> {
    this.signal(sig);
    return this.waitExit(timeoutMs);
  }

  async waitExit(timeoutMs = STOP_DEADLINE_MS): Promise<number | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => (timer = setTimeout(() => r('timeout'), timeoutMs)));
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result === 'timeout') throw new Error(`daemon ${this.pid} did not exit within ${timeoutMs} ms`);
    return result;
  }

  /**
   * SIGTERM the daemon and wait for it; past the deadline SIGKILL its process group and the children it had
   * (each in its own group). Then remove the temp dir.
   */
  async stop(): Promise<void> {
    running.delete(this);
    if (this.alive) {
      const childPids = await this.childPids();
      try {
        await this.signalAndWaitExit('SIGTERM');
      } catch {
        killGroup(this.pid);
        childPids.forEach(killGroup);
        await this.waitExit(5000).catch(() => undefined);
      }
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }

  /** Pids of the running children, best effort and quickly (only used for a last-resort SIGKILL). */
  private async childPids(): Promise<number[]> {
    try {
      const target = this.target;
      const auth = this.auth ? { username: TEST_USER, password: TEST_PASSWORD } : undefined;
      const infos: Array<{ pid: number }> = await callXmlRpc(target, 'supervisor.getAllProcessInfo', [], { auth, timeoutMs: 2000 });
      return infos.map((info) => info.pid).filter((pid) => pid > 0);
    } catch {
      return [];
    }
  }
}

/** Write the config into a fresh temp dir, start `bin/tsupervisord -n -c <conf>` (as users do), wait until it answers. */
export async function startDaemon(options: DaemonOptions = {}): Promise<Daemon> {
  const unix = options.unix ?? true;
  if (!unix && !options.inet) throw new Error('startDaemon needs a server to talk to: unix or inet');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-test-'));
  fs.mkdirSync(path.join(dir, 'logs'));
  for (const [rel, content] of Object.entries(options.files ?? {})) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), content.replace(/@TMP@/g, dir), { mode: 0o755 });
  }
  const port = options.inet ? await freePort() : null;
  const configPath = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(configPath, buildConfig(dir, options, port));
  const out = fs.openSync(path.join(dir, OUTPUT_FILE), 'w');
  const [command, ...args] = [...(options.launcher ?? []), DAEMON_BIN, '-n', '-c', configPath, ...(options.args ?? [])];
  const child = spawn(command, args, {
    cwd: dir,
    detached: true, // its own process group, so a last-resort SIGKILL reaches nothing else
    stdio: ['ignore', out, out],
  });
  fs.closeSync(out);
  const daemon = new Daemon(dir, child, port, options.auth ?? false, unix, mainLogPath(dir, options));
  running.add(daemon);
  try {
    await daemon.waitFor(async () => (await daemon.rpc('supervisor.getState')).statecode === 1, START_DEADLINE_MS, 'the daemon to answer getState');
  } catch (err) {
    const output = daemon.output();
    await daemon.stop();
    throw new Error(`daemon did not start: ${(err as Error).message}\n--- daemon output ---\n${output}`);
  }
  return daemon;
}

export interface FailedRun extends CtlResult {
  /** The temp dir the config was in (already removed); `@TMP@` in the config stood for it. */
  dir: string;
}

/** Run the daemon on a config expected to be refused; resolves with its exit status and output. */
export function runDaemonExpectingFailure(confText: string, args: string[] = [], timeoutMs = 20000): Promise<FailedRun> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-bad-'));
  const conf = path.join(dir, 'supervisord.conf');
  fs.writeFileSync(conf, confText.replace(/@TMP@/g, dir));
  return new Promise((resolve) => {
    const child = spawn(DAEMON_BIN, ['-n', '-c', conf, ...args], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (c) => (stdout += c));
    child.stderr!.on('data', (c) => (stderr += c));
    // A daemon that accepted the config would run forever: kill it (and anything it started) at the deadline.
    const timer = setTimeout(() => killGroup(child.pid!), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      fs.rmSync(dir, { recursive: true, force: true });
      resolve({ code, stdout, stderr, dir });
    });
  });
}

/** Safety net: a test that forgot stop() must not leave a daemon behind. */
if (typeof afterAll === 'function') {
  afterAll(async () => {
    await Promise.all([...running].map((d) => d.stop()));
  }, STOP_DEADLINE_MS + 10000);
}
