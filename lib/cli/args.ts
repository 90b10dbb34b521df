/**
 * supervisord's command line (config.md §8) with getopt semantics: clustered short flags, attached values,
 * `--opt=value`, unique-prefix abbreviations of long options, and the reference's error texts.
 */
import * as fs from 'node:fs';
import { CommandLineOverrides } from '../config/types';
import { parseByteSize, parseInteger, parseOctal } from '../config/datatypes';
import { parseLogLevelName } from '../logging/levels';

export const SUPERVISOR_VERSION = '4.2.5';

/** Printed as `Error: <message>` + `For help, use <argv0> -h`, exit status 2. */
export class UsageError extends Error {}

export type ParsedCommandLine =
  | { action: 'help' }
  | { action: 'version' }
  | { action: 'run'; configFile: string | undefined; overrides: CommandLineOverrides; profileOptions?: string };

interface OptionSpec {
  short?: string;
  long: string;
  takesValue: boolean;
  apply(value: string, into: CommandLineOverrides & { configFile?: string; profileOptions?: string }, flag: string): void;
}

function converted<T>(flag: string, value: string, convert: (v: string) => T): T {
  try {
    return convert(value);
  } catch (err) {
    throw new UsageError(`invalid value for ${flag} '${value}': ${(err as Error).message}`);
  }
}

const OPTIONS: OptionSpec[] = [
  { short: 'c', long: 'configuration', takesValue: true, apply: (v, o) => void (o.configFile = v) },
  { short: 'n', long: 'nodaemon', takesValue: false, apply: (_v, o) => void (o.nodaemon = true) },
  { short: 's', long: 'silent', takesValue: false, apply: (_v, o) => void (o.silent = true) },
  { short: 'u', long: 'user', takesValue: true, apply: (v, o) => void (o.user = v) },
  { short: 'm', long: 'umask', takesValue: true, apply: (v, o, f) => void (o.umask = converted(f, v, parseOctal)) },
  {
    short: 'd', long: 'directory', takesValue: true,
    apply: (v, o, f) => {
      if (!fs.existsSync(v) || !fs.statSync(v).isDirectory()) throw new UsageError(`invalid value for ${f} '${v}': ${v} is not an existing directory`);
      o.directory = v;
    },
  },
  { short: 'l', long: 'logfile', takesValue: true, apply: (v, o) => void (o.logfile = v) },
  { short: 'y', long: 'logfile_maxbytes', takesValue: true, apply: (v, o, f) => void (o.logfileMaxbytes = converted(f, v, parseByteSize)) },
  { short: 'z', long: 'logfile_backups', takesValue: true, apply: (v, o, f) => void (o.logfileBackups = converted(f, v, parseInteger)) },
  {
    short: 'e', long: 'loglevel', takesValue: true,
    apply: (v, o, f) => {
      const level = parseLogLevelName(v);
      if (level === undefined) throw new UsageError(`invalid value for ${f} '${v}': bad logging level name '${v}'`);
      o.loglevel = level;
    },
  },
  { short: 'j', long: 'pidfile', takesValue: true, apply: (v, o) => void (o.pidfile = v) },
  { short: 'i', long: 'identifier', takesValue: true, apply: (v, o) => void (o.identifier = v) },
  { short: 'q', long: 'childlogdir', takesValue: true, apply: (v, o) => void (o.childlogdir = v) },
  { short: 'k', long: 'nocleanup', takesValue: false, apply: (_v, o) => void (o.nocleanup = true) },
  { short: 'a', long: 'minfds', takesValue: true, apply: (v, o, f) => void (o.minfds = converted(f, v, parseInteger)) },
  { long: 'minprocs', takesValue: true, apply: (v, o, f) => void (o.minprocs = converted(f, v, parseInteger)) },
  { short: 't', long: 'strip_ansi', takesValue: false, apply: (_v, o) => void (o.stripAnsi = true) },
  { long: 'profile_options', takesValue: true, apply: (v, o) => void (o.profileOptions = v) },
];

