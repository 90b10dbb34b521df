/**
 * Starting a program's process. Two implementations behind one shape:
 * - the native spawner (native/spawn.c, built by `npm install`): clone(CLONE_VM|CLONE_VFORK) so a start costs
 *   the same whatever the daemon's size, real pipes like supervisord's, redirect_stderr as one shared pipe,
 *   supplementary groups on setuid; its children are collected here on SIGCHLD;
 * - Node's child_process, when the native module is missing (or TSUPERVISOR_NATIVE=0).
 * Both hand back a `SpawnedChild` that emits 'exit' (code, signal) when the process is collected and 'close'
 * once its output pipes are closed too, like Node's ChildProcess. Output goes to the `OutputHandler` given at
 * spawn time, so nothing is read before there is somewhere to put it.
 */
import { ChildProcess, spawn as nodeSpawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { constants } from 'node:os';
import * as path from 'node:path';
import { Readable, Writable } from 'node:stream';

export interface SpawnRequest {
  /** Resolved path of the program. */
  file: string;
  /** Full argv, argv[0] included. */
  argv: string[];
  env: NodeJS.ProcessEnv;
  cwd?: string;
  umask?: number;
  /** Set only to change user: then groups (primary first) and gid are set before uid. */
  uid?: number;
  gid?: number;
  groups?: number[];
  /** An fd the child gets as stdin instead of a new pipe (fcgi-program sockets). */
  stdinFd?: number;
  /** stderr goes into the stdout pipe; `stderr` is then null. */
  redirectStderr: boolean;
}

/**
 * Receives a child's output. `chunk` is valid only during the call: the native spawner reads every pipe into one
 * reused buffer (a fresh 64 KiB buffer per read, as Node's streams allocate, cost more CPU than the read itself),
 * so a consumer that keeps bytes must copy them.
 */
export type OutputHandler = (channel: 'stdout' | 'stderr', chunk: Buffer) => void;

export interface SpawnedChild extends EventEmitter {
  readonly pid: number;
  /** Set by the time 'exit' is emitted when the process dumped core (the native spawner only). */
  readonly coreDumped?: boolean;
  readonly stdin: Writable | null;
  readonly stdout: Readable;
  readonly stderr: Readable | null;
}

interface NativeModule {
  spawn(req: object): { pid: number; stdin: number; stdout: number; stderr: number };
  exitedChild(): number;
  reap(pid: number): [number | null, number | null, boolean] | null;
  watchChildren(onSigchld: () => void): void;
}

function loadNative(): NativeModule | null {
  if (process.env.TSUPERVISOR_NATIVE === '0') return null;
  // lib/process (ts-jest) or dist/lib/process (compiled) → <package>/build/Release
  for (const up of ['../..', '../../..']) {
    const file = path.join(__dirname, up, 'build', 'Release', 'tsupervisor_native.node');
    if (fs.existsSync(file)) return require(file) as NativeModule;
  }
  return null;
}

const native = loadNative();

/** Which spawner this daemon uses ('native' unless the module was not built). */
export const spawnerKind: 'native' | 'child_process' = native ? 'native' : 'child_process';

export function spawnProgram(req: SpawnRequest, onOutput: OutputHandler): SpawnedChild {
  return native ? spawnNative(native, req, onOutput) : spawnWithChildProcess(req, onOutput);
}

// ---------------------------------------------------------------- native

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>();
for (const [name, num] of Object.entries(constants.signals)) {
  if (!SIGNAL_NAMES.has(num)) SIGNAL_NAMES.set(num, name as NodeJS.Signals);
}

/** Shared by every pipe: reads happen one at a time on this thread and each is consumed before the next. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

class NativeChild extends EventEmitter implements SpawnedChild {
  readonly stdin: net.Socket | null;
  readonly stdout: net.Socket;
  readonly stderr: net.Socket | null;
  coreDumped = false;
  private openOutputs = 0;
  private exit: [number | null, NodeJS.Signals | null] | null = null;

  constructor(
    readonly pid: number,
    fds: { stdin: number; stdout: number; stderr: number },
    onOutput: OutputHandler,
  ) {
    super();
    this.stdin = fds.stdin >= 0 ? new net.Socket({ fd: fds.stdin, readable: false, writable: true }) : null;
    this.stdout = this.output(fds.stdout, (n) => onOutput('stdout', READ_BUFFER.subarray(0, n)));
    this.stderr = fds.stderr >= 0 ? this.output(fds.stderr, (n) => onOutput('stderr', READ_BUFFER.subarray(0, n))) : null;
  }

  private output(fd: number, callback: (nread: number) => void): net.Socket {
    // `onread` works on any stream handle (Node >= 12); @types/node declares it only for connect().
    const options = { fd, readable: true, writable: false, onread: { buffer: READ_BUFFER, callback } };
    const socket = new net.Socket(options);
    this.openOutputs += 1;
    socket.once('close', () => {
      this.openOutputs -= 1;
      this.maybeClose();
    });
    return socket;
  }

  exited(code: number | null, signal: number | null, coreDumped: boolean): void {
    this.coreDumped = coreDumped;
    this.exit = [code, signal === null ? null : (SIGNAL_NAMES.get(signal) ?? null)];
    this.emit('exit', ...this.exit);
    this.maybeClose();
  }

  private maybeClose(): void {
    if (this.exit && this.openOutputs === 0) this.emit('close', ...this.exit);
  }
}

const nativeChildren = new Map<number, NativeChild>();
let reaperInstalled = false;

/** SIGCHLD: collect our exited children; a zombie that is not ours (a child_process child) is left to Node. */
function collectExited(mod: NativeModule): void {
  for (;;) {
    const pid = mod.exitedChild();
    if (pid === 0) return;
    const child = nativeChildren.get(pid);
    if (!child) {
      for (const [ours, c] of nativeChildren) collect(mod, ours, c);
      return;
    }
    if (!collect(mod, pid, child)) return;
  }
}

function collect(mod: NativeModule, pid: number, child: NativeChild): boolean {
  const status = mod.reap(pid);
  if (status === null) return false;
  nativeChildren.delete(pid);
  child.exited(status[0], status[1], status[2]);
  return true;
}

function spawnNative(mod: NativeModule, req: SpawnRequest, onOutput: OutputHandler): SpawnedChild {
  if (!reaperInstalled) {
    mod.watchChildren(() => collectExited(mod));
    reaperInstalled = true;
  }
  const env: string[] = [];
  for (const [key, value] of Object.entries(req.env)) if (value !== undefined) env.push(`${key}=${value}`);
  const fds = mod.spawn({ ...req, env });
  const child = new NativeChild(fds.pid, fds, onOutput);
  nativeChildren.set(fds.pid, child);
  return child;
}

// ---------------------------------------------------------------- child_process fallback

function spawnWithChildProcess(req: SpawnRequest, onOutput: OutputHandler): SpawnedChild {
  let file = req.file;
  let args = req.argv.slice(1);
  if (req.redirectStderr) {
    // Node cannot put one pipe on two fds: a shell does the dup and then execs the program (same pid).
    file = '/bin/sh';
    args = ['-c', 'exec "$0" "$@" 2>&1', req.file, ...args];
  }
  const previousUmask = req.umask !== undefined ? process.umask(req.umask) : null;
  let child: ChildProcess;
  try {
    child = nodeSpawn(file, args, {
      argv0: req.redirectStderr ? undefined : req.argv[0],
      cwd: req.cwd,
      env: req.env,
      detached: true, // own session, so terminal signals to the daemon don't reach children
      stdio: [req.stdinFd ?? 'pipe', 'pipe', 'pipe'],
      uid: req.uid,
      gid: req.gid,
    });
  } finally {
    if (previousUmask !== null) process.umask(previousUmask);
  }
  if (!child.pid) {
    // The spawn failed: exec in the child (the file changed after our checks) or no fds left. Node names the
    // cause only in a later 'error' event, so it is reported as the common case.
    child.on('error', () => undefined);
    throw Object.assign(new Error(`spawn ${req.file} ENOENT`), { code: 'ENOENT' });
  }
  child.stdout!.on('data', (chunk: Buffer) => onOutput('stdout', chunk));
  child.stderr!.on('data', (chunk: Buffer) => onOutput('stderr', chunk));
  return child as SpawnedChild;
}
