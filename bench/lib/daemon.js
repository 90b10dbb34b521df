'use strict';
// Starting and stopping a daemon under test (ours or the reference) on a generated config in a temp dir.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { call } = require('./rpc');

const REPO = path.resolve(__dirname, '..', '..');
// BENCH_NODE_FLAGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") lets a profile be taken of our daemon.
const NODE_FLAGS = (process.env.BENCH_NODE_FLAGS || '').split(' ').filter(Boolean);
const OURS = path.join(REPO, 'bin', 'tsupervisord');
// The node flags bin/tsupervisord's `#!/usr/bin/env -S node ...` line gives, so we run what users run.
const SHEBANG_FLAGS = fs.readFileSync(OURS, 'utf8').split('\n')[0].split(' ').slice(3);
const COMMANDS = {
  ours: [process.execPath, ...SHEBANG_FLAGS, ...NODE_FLAGS, OURS],
  ref: ['/usr/bin/supervisord'],
};

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check, timeoutMs, what, intervalMs = 20) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not yet
    }
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(intervalMs);
  }
}

function config(dir, programs) {
  return `[supervisord]
logfile=${dir}/supervisord.log
pidfile=${dir}/supervisord.pid
childlogdir=${dir}/logs
loglevel=info
nodaemon=true
minfds=4096

[unix_http_server]
file=${dir}/s.sock

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

${programs}
`;
}

/** Count processes in a state from a raw getAllProcessInfo response. */
function countState(xml, state) {
  return xml.split(`<name>statename</name>\n<value><string>${state}</string>`).length - 1;
}

async function startDaemon(kind, programs) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tsup-bench-${kind}-`));
  fs.mkdirSync(path.join(dir, 'logs'));
  fs.writeFileSync(path.join(dir, 'supervisord.conf'), config(dir, programs.split('@DIR@').join(dir)));
  const [cmd, ...args] = COMMANDS[kind];
  const child = spawn(cmd, [...args, '-c', path.join(dir, 'supervisord.conf')], { stdio: 'ignore', detached: true });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const socketPath = path.join(dir, 's.sock');
  await waitFor(async () => (await call(socketPath, 'supervisor.getState')).includes('RUNNING'), 20000, `${kind} daemon`);
  return {
    kind,
    dir,
    pid: child.pid,
    socketPath,
    exited,
    async allInState(state, n, timeoutMs = 60000) {
      await waitFor(async () => countState(await call(socketPath, 'supervisor.getAllProcessInfo'), state) >= n, timeoutMs, `${n} ${state}`);
    },
    async stop() {
      try {
        process.kill(child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      const timeout = sleep(30000).then(() => 'timeout');
      if ((await Promise.race([exited, timeout])) === 'timeout') {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

module.exports = { startDaemon, waitFor, sleep, countState, REPO };
