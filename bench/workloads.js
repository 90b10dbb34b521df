'use strict';
// The benchmark workloads. Each takes a daemon kind ('ours' | 'ref') and options, starts fresh daemons,
// and returns { metricKey: value }.
const { execFileSync, fork } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { startDaemon, waitFor, sleep } = require('./lib/daemon');
const { cpuMs, status } = require('./lib/proc');
const { Connection, request, param, call } = require('./lib/rpc');

const sleepers = (n, extra = '') =>
  Array.from({ length: n }, (_, i) => `[program:p${i}]\ncommand=/bin/sleep 100000\nstartsecs=0\n${extra}`).join('\n');

/** Calls/s and daemon CPU per call for `method` with `clients` processes over `durationMs`. */
async function rpcLoad(d, method, clients, durationMs) {
  const workers = Array.from({ length: clients }, () => fork(path.join(__dirname, 'lib', 'client-worker.js')));
  const cpu0 = cpuMs(d.pid);
  const t0 = Date.now();
  const counts = await Promise.all(
    workers.map(
      (w) =>
        new Promise((resolve) => {
          w.once('message', ({ calls }) => {
            w.kill();
            resolve(calls);
          });
          w.send({ socketPath: d.socketPath, method, durationMs });
        }),
    ),
  );
  const seconds = (Date.now() - t0) / 1000;
  const calls = counts.reduce((a, b) => a + b, 0);
  return { rate: calls / seconds, cpuPerCall: (cpuMs(d.pid) - cpu0) / calls };
}

async function rpc(kind, o) {
  const d = await startDaemon(kind, sleepers(50));
  try {
    await d.allInState('RUNNING', 50);
    const out = {};
    for (const method of ['getAllProcessInfo', 'getState']) {
      for (const clients of [1, 4]) {
        const r = await rpcLoad(d, `supervisor.${method}`, clients, o.quick ? 1500 : 4000);
        out[`${method}.rate.${clients}c`] = r.rate;
        if (clients === 4) out[`${method}.cpu_ms`] = r.cpuPerCall;
      }
    }
    return out;
  } finally {
    await d.stop();
  }
}

async function scale(kind, o) {
  const out = {};
  for (const n of o.quick ? [50, 200] : [50, 200, 1000]) {
    const d = await startDaemon(kind, sleepers(n, 'autostart=false\n'));
    try {
      const t0 = Date.now();
      await call(d.socketPath, 'supervisor.startAllProcesses', param.bool(true));
      await d.allInState('RUNNING', n, 120000);
      out[`start${n}.s`] = (Date.now() - t0) / 1000;
      const r = await rpcLoad(d, 'supervisor.getAllProcessInfo', 1, n >= 1000 ? 4000 : 2000);
      out[`getAllProcessInfo${n}.cpu_ms`] = r.cpuPerCall;
      out[`rss${n}.MiB`] = status(d.pid).rssKiB / 1024;
      if (n === 200) {
        const t1 = Date.now();
        await call(d.socketPath, 'supervisor.stopAllProcesses', param.bool(true));
        out['stopAll200.s'] = (Date.now() - t1) / 1000;
        await call(d.socketPath, 'supervisor.startAllProcesses', param.bool(true));
        await d.allInState('RUNNING', n, 120000);
        const t2 = Date.now();
        process.kill(d.pid, 'SIGTERM');
        await d.exited;
        out['shutdown200.s'] = (Date.now() - t2) / 1000;
      }
    } finally {
      await d.stop();
    }
  }
  return out;
}

/**
 * Time from `kill -9` to the program's next "entered RUNNING state" line in the main log. The log is watched
 * from outside (a file poll every 2 ms): asking the daemon over RPC would wake the reference's select loop,
 * which then reaps early and hides its usual one-second reaction time.
 */
