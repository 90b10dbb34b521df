/**
 * minfds / minprocs. Node has no setrlimit(2), so the daemon asks util-linux `prlimit --pid <own pid>` to raise
 * its own soft (and, when needed and permitted, hard) limits; children inherit them. The limits in force are
 * read back from /proc/self/limits and logged at startup, so a daemon stuck at a low limit is visible.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { UsageError } from './args';

export type Limit = [soft: number, hard: number];

function parseValue(text: string): number {
  return text === 'unlimited' ? Infinity : Number(text);
}

export function currentLimits(): { nofile: Limit; nproc: Limit } {
  const text = fs.readFileSync('/proc/self/limits', 'utf8');
  const row = (label: string): Limit => {
    const m = new RegExp(`^${label}\\s+(\\S+)\\s+(\\S+)`, 'm').exec(text);
    return m ? [parseValue(m[1]), parseValue(m[2])] : [Infinity, Infinity];
  };
  return { nofile: row('Max open files'), nproc: row('Max processes') };
}

const RESOURCES = [
  { key: 'nofile', option: 'minfds', flag: '--nofile', name: 'RLIMIT_NOFILE' },
  { key: 'nproc', option: 'minprocs', flag: '--nproc', name: 'RLIMIT_NPROC' },
] as const;

function failure(option: string, name: string, min: number, why: string): UsageError {
  return new UsageError(
    `The minimum number of file descriptors required to run this process is ${min} as per the "${option}" command-line ` +
      `argument or config file setting. The current environment will only allow you to open ${why} file descriptors.  ` +
      `Either raise the number of usable file descriptors in your environment (see README.rst) or lower the ` +
      `${option} setting in the config file to allow the process to start.`.replace(
        'file descriptors required',
        name === 'RLIMIT_NOFILE' ? 'file descriptors required' : 'available processes required',
      ),
  );
}

export function ensureResourceLimits(minfds: number, minprocs: number): { infos: string[] } {
  const infos: string[] = [];
  const wanted = { nofile: minfds, nproc: minprocs };
  const limits = currentLimits();
  for (const r of RESOURCES) {
    const min = wanted[r.key];
    const [soft, hard] = limits[r.key];
    if (soft >= min) continue;
    const newHard = hard < min ? min : hard;
    try {
      const hardText = newHard === Infinity ? 'unlimited' : String(newHard);
      execFileSync('prlimit', ['--pid', String(process.pid), `${r.flag}=${min}:${hardText}`], { stdio: 'pipe' });
    } catch (err) {
      const missing = (err as NodeJS.ErrnoException).code === 'ENOENT';
      throw failure(r.option, r.name, min, missing ? `${soft} (prlimit from util-linux is not installed to raise it)` : String(hard));
    }
    infos.push(`Increased ${r.name} limit to ${min}`);
  }
  return { infos };
}