function findLong(name: string): OptionSpec {
  const all = [...OPTIONS.map((o) => o.long), 'help', 'version'];
  if (all.includes(name)) return OPTIONS.find((o) => o.long === name) ?? { long: name, takesValue: false, apply: () => undefined };
  const matches = all.filter((n) => n.startsWith(name));
  if (matches.length === 0) throw new UsageError(`option --${name} not recognized`);
  if (matches.length > 1) throw new UsageError(`option --${name} not a unique prefix`);
  return findLong(matches[0]);
}

export function parseSupervisordArgs(argv: string[]): ParsedCommandLine {
  const into: CommandLineOverrides & { configFile?: string; profileOptions?: string } = {};
  const seen = new Set<string>();
  let help = false;
  let version = false;
  const positional: string[] = [];

  const apply = (spec: OptionSpec, value: string, flag: string) => {
    if (spec.long === 'help') help = true;
    else if (spec.long === 'version') version = true;
    else {
      if (seen.has(spec.long)) throw new UsageError(`conflicting command line option '${flag}'`);
      seen.add(spec.long);
      spec.apply(value, into, flag);
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq < 0 ? undefined : eq);
      const spec = findLong(name);
      const flag = `--${spec.long}`;
      let value = '';
      if (spec.takesValue) {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else throw new UsageError(`option --${spec.long} requires argument`);
      } else if (eq >= 0) {
        throw new UsageError(`option --${spec.long} must not have an argument`);
      }
      apply(spec, value, flag);
    } else if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j];
        if (letter === 'h' || letter === '?') {
          help = true;
          continue;
        }
        if (letter === 'v') {
          version = true;
          continue;
        }
        const spec = OPTIONS.find((o) => o.short === letter);
        if (!spec) throw new UsageError(`option -${letter} not recognized`);
        let value = '';
        if (spec.takesValue) {
          if (j + 1 < arg.length) value = arg.slice(j + 1);
          else if (i + 1 < argv.length) value = argv[++i];
          else throw new UsageError(`option -${letter} requires argument`);
          apply(spec, value, `-${letter}`);
          break;
        }
        apply(spec, value, `-${letter}`);
      }
    } else {
      // getopt stops at the first non-option
      positional.push(...argv.slice(i));
      break;
    }
  }
  if (help) return { action: 'help' };
  if (version) return { action: 'version' };
  if (positional.length > 0) {
    throw new UsageError(`positional arguments are not supported: [${positional.map((p) => `'${p}'`).join(', ')}]`);
  }
  const { configFile, profileOptions, ...overrides } = into;
  return { action: 'run', configFile, overrides, profileOptions };
}

export function helpText(argv0: string): string {
  return `supervisord -- run a set of applications as daemons.

Usage: ${argv0} [options]

Options:
-c/--configuration FILENAME -- configuration file path (searches if not given)
-n/--nodaemon -- run in the foreground (same as 'nodaemon=true' in config file)
-s/--silent -- no logs to stdout (maps to 'silent=true' in config file)
-h/--help -- print this usage message and exit
-v/--version -- print supervisord version number and exit
-u/--user USER -- run supervisord as this user (or numeric uid)
-m/--umask UMASK -- use this umask for daemon subprocess (default is 022)
-d/--directory DIRECTORY -- directory to chdir to when daemonized
-l/--logfile FILENAME -- use FILENAME as logfile path
-y/--logfile_maxbytes BYTES -- use BYTES to limit the max size of logfile
-z/--logfile_backups NUM -- number of backups to keep when max bytes reached
-e/--loglevel LEVEL -- use LEVEL as log level (debug,info,warn,error,critical)
-j/--pidfile FILENAME -- write a pid file for the daemon process to FILENAME
-i/--identifier STR -- identifier used for this instance of supervisord
-q/--childlogdir DIRECTORY -- the log directory for child process logs
-k/--nocleanup --  prevent the process from performing cleanup (removal of
                   old automatic child log files) at startup.
-a/--minfds NUM -- the minimum number of file descriptors for start success
-t/--strip_ansi -- strip ansi escape codes from process output
--minprocs NUM  -- the minimum number of processes available for start success
--profile_options OPTIONS -- run supervisord under profiler and output
                             results based on OPTIONS, which  is a comma-sep'd
                             list of 'cumulative', 'calls', and/or 'callers',
                             e.g. 'cumulative,callers')
`;
}