async function restart(kind) {
  const d = await startDaemon(kind, '[program:victim]\ncommand=/bin/sleep 100000\nstartsecs=0\nautorestart=true\n');
  const log = path.join(d.dir, 'supervisord.log');
  const runningLines = () => fs.readFileSync(log, 'utf8').split('success: victim entered RUNNING state').length - 1;
  const pidOf = async () => Number((/<name>pid<\/name>\n<value><int>(\d+)/.exec(await call(d.socketPath, 'supervisor.getProcessInfo', param.string('victim'))) || [])[1] || 0);
  try {
    const samples = [];
    for (let i = 0; i < 3; i++) {
      await waitFor(() => runningLines() === i + 1, 20000, 'victim RUNNING');
      const pid = await pidOf();
      await sleep(1200); // past the restart pacing window, and the daemon back asleep after our RPC
      const t0 = process.hrtime.bigint();
      process.kill(pid, 'SIGKILL');
      await waitFor(() => runningLines() === i + 2, 20000, 'victim back', 2);
      samples.push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
    samples.sort((a, b) => a - b);
    return { 'restart.s': samples[1] };
  } finally {
    await d.stop();
  }
}

async function capture(kind, o) {
  const out = {};
  const cases = [
    ['bulk', o.quick ? 50 : 200, `dd if=/dev/zero bs=1048576 count=${o.quick ? 50 : 200}`],
    ['small', o.quick ? 10 : 50, `dd if=/dev/zero bs=100 count=${(o.quick ? 10 : 50) * 10486}`],
  ];
  for (const [name, mib, command] of cases) {
    const expected = name === 'bulk' ? mib * 1048576 : mib * 10486 * 100;
    const programs = `[program:w]\ncommand=${command}\nstdout_logfile=@DIR@/w.log\nstdout_logfile_maxbytes=0\nstartsecs=0\nautostart=false\nautorestart=false\n`;
    const d = await startDaemon(kind, programs);
    try {
      const file = path.join(d.dir, 'w.log');
      const cpu0 = cpuMs(d.pid);
      const t0 = Date.now();
      await call(d.socketPath, 'supervisor.startProcess', param.string('w') + param.bool(false));
      await waitFor(() => fs.existsSync(file) && fs.statSync(file).size >= expected, 300000, 'log bytes');
      await d.allInState('EXITED', 1, 60000);
      const seconds = (Date.now() - t0) / 1000;
      out[`capture.${name}.MiBps`] = expected / 1048576 / seconds;
      out[`capture.${name}.cpu_ms_per_MiB`] = (cpuMs(d.pid) - cpu0) / (expected / 1048576);
      out[`capture.${name}.lost_bytes`] = expected - fs.statSync(file).size;
    } finally {
      await d.stop();
    }
  }
  return out;
}

function buildListener() {
  const bin = path.join(__dirname, 'results', 'listener');
  if (!fs.existsSync(bin)) execFileSync('cc', ['-O2', '-o', bin, path.join(__dirname, 'lib', 'listener.c')]);
  return bin;
}

/**
 * Event delivery through a pool of 1 and of 4 listeners. Two equal batches go through each daemon: the first
 * (`.cold`, informational) includes warming up — for us V8 compiling the hot paths, for the reference its own
 * first-use costs — and the second is the steady state a long-running daemon delivers at, which the targets use.
 */
async function events(kind, o) {
  const bin = buildListener();
  const out = {};
  const total = o.quick ? 5000 : 20000;
  for (const n of [1, 4]) {
    const programs = `[eventlistener:pool]\ncommand=${bin} @DIR@/count_%(process_num)d\nprocess_name=l%(process_num)d\nnumprocs=${n}\nevents=REMOTE_COMMUNICATION\nbuffer_size=${2 * total + 10}\nstartsecs=0\n`;
    const d = await startDaemon(kind, programs);
    try {
      await d.allInState('RUNNING', n);
      await sleep(300);
      const counted = () =>
        Array.from({ length: n }, (_, i) => {
          try {
            return Number(fs.readFileSync(path.join(d.dir, `count_${i}`), 'utf8').trim() || 0);
          } catch {
            return 0;
          }
        }).reduce((a, b) => a + b, 0);
      const batch = 500;
      const calls = Array.from({ length: batch }, () =>
        '<value><struct>\n<member>\n<name>methodName</name>\n<value><string>supervisor.sendRemoteCommEvent</string></value>\n</member>\n' +
        '<member>\n<name>params</name>\n<value><array><data>\n<value><string>bench</string></value>\n<value><string>payload</string></value>\n</data></array></value>\n</member>\n</struct></value>\n',
      ).join('');
      const req = request('system.multicall', `<param>\n<value><array><data>\n${calls}</data></array></value>\n</param>\n`);
      const c = new Connection(d.socketPath);
      await c.ready;
      for (const phase of ['.cold', '']) {
        const before = counted();
        const cpu0 = cpuMs(d.pid);
        const t0 = Date.now();
        for (let sent = 0; sent < total; sent += batch) await c.call(req);
        await waitFor(() => counted() >= before + total, 120000, 'events acknowledged');
        const seconds = (Date.now() - t0) / 1000;
        out[`events.${n}l${phase}.per_s`] = total / seconds;
        out[`events.${n}l${phase}.cpu_us`] = ((cpuMs(d.pid) - cpu0) * 1000) / total;
      }
      c.close();
    } finally {
      await d.stop();
    }
  }
  return out;
}

/**
 * Idle cost once the daemon has settled. Node's heap shrinks 15–20 s after a startup burst (V8's memory reducer
 * runs one GC then; sampled every 5 s with 500 programs: 79 MiB until 15 s, 60 MiB from 20 s), so RSS is read both
 * 2 s after all programs run (`.early`, informational) and after SETTLE_MS, far enough from that edge; the CPU and
 * wake-up window also starts after SETTLE_MS, so it measures idling, not that one GC.
 */
const SETTLE_MS = 30000;

async function idle(kind, o) {
  const out = {};
  for (const n of [1, 500]) {
    const d = await startDaemon(kind, sleepers(n));
    try {
      await d.allInState('RUNNING', n, 120000);
      await sleep(2000);
      out[`idle.rss${n}.early.MiB`] = status(d.pid).rssKiB / 1024;
      await sleep(SETTLE_MS - 2000);
      out[`idle.rss${n}.MiB`] = status(d.pid).rssKiB / 1024;
    } finally {
      await d.stop();
    }
  }
  const d = await startDaemon(kind, sleepers(50));
  try {
    await d.allInState('RUNNING', 50);
    await sleep(SETTLE_MS);
    const seconds = o.quick ? 5 : 15;
    const cpu0 = cpuMs(d.pid);
    const s0 = status(d.pid).switches;
    await sleep(seconds * 1000);
    out['idle.cpu_ms_per_30s'] = ((cpuMs(d.pid) - cpu0) * 30) / seconds;
    out['idle.wakeups_per_s'] = (status(d.pid).switches - s0) / seconds;
  } finally {
    await d.stop();
  }
  return out;
}

module.exports = { rpc, scale, restart, capture, events, idle };
