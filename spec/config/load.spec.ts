import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { groupConfigsEqual } from '../../lib/config/compare';
import { loadConfig } from '../../lib/config/load';

describe('loadConfig', () => {
  let dir: string;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return file;
  };
  const base = () => `[supervisord]\nlogfile=${dir}/s.log\npidfile=${dir}/s.pid\nchildlogdir=${dir}\n`;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-load-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds numprocs processes with expanded names, sorted groups and defaults', () => {
    const file = write(
      'a.conf',
      base() +
        '[program:w]\ncommand=/bin/sleep %(process_num)d\nprocess_name=%(program_name)s-%(process_num)03d\nnumprocs=2\nnumprocs_start=5\npriority=5\n' +
        '[program:b]\ncommand=/bin/true\n',
    );
    const config = loadConfig(file, {}, { HOME: '/root' });
    expect(config.groups.map((g) => g.name)).toEqual(['w', 'b']);
    const [w] = config.groups;
    expect(w.processes.map((p) => [p.name, p.command])).toEqual([['w-005', '/bin/sleep 5'], ['w-006', '/bin/sleep 6']]);
    const b = config.groups[1].processes[0];
    expect(b).toMatchObject({ autostart: true, autorestart: 'unexpected', startsecs: 1, startretries: 3, stopsignal: 15, stopwaitsecs: 10, exitcodes: [0] });
    expect(b.stdout).toMatchObject({ logfile: { kind: 'auto' }, maxbytes: 50 * 1024 * 1024, backups: 10 });
  });

  it('expands ENV_ names from the environment and [supervisord] environment, and %(here)s', () => {
    const file = write('a.conf', base() + 'environment=GREETING="hi there"\n[program:e]\ncommand=/bin/echo %(ENV_HOME)s %(ENV_GREETING)s %(here)s\n');
    const config = loadConfig(file, {}, { HOME: '/home/me' });
    expect(config.groups[0].processes[0].command).toBe(`/bin/echo /home/me hi there ${dir}`);
  });

  it('forms heterogeneous groups and includes files relative to the main config', () => {
    write('conf.d/extra.conf', '[program:inc]\ncommand=/bin/cat %(here)s\n');
    const file = write('a.conf', base() + '[include]\nfiles=conf.d/*.conf nomatch/*.ini\n[group:g]\nprograms=p1,p2\npriority=3\n[program:p1]\ncommand=/bin/true\n[program:p2]\ncommand=/bin/false\n');
    const config = loadConfig(file, {}, {});
    expect(config.groups.map((g) => [g.name, g.processes.map((p) => p.name)])).toEqual([['g', ['p1', 'p2']], ['inc', ['inc']]]);
    expect(config.groups[1].processes[0].command).toBe(`/bin/cat ${dir}/conf.d`);
    expect(config.infos).toEqual([`Included extra file "${dir}/conf.d/extra.conf" during parsing`]);
    expect(config.warnings).toEqual([`No file matches via include "${dir}/nomatch/*.ini"`]);
  });

  it.each([
    ['[program:x]\nautostart=maybe\ncommand=/bin/true\n', "not a valid boolean value: 'maybe' in section 'program:x' (file: '@FILE@')"],
    ['[program:x]\nstartsecs=1\n', "program section program:x does not specify a command in section 'program:x' (file: '@FILE@')"],
    ['[program:x]\ncommand=/bin/true\npriority=high\n', "invalid literal for int() with base 10: 'high'"],
    ['[program:x]\ncommand=/bin/true\nnumprocs=2\n', "%(process_num) must be present within process_name when numprocs > 1 in section 'program:x' (file: '@FILE@')"],
    ['[eventlistener:l]\ncommand=/bin/true\n', '[eventlistener:l] section requires an "events" line'],
    ['[eventlistener:l]\ncommand=/bin/true\nevents=FOO\n', 'Unknown event type FOO in [eventlistener:l] events'],
    ['[group:g]\nprograms=nope\n', '[group:g] names unknown program or fcgi-program nope'],
    ['[rpcinterface:x]\nsupervisor.rpcinterface_factory = my.module:make\n', 'my.module:make cannot be resolved within [rpcinterface:x]'],
    ['[inet_http_server]\nport=127.0.0.1:9001\nusername=u\n', 'Section [inet_http_server] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified'],
  ])('refuses %j', (programs, message) => {
    const file = write('a.conf', base() + programs);
    expect(() => loadConfig(file, {}, {})).toThrow(message.replace('@FILE@', file));
  });

  it('refuses a file without [supervisord] and a missing file', () => {
    const file = write('a.conf', '[program:x]\ncommand=/bin/true\n');
    expect(() => loadConfig(file, {}, {})).toThrow('.ini file does not include supervisord section');
    expect(() => loadConfig(`${dir}/nope.conf`, {}, {})).toThrow(`could not find config file ${dir}/nope.conf`);
  });

  it('lets the command line override the file', () => {
    const file = write('a.conf', base() + 'identifier=fromfile\nloglevel=warn\n');
    const config = loadConfig(file, { identifier: 'fromcli', loglevel: 10 }, {});
    expect(config.supervisord.identifier).toBe('fromcli');
    expect(config.supervisord.loglevel).toBe(10);
  });

  it('detects changed groups and ignores AUTO log names', () => {
    const a = write('a.conf', base() + '[program:x]\ncommand=/bin/true\n');
    const b = write('b.conf', base() + '[program:x]\ncommand=/bin/false\n');
    const ga = loadConfig(a, {}, {}).groups[0];
    expect(groupConfigsEqual(ga, loadConfig(a, {}, {}).groups[0], {})).toBe(true);
    expect(groupConfigsEqual(ga, loadConfig(b, {}, {}).groups[0], {})).toBe(false);
  });
});
