import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CommandError, resolveCommand, searchPath } from '../../lib/process/command';

describe('resolveCommand', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-cmd-'));
    fs.writeFileSync(path.join(dir, 'plain'), 'x', { mode: 0o644 });
    fs.mkdirSync(path.join(dir, 'adir'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('searches PATH for bare names', () => {
    expect(resolveCommand('sh -c "exit 0"', ['/nonexistent', '/bin'])).toEqual({ filename: '/bin/sh', argv: ['sh', '-c', 'exit 0'] });
  });

  it('uses a name with a slash as-is', () => {
    expect(resolveCommand('/bin/echo hi', []).filename).toBe('/bin/echo');
  });

  it.each([
    ['/nonexistent/command --flag', 'notFound', "can't find command '/nonexistent/command'"],
    ['nosuchprog', 'notFound', "can't find command 'nosuchprog'"],
    ['', 'notExecutable', 'command is empty'],
    ['echo "x', 'notExecutable', `can't parse command 'echo "x': No closing quotation`],
  ])('%j fails with %s', (command, kind, message) => {
    try {
      resolveCommand(command, ['/bin']);
      throw new Error('expected a CommandError');
    } catch (err) {
      expect(err).toBeInstanceOf(CommandError);
      expect((err as CommandError).kind).toBe(kind);
      expect((err as CommandError).message).toBe(message);
    }
  });

  it('rejects directories and files without an x bit', () => {
    expect(() => resolveCommand(path.join(dir, 'adir'), [])).toThrow(`command at '${path.join(dir, 'adir')}' is a directory`);
    expect(() => resolveCommand(path.join(dir, 'plain'), [])).toThrow(`command at '${path.join(dir, 'plain')}' is not executable`);
  });

  it('the first PATH entry where the name exists wins, even when not executable (reference rule)', () => {
    expect(() => resolveCommand('plain', [dir, '/bin'])).toThrow('is not executable');
  });

  it('prefers the program environment PATH over the daemon PATH', () => {
    expect(searchPath({ PATH: '/a:/b' }, { PATH: '/c' })).toEqual(['/a', '/b']);
    expect(searchPath(null, { PATH: '/c:/d' })).toEqual(['/c', '/d']);
    expect(searchPath(null, {})).toEqual(['/bin', '/usr/bin', '/usr/local/bin']);
  });
});
