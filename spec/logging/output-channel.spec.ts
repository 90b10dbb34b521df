import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MainLog } from '../../lib/logging/main-log';
import { OutputChannel } from '../../lib/logging/output-channel';
import { RotatingFile } from '../../lib/logging/rotating-file';

describe('OutputChannel capture mode', () => {
  let dir: string;
  let file: RotatingFile;
  let mainLog: MainLog;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-chan-'));
    file = new RotatingFile(path.join(dir, 'out.log'), 0, 0);
    mainLog = new MainLog({ logfile: path.join(dir, 'main.log'), maxbytes: 0, backups: 0, level: 10, echo: false });
  });
  afterEach(() => {
    file.close();
    mainLog.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('captures between tokens split across chunks into one comm event; the rest goes to the log', () => {
    const comms: string[] = [];
    const channel = new OutputChannel({
      processName: 'p', channel: 'stdout', file, syslog: false, mainLog, stripAnsi: false, captureMaxbytes: 1000,
      onCommEvent: (data) => comms.push(data.toString()),
    });
    for (const chunk of ['before <!--XSUPER', 'VISOR:BEGIN-->captured', ' data<!--XSUPERVISOR:E', 'ND-->after\n', 'more output here.........\n']) {
      channel.write(Buffer.from(chunk));
    }
    expect(comms).toEqual(['captured data']);
    expect(fs.readFileSync(path.join(dir, 'out.log'), 'utf8')).toBe('before after\nmore output here.........\n');
    expect(fs.readFileSync(path.join(dir, 'main.log'), 'utf8')).toContain("DEBG 'p' stdout emitted a comm event");
  });

  it('keeps nothing that points into the chunk it was given (the pipe reader reuses its buffer)', () => {
    const kept: Buffer[] = [];
    const comms: string[] = [];
    const channel = new OutputChannel({
      processName: 'p', channel: 'stdout', file, syslog: false, mainLog, stripAnsi: false, captureMaxbytes: 1000,
      onLogEvent: (data) => kept.push(data),
      onCommEvent: (data) => comms.push(data.toString()),
    });
    const reused = Buffer.alloc(64);
    const feed = (text: string) => {
      reused.fill(0x2a); // what the next read would leave in the buffer
      const n = reused.write(text);
      channel.write(reused.subarray(0, n));
      reused.fill(0x2a);
    };
    // (a rest shorter than a token waits for more output, and captured text is logged too, as in the reference)
    for (const text of ['one <!--XSUPERVISOR:BEG', 'IN-->two<!--XSUPERVISOR:END--> three\n', 'four, long enough to be looked at\n']) feed(text);
    expect(kept.map(String).join('')).toBe('one two three\nfour, long enough to be looked at\n');
    expect(comms).toEqual(['two']);
  });

  it('strips ANSI escapes when asked and emits PROCESS_LOG data per chunk', () => {
    const events: string[] = [];
    const channel = new OutputChannel({
      processName: 'p', channel: 'stderr', file, syslog: false, mainLog, stripAnsi: true, captureMaxbytes: 0,
      onLogEvent: (data) => events.push(data.toString()),
    });
    channel.write(Buffer.from('\x1b[31mred\x1b[0m plain\n'));
    expect(fs.readFileSync(path.join(dir, 'out.log'), 'utf8')).toBe('red plain\n');
    expect(events).toEqual(['red plain\n']);
  });
});

describe('MainLog', () => {
  it('writes supervisord lines synchronously and filters by level', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-main-'));
    const log = new MainLog({ logfile: path.join(dir, 'm.log'), maxbytes: 0, backups: 0, level: 20, echo: false });
    log.info('hello');
    log.debug('hidden');
    log.critical('multi\nline');
    const text = fs.readFileSync(path.join(dir, 'm.log'), 'utf8');
    expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} INFO hello\n\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} CRIT multi\nline\n$/);
    log.clear();
    expect(fs.readFileSync(path.join(dir, 'm.log'), 'utf8')).toBe('');
    log.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
