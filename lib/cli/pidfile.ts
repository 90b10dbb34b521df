/** The pidfile: `<pid>\n`, removed at exit. */
import * as fs from 'node:fs';

export function writePidfile(path: string, pid: number): boolean {
  try {
    fs.writeFileSync(path, `${pid}\n`);
    return true;
  } catch {
    return false;
  }
}

export function removePidfile(path: string): void {
  try {
    fs.unlinkSync(path);
  } catch {
    // already gone
  }
}
