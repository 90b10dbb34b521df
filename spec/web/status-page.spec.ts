/** The web interface over HTTP: status page, actions with their redirect messages, tail page, health check. */
import * as http from 'node:http';
import { startDaemon, Daemon } from '../helpers/daemon';
import { ctime } from '../../lib/web/status-page';

jest.setTimeout(60000);

function get(port: number, path: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      })
      .on('error', reject);
  });
}

describe('web interface', () => {
  let d: Daemon;
  beforeAll(async () => {
    d = await startDaemon({
      inet: true,
      programs: '[program:talker]\ncommand=/bin/sh -c "echo hello-web; sleep 1000"\nstartsecs=0\n[program:idle]\ncommand=/bin/sleep 1000\nautostart=false\n',
    });
    await d.waitForState('talker', ['RUNNING']);
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('answers /ok.html for health checks', async () => {
    expect(await get(d.port!, '/ok.html')).toMatchObject({ status: 200, body: 'OK' });
  });

  it('lists processes with their state, description and actions', async () => {
    const page = await get(d.port!, '/');
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(page.body).toContain('<span class="statusrunning">running</span>');
    expect(page.body).toMatch(/<td>pid \d+, uptime 0:00:\d\d<\/td>/);
    expect(page.body).toContain('<span class="statusnominal">stopped</span>');
    expect(page.body).toContain('href="index.html?processname=idle&amp;action=start"');
  });

  it('performs actions and redirects with the reference messages', async () => {
    const start = await get(d.port!, '/index.html?processname=idle&action=start');
    expect(start.status).toBe(301);
    expect(start.headers.location).toBe(`http://127.0.0.1:${d.port}/?message=Process%20idle%20started`);
    expect((await d.rpc('supervisor.getProcessInfo', 'idle')).statename).toBe('RUNNING');
    const again = await get(d.port!, '/index.html?processname=idle&action=start');
    expect(decodeURIComponent(again.headers.location!.split('message=')[1])).toBe('ERROR: Process idle: already started');
    const missing = await get(d.port!, '/index.html?processname=nosuch&action=stop');
    expect(decodeURIComponent(missing.headers.location!.split('message=')[1])).toBe('No such process named nosuch');
    expect((await get(d.port!, '/index.html?action=bogus')).status).toBe(500);
  });

  it('shows the tail of a log', async () => {
    const tail = await get(d.port!, '/tail.html?processname=talker');
    expect(tail.body).toContain('<title>Supervisor tail of process talker</title>');
    expect(tail.body).toContain('hello-web');
    expect((await get(d.port!, '/tail.html')).body).toContain('No process name found');
  });

  it('formats times like Python time.ctime()', () => {
    expect(ctime(new Date(2026, 10, 4, 23, 39, 10))).toBe('Wed Nov  4 23:39:10 2026');
  });
});
