import { parseSupervisordArgs, UsageError } from '../../lib/cli/args';
import { runDaemonExpectingFailure, DAEMON_BIN } from '../helpers/daemon';
import { execFileSync } from 'node:child_process';

describe('supervisord command line', () => {
  it('parses short, clustered, attached and long (abbreviated) options', () => {
    expect(parseSupervisordArgs(['-nc', '/x.conf', '-e', 'debug', '--identifier=abc', '--minp', '300', '-kt'])).toEqual({
      action: 'run',
      configFile: '/x.conf',
      overrides: { nodaemon: true, loglevel: 10, identifier: 'abc', minprocs: 300, nocleanup: true, stripAnsi: true },
      profileOptions: undefined,
    });
    expect(parseSupervisordArgs(['-c/y.conf']).action).toBe('run');
    expect(parseSupervisordArgs(['-?'])).toEqual({ action: 'help' });
    expect(parseSupervisordArgs(['--vers'])).toEqual({ action: 'version' });
  });

  it.each([
    [['-x'], 'option -x not recognized'],
    [['-c'], 'option -c requires argument'],
    [['-m', '99x'], "invalid value for -m '99x': 99x can not be converted to an octal type"],
    [['-c', 'a', '-c', 'b'], "conflicting command line option '-c'"],
    [['x'], "positional arguments are not supported: ['x']"],
    [['--nosuch'], 'option --nosuch not recognized'],
  ])('%j → %s', (argv, message) => {
    expect(() => parseSupervisordArgs(argv)).toThrow(new UsageError(message));
  });

  it('prints the version and help like the reference', () => {
    expect(execFileSync(process.execPath, [DAEMON_BIN, '-v']).toString()).toBe('4.2.5\n');
    expect(execFileSync(process.execPath, [DAEMON_BIN, '-h']).toString()).toMatch(/^supervisord -- run a set of applications as daemons\.\n\nUsage: /);
  });

  it('refuses a bad config with Error:, the help hint and exit status 2', async () => {
    const r = await runDaemonExpectingFailure('[supervisord]\nlogfile=@TMP@/l\npidfile=@TMP@/p\n[program:x]\nautostart=maybe\ncommand=/bin/true\n');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: not a valid boolean value: 'maybe' in section 'program:x' \(file: '.*supervisord\.conf'\)\nFor help, use .*tsupervisord -h\n$/);
  });
});
