import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cleanupAutoLogs, createAutoLogFile } from '../../lib/logging/autolog';
import { LogReadError, readLogRange, tailLog } from '../../lib/logging/read';
import { RotatingFile } from '../../lib/logging/rotating-file';
import { pythonBytesRepr, decodeForDisplay } from '../../lib/logging/text';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-log-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('RotatingFile', () => {
  it('rotates after the write that reaches maxbytes, .1 newest, at most `backups` backups, no bytes lost', () => {
    const file = path.join(dir, 'x.log');
    const log = new RotatingFile(file, 10, 2);
    const written: Buffer[] = [];
    for (let i = 0; i < 7; i++) {
      const chunk = Buffer.from(`chunk${i}\xff\n`, 'latin1');
      written.push(chunk);
      log.write(chunk);
    }
    log.close();
    expect(fs.existsSync(`${file}.3`)).toBe(false);
    const kept = Buffer.concat([fs.readFileSync(`${file}.2`), fs.readFileSync(`${file}.1`), fs.readFileSync(file)]);
    expect(Buffer.concat(written.slice(-kept.length / written[0].length)).equals(kept)).toBe(true);
  });

  it('truncates instead of keeping a backup when backups=0, and never rotates with maxbytes=0', () => {
    const a = path.join(dir, 'a.log');
    const ra = new RotatingFile(a, 4, 0);
    ra.write(Buffer.from('12345'));
    ra.write(Buffer.from('67'));
    ra.close();
    expect(fs.readFileSync(a, 'utf8')).toBe('67');
    expect(fs.existsSync(`${a}.1`)).toBe(false);
    const b = path.join(dir, 'b.log');
    const rb = new RotatingFile(b, 0, 5);
    for (let i = 0; i < 100; i++) rb.write(Buffer.from('0123456789'));
    rb.close();
    expect(fs.statSync(b).size).toBe(1000);
  });

  it('works on non-seekable targets with maxbytes=0', () => {
    const log = new RotatingFile('/dev/null', 0, 0);
    log.write(Buffer.from('ok'));
    log.close();
  });
});

describe('log reads (logging-and-http.md §6)', () => {
  let file: string;
  beforeEach(() => {
    file = path.join(dir, 'r.log');
    fs.writeFileSync(file, '0123456789ABCDEFGHIJ');
  });
  const read = (o: number, l: number) => readLogRange(file, o, l).toString();

  it('readLog offsets', () => {
    expect(read(0, 0)).toBe('0123456789ABCDEFGHIJ');
    expect(read(0, 5)).toBe('01234');
    expect(read(5, 5)).toBe('56789');
    expect(read(18, 5)).toBe('IJ');
    expect(read(20, 5)).toBe('');
    expect(read(-5, 0)).toBe('FGHIJ');
    expect(read(-25, 0)).toBe('0123456789ABCDEFGHIJ');
    expect(() => read(-10, 5)).toThrow(LogReadError);
    expect(() => read(10, -5)).toThrow(LogReadError);
    expect(() => readLogRange(path.join(dir, 'missing'), 0, 0)).toThrow(expect.objectContaining({ kind: 'NO_FILE' }));
  });

  it.each([
    [0, 0, '', true],
    [0, 5, 'FGHIJ', true],
    [0, 20, '0123456789ABCDEFGHIJ', false],
    [0, 100, '0123456789ABCDEFGHIJ', false],
    [15, 5, 'FGHIJ', false],
    [15, 10, 'ABCDEFGHIJ', false],
    [19, 1, 'J', false],
    [20, 5, '', false],
    [100, 5, '', false],
    [-5, 5, 'FGHIJ', true],
    [0, -5, '', true],
    [-100, 10, 'ABCDEFGHIJ', true],
  ])('tail(%d, %d) → %j overflow=%s', (offset, length, text, overflow) => {
    const r = tailLog(file, offset, length);
    expect([r.data.toString(), r.offset, r.overflow]).toEqual([text, 20, overflow]);
  });

  it('tail of a missing file is empty, not a fault', () => {
    expect(tailLog(null, 0, 10)).toEqual({ data: Buffer.alloc(0), offset: 0, overflow: false });
  });
});

describe('AUTO logs', () => {
  it('names files like the reference and cleans old ones of the same identifier only', () => {
    const created = createAutoLogFile(dir, 'echoer', 'stdout', 'supervisor');
    expect(path.basename(created)).toMatch(/^echoer-stdout---supervisor-[a-z0-9_]{8}\.log$/);
    expect(fs.statSync(created).mode & 0o777).toBe(0o600);
    fs.writeFileSync(`${created}.1`, 'old');
    fs.writeFileSync(path.join(dir, 'other-stdout---otherid-abcdefgh.log'), '');
    cleanupAutoLogs(dir, 'supervisor', () => undefined);
    expect(fs.readdirSync(dir)).toEqual(['other-stdout---otherid-abcdefgh.log']);
  });
});

describe('text helpers', () => {
  it('reprs bytes exactly like Python', () => {
    expect(pythonBytesRepr(Buffer.from('READY\n'))).toBe("b'READY\\n'");
    expect(pythonBytesRepr(Buffer.from([0x00, 0x7f, 0x80, 0x5c, 0x09, 0x0d]))).toBe("b'\\x00\\x7f\\x80\\\\\\t\\r'");
    expect(pythonBytesRepr(Buffer.from("it's"))).toBe('b"it\'s"');
    expect(pythonBytesRepr(Buffer.from('\'"'))).toBe("b'\\'\"'");
    expect(decodeForDisplay(Buffer.from([0x88, 0x0a]))).toBe("Undecodable: b'\\x88\\n'");
    expect(decodeForDisplay(Buffer.from('Malmö'))).toBe('Malmö');
  });
});
