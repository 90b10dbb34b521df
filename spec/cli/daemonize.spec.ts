import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DAEMON_BIN, waitFor } from '../helpers/daemon';

jest.setTimeout(30000);

it('daemonizes: the command returns once the pidfile is written, the daemon runs in its own session', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-daemonize-'));
  const conf = path.join(dir, 's.conf');
  fs.writeFileSync(
    conf,
    `[supervisord]\nlogfile=${dir}/l.log\npidfile=${dir}/p.pid\nchildlogdir=${dir}\n[unix_http_server]\nfile=${dir}/s.sock\n` +
      '[rpcinterface:supervisor]\nsupervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n' +
      `[supervisorctl]\nserverurl=unix://${dir}/s.sock\n[program:s]\ncommand=/bin/sleep 1000\n`,
  );
  execFileSync(process.execPath, [DAEMON_BIN, '-c', conf], { timeout: 20000 });
  const pid = Number(fs.readFileSync(`${dir}/p.pid`, 'utf8'));
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    expect(Number(stat[3])).toBe(pid); // session id == pid: setsid() happened
    expect(fs.existsSync(`${dir}/s.sock`)).toBe(true);
    expect(fs.readFileSync(`${dir}/l.log`, 'utf8')).toContain('daemonizing the supervisord process');
  } finally {
    process.kill(pid, 'SIGTERM');
    await waitFor(() => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'), 15000, 'daemon exit');
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
