'use strict';
// Targets from the performance issue, as ratios ours/reference (or absolute where the issue says so).
const atMost = (x) => ({ text: `≤ ${x}x`, check: (ratio) => ratio <= x });
const atLeast = (x) => ({ text: `≥ ${x}x`, check: (ratio) => ratio >= x });
const zero = { text: '0 bytes', check: (_ratio, ours) => ours === 0 };

const TARGETS = {
  'getAllProcessInfo.cpu_ms': atMost(0.2),
  'getAllProcessInfo.rate.4c': atLeast(5),
  'getState.cpu_ms': atMost(0.33),
  'getState.rate.4c': atLeast(3),
  'getAllProcessInfo1000.cpu_ms': atMost(0.01),
  'start200.s': atMost(0.5),
  'start1000.s': atMost(0.3),
  'stopAll200.s': atMost(0.2),
  'shutdown200.s': atMost(0.5),
  'restart.s': atMost(0.1),
  'capture.bulk.MiBps': atLeast(1),
  'capture.small.MiBps': atLeast(1),
  'capture.bulk.cpu_ms_per_MiB': atMost(1),
  'capture.small.cpu_ms_per_MiB': atMost(1),
  'capture.bulk.lost_bytes': zero,
  'capture.small.lost_bytes': zero,
  'events.4l.per_s': atLeast(3),
  'events.4l.cpu_us': atMost(0.5),
  'events.1l.cpu_us': atMost(0.5),
  'idle.rss1.MiB': atMost(1.5),
  'idle.rss500.MiB': atMost(1.5),
  'idle.cpu_ms_per_30s': atMost(1),
};

module.exports = { TARGETS };
