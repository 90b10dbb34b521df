'use strict';
/**
 * npm run bench: the same workloads against tsupervisord and /usr/bin/supervisord, alternating (A B A B) on
 * fresh daemons; prints a table (median and range per side, ratio ours/reference, target) and writes JSON.
 * Options: --quick (small sizes, one round), --only <workload>[,<workload>], --daemon ours|ref|both, --rounds N.
 * A benchmark, not a test: it exits 0 whatever the numbers say.
 */
const fs = require('node:fs');
const path = require('node:path');
const workloads = require('./workloads');
const { TARGETS } = require('./targets');

function parseArgs(argv) {
  const o = { quick: false, only: null, daemon: 'both', rounds: 2 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--quick') o.quick = true;
    else if (argv[i] === '--only') o.only = argv[++i].split(',');
    else if (argv[i] === '--daemon') o.daemon = argv[++i];
    else if (argv[i] === '--rounds') o.rounds = Number(argv[++i]);
  }
  if (o.quick) o.rounds = 1;
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const fmt = (x) => (x === undefined ? 'n/a' : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(2));

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const kinds = o.daemon === 'both' ? ['ref', 'ours'] : [o.daemon];
  if (kinds.includes('ref') && !fs.existsSync('/usr/bin/supervisord')) {
    console.log('note: /usr/bin/supervisord is not installed; measuring ours only');
    kinds.splice(kinds.indexOf('ref'), 1);
  }
  const names = o.only ?? Object.keys(workloads);
  const samples = {}; // metric -> { ref: [], ours: [] }
  const started = Date.now();
  for (const name of names) {
    for (let round = 0; round < o.rounds; round++) {
      for (const kind of kinds) {
        process.stderr.write(`[bench] ${name} round ${round + 1}/${o.rounds} ${kind}\n`);
        let result = {};
        try {
          result = await workloads[name](kind, o);
        } catch (err) {
          process.stderr.write(`[bench] ${name} on ${kind} failed: ${err.message}\n`);
        }
        for (const [metric, value] of Object.entries(result)) {
          samples[metric] ??= { ref: [], ours: [] };
          samples[metric][kind].push(value);
        }
      }
    }
  }
  const rows = Object.entries(samples).map(([metric, s]) => {
    const ref = s.ref.length ? median(s.ref) : undefined;
    const ours = s.ours.length ? median(s.ours) : undefined;
    const ratio = ref && ours !== undefined ? ours / ref : undefined;
    const target = TARGETS[metric];
    const met = target && ratio !== undefined ? target.check(ratio, ours) : undefined;
    return { metric, ref, refMin: Math.min(...s.ref), refMax: Math.max(...s.ref), ours, oursMin: Math.min(...s.ours), oursMax: Math.max(...s.ours), ratio, target: target?.text ?? '', met };
  });
  const table = [
    '| metric | reference median (min–max) | tsupervisor median (min–max) | ours/ref | target | met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map((r) =>
      `| ${r.metric} | ${fmt(r.ref)}${r.ref !== undefined ? ` (${fmt(r.refMin)}–${fmt(r.refMax)})` : ''} | ${fmt(r.ours)}${r.ours !== undefined ? ` (${fmt(r.oursMin)}–${fmt(r.oursMax)})` : ''} | ${r.ratio === undefined ? 'n/a' : r.ratio.toFixed(3)} | ${r.target} | ${r.met === undefined ? '' : r.met ? 'yes' : 'NO'} |`,
    ),
  ].join('\n');
  console.log(table);
  console.log(`\n(${((Date.now() - started) / 1000).toFixed(0)} s, rounds=${o.rounds}${o.quick ? ', quick' : ''})`);
  fs.mkdirSync(path.join(__dirname, 'results'), { recursive: true });
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.json'), JSON.stringify({ date: new Date().toISOString(), options: o, rows, samples }, null, 2));
  fs.writeFileSync(path.join(__dirname, 'results', 'latest.md'), table + '\n');
}

main().catch((err) => {
  console.error(`[bench] harness error: ${err.stack}`);
  process.exit(1);
});
