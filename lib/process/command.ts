/**
 * Turns a `command=` string into the file to execute and its argv, with supervisord's checks and messages.
 * Used both before spawning and by startProcess to fault early (NO_FILE / NOT_EXECUTABLE).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { shlexSplit, ShlexError } from './shlex';
import { pythonStrRepr } from './python-repr';

/** `notFound` maps to the NO_FILE fault, every other kind to NOT_EXECUTABLE. */
export class CommandError extends Error {
  constructor(readonly kind: 'notFound' | 'notExecutable', message: string) {
    super(message);
  }
}

export interface ResolvedCommand {
  filename: string;
  argv: string[];
}

const DEFAULT_PATH = ['/bin', '/usr/bin', '/usr/local/bin'];

/** The search path: the program's own environment PATH if set, else the daemon's, else a default. */
export function searchPath(programEnv: Record<string, string> | null, daemonEnv: NodeJS.ProcessEnv): string[] {
  const own = programEnv?.PATH;
  if (own !== undefined) return own.split(':');
  const inherited = daemonEnv.PATH;
  return inherited ? inherited.split(':') : DEFAULT_PATH;
}

function statOrNull(file: string): fs.Stats | null {
  try {
    return fs.statSync(file);
  } catch {
    return null;
  }
}

export function resolveCommand(command: string, dirs: string[]): ResolvedCommand {
  let argv: string[];
  try {
    argv = shlexSplit(command);
  } catch (err) {
    const reason = err instanceof ShlexError ? err.message : String(err);
    throw new CommandError('notExecutable', `can't parse command ${pythonStrRepr(command)}: ${reason}`);
  }
  if (argv.length === 0) throw new CommandError('notExecutable', 'command is empty');
  const program = argv[0];
  let filename = program;
  let st: fs.Stats | null = null;
  if (program.includes('/')) {
    st = statOrNull(program);
  } else {
    // Like the reference: the first directory where the name exists wins, even if it is not executable.
    for (const dir of dirs) {
      const candidate = path.join(dir, program);
      st = statOrNull(candidate);
      if (st) {
        filename = candidate;
        break;
      }
    }
  }
  const shown = pythonStrRepr(filename);
  if (!st) throw new CommandError('notFound', `can't find command ${shown}`);
  if (st.isDirectory()) throw new CommandError('notExecutable', `command at ${shown} is a directory`);
  if ((st.mode & 0o111) === 0) throw new CommandError('notExecutable', `command at ${shown} is not executable`);
  try {
    fs.accessSync(filename, fs.constants.X_OK);
  } catch {
    throw new CommandError('notExecutable', `no permission to run command ${shown}`);
  }
  return { filename, argv };
}
