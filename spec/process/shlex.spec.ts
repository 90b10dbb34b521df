import { shlexSplit, ShlexError } from '../../lib/process/shlex';

describe('shlexSplit (Python shlex.split, POSIX mode)', () => {
  it.each([
    ['/bin/echo hello world', ['/bin/echo', 'hello', 'world']],
    ["sh -c 'a; b'", ['sh', '-c', 'a; b']],
    ['sh -c "echo \\"hi\\" $HOME"', ['sh', '-c', 'echo "hi" $HOME']],
    ['a "b\\c"', ['a', 'b\\c']],
    ["a ''", ['a', '']],
    ['a\\ b c', ['a b', 'c']],
    ['/bin/echo\ncontinued line', ['/bin/echo', 'continued', 'line']],
    ["x'y'\"z\"", ['xyz']],
    ['   ', []],
  ])('splits %j', (input, expected) => {
    expect(shlexSplit(input)).toEqual(expected);
  });

  it('reports an unclosed quote like Python', () => {
    expect(() => shlexSplit('echo "oops')).toThrow(new ShlexError('No closing quotation'));
    expect(() => shlexSplit("echo 'oops")).toThrow('No closing quotation');
  });

  it('reports a trailing backslash like Python', () => {
    expect(() => shlexSplit('echo \\')).toThrow('No escaped character');
  });
});
