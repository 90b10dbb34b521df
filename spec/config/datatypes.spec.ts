import {
  parseAutorestart, parseBoolean, parseByteSize, parseEnvironment, parseExitCodes, parseInetAddress, parseInteger,
  parseOctal, parseSignalValue, processOrGroupName,
} from '../../lib/config/datatypes';
import { expand } from '../../lib/config/expand';

describe('config datatypes', () => {
  it('booleans', () => {
    for (const t of ['yes', 'TRUE', 'on', '1']) expect(parseBoolean(t)).toBe(true);
    for (const f of ['no', 'False', 'off', '0']) expect(parseBoolean(f)).toBe(false);
    expect(() => parseBoolean('maybe')).toThrow("not a valid boolean value: 'maybe'");
  });

  it('byte sizes', () => {
    expect(parseByteSize('10')).toBe(10);
    expect(parseByteSize('1KB')).toBe(1024);
    expect(parseByteSize('10 MB')).toBe(10 * 1024 * 1024);
    expect(parseByteSize('1gb')).toBe(1024 ** 3);
    expect(() => parseByteSize('1.5MB')).toThrow("invalid literal for int() with base 10: '1.5'");
  });

  it('integers like Python int()', () => {
    expect(parseInteger(' -5 ')).toBe(-5);
    expect(parseInteger('1_000')).toBe(1000);
    expect(() => parseInteger('high')).toThrow("invalid literal for int() with base 10: 'high'");
  });

  it('octal', () => {
    expect(parseOctal('022')).toBe(0o22);
    expect(parseOctal('0o777')).toBe(0o777);
    expect(() => parseOctal('8')).toThrow('8 can not be converted to an octal type');
  });

  it('signals', () => {
    expect(parseSignalValue('TERM')).toBe(15);
    expect(parseSignalValue(' sighup ')).toBe(1);
    expect(parseSignalValue('9')).toBe(9);
    expect(() => parseSignalValue('FOO')).toThrow("value 'FOO' is not a valid signal name");
    expect(() => parseSignalValue('99')).toThrow("value '99' is not a valid signal number");
  });

  it('exit codes and autorestart', () => {
    expect(parseExitCodes('0,2')).toEqual([0, 2]);
    expect(parseExitCodes('')).toEqual([]);
    expect(() => parseExitCodes('0,x')).toThrow("not a valid list of exit codes: '0,x'");
    expect(() => parseExitCodes('256')).toThrow("not a valid list of exit codes: '256'");
    expect(parseAutorestart('Unexpected')).toBe('unexpected');
    expect(parseAutorestart('on')).toBe('true');
    expect(() => parseAutorestart('sometimes')).toThrow("invalid 'autorestart' value 'sometimes'");
  });

  it('environment= KEY="value" syntax with its quirks', () => {
    expect(parseEnvironment('A="1 2",B=\'x,y\',C=plain,URL=http://h:1/a')).toEqual({ A: '1 2', B: 'x,y', C: 'plain', URL: 'http://h:1/a' });
    expect(parseEnvironment('A=1;B=2')).toEqual({ A: '1', B: '2' });
    expect(parseEnvironment('A=1,')).toEqual({ A: '1' });
    expect(parseEnvironment('A=""')).toEqual({ A: '' });
    expect(() => parseEnvironment('A=1 B=2')).toThrow("Unexpected end of key/value pairs in value 'A=1 B=2'");
  });

  it('inet ports', () => {
    expect(parseInetAddress('127.0.0.1:9001')).toEqual({ host: '127.0.0.1', port: 9001 });
    expect(parseInetAddress('*:9001')).toEqual({ host: '', port: 9001 });
    expect(parseInetAddress('9001')).toEqual({ host: '', port: 9001 });
    expect(() => parseInetAddress('h:abc')).toThrow("not a valid port number: 'abc' ");
  });

  it('names may not contain space, colon or slash', () => {
    expect(processOrGroupName(' ok ')).toBe('ok');
    expect(() => processOrGroupName('x y')).toThrow("Invalid name: 'x y' because of character: ' '");
  });
});

describe('%-expansion', () => {
  it('formats keys with Python conversions and %%', () => {
    expect(expand('%(program_name)s-%(process_num)02d', { program_name: 'w', process_num: 3 }, 'x')).toBe('w-03');
    expect(expand('date +%%s', {}, 'x')).toBe('date +%s');
    expect(expand('%(n)x', { n: 255 }, 'x')).toBe('ff');
  });

  it('reports unknown names and bad specs with the reference text', () => {
    expect(() => expand('%(bogus)s', { here: '/x', a: 1 }, 'program:x.command')).toThrow(
      "Format string '%(bogus)s' for 'program:x.command' contains names ('bogus') which cannot be expanded. Available names: a, here",
    );
    expect(() => expand('a %b', {}, 'program:x.command')).toThrow(
      "Format string 'a %b' for 'program:x.command' is badly formatted: unsupported format character 'b' (0x62) at index 3",
    );
  });
});
