/** AUTO child log files: generated names in childlogdir, and their cleanup at (re)start. */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789_';

function randomSuffix(): string {
  const bytes = crypto.randomBytes(8);
  let out = '';
  for (const b of bytes) out += ALPHABET[b % ALPHABET.length];
  return out;
}

/** Creates `<proc>-<channel>---<identifier>-<8 random>.log` empty with mode 0600 and returns its path. */
export function createAutoLogFile(childlogdir: string, processName: string, channel: 'stdout' | 'stderr', identifier: string): string {
  for (;;) {
    const file = path.join(childlogdir, `${processName}-${channel}---${identifier}-${randomSuffix()}.log`);
    try {
      fs.closeSync(fs.openSync(file, 'wx', 0o600));
      return file;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Deletes old AUTO logs (incl. rotated backups) of this identifier, like the reference at startup. */
export function cleanupAutoLogs(childlogdir: string, identifier: string, warn: (message: string) => void): void {
  const pattern = new RegExp(`^.+?---${escapeRegExp(identifier)}-\\S+\\.log\\.?\\d{0,4}`);
  let names: string[];
  try {
    names = fs.readdirSync(childlogdir);
  } catch {
    warn('Could not clear childlog dir');
    return;
  }
  for (const name of names) {
    if (!pattern.test(name)) continue;
    const full = path.join(childlogdir, name);
    try {
      fs.unlinkSync(full);
    } catch {
      warn(`Failed to clean up '${full}'`);
    }
  }
}
