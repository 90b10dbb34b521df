'use strict';
// Reading a process's CPU time, RSS and context switches from /proc.
const fs = require('node:fs');

const TICK_MS = 1000 / 100; // USER_HZ is 100 on Linux

function cpuMs(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime + stime
}

function status(pid) {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const get = (key) => Number((new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text) || [])[1] || 0);
  return { rssKiB: get('VmRSS'), switches: get('voluntary_ctxt_switches') + get('nonvoluntary_ctxt_switches') };
}

module.exports = { cpuMs, status };
