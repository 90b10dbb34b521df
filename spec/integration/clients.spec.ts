/** Clients other than Python's: Ruby's xmlrpc (Debian) and Node's xmlrpc package, plus hostile input. */
import { execFile } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { REPO, startDaemon, Daemon } from '../helpers/daemon';

jest.setTimeout(60000);

function raw(socketPath: string, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = net.connect(socketPath);
    let data = '';
    sock.on('data', (c) => (data += c.toString('latin1')));
    sock.on('end', () => resolve(data));
    sock.on('error', reject);
    sock.setTimeout(10000, () => sock.destroy(new Error('timeout')));
    sock.end(request);
  });
}

function post(socketPath: string, body: string | Buffer, extra = ''): Promise<string> {
  const b = Buffer.isBuffer(body) ? body : Buffer.from(body);
  return raw(socketPath, Buffer.concat([Buffer.from(`POST /RPC2 HTTP/1.0\r\nContent-Length: ${b.length}\r\n${extra}\r\n`), b]));
}

describe('other clients and hostile input', () => {
  let d: Daemon;
  beforeAll(async () => {
    d = await startDaemon({ inet: true, auth: false, programs: '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\nautostart=false\n' });
  });
  afterAll(async () => {
    await d?.stop();
  });

  it('Ruby xmlrpc: getAllProcessInfo, startProcess, system.multicall and a fault', async () => {
    const authed = await startDaemon({ inet: true, auth: true, programs: '[program:sleeper]\ncommand=/bin/sleep 1000\nstartsecs=0\nautostart=false\n' });
    try {
      const out = await new Promise<string>((resolve, reject) =>
        execFile('ruby', [path.join(REPO, 'fixtures', 'clients', 'ruby_client.rb'), String(authed.port), 'sleeper'], { timeout: 30000 }, (err, stdout, stderr) =>
          err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout),
        ),
      );
      expect(JSON.parse(out)).toEqual({
        names: ['sleeper'],
        pid_class: 'Integer',
        started: true,
        multi: [{ statecode: 1, statename: 'RUNNING' }, { faultCode: 10, faultString: 'BAD_NAME: nosuch' }],
        fault: { code: 10, string: 'BAD_NAME: nosuch' },
      });
    } finally {
      await authed.stop();
    }
  });

  it('Node xmlrpc: the same calls through an independent serializer', async () => {
    expect((await d.rpc('supervisor.getAllProcessInfo')).map((p: { name: string }) => p.name)).toEqual(['sleeper']);
    expect(await d.rpc('system.multicall', [{ methodName: 'supervisor.getAPIVersion', params: [] }])).toEqual(['3.0']);
  });

  it('answers malformed XML, bad methods, deep nesting, huge bodies and bad HTTP without dying', async () => {
    expect(await post(d.socketPath, '<methodCall><methodName>supervisor.getState')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await post(d.socketPath, 'this is not xml')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await post(d.socketPath, '<?xml version="1.0"?><methodCall><methodName>x\x01</methodName></methodCall>')).toMatch(/^HTTP\/1\.1 400 /);
    const unknown = await post(d.socketPath, '<?xml version="1.0"?><methodCall><methodName>supervisor.__init__</methodName></methodCall>');
    expect(unknown).toContain('<name>faultCode</name>\n<value><int>1</int></value>');
    const deep = '<value><array><data>'.repeat(20000) + '</data></array></value>'.repeat(20000);
    const nested = await post(d.socketPath, `<?xml version="1.0"?><methodCall><methodName>system.methodHelp</methodName><params><param>${deep}</param></params></methodCall>`);
    expect(nested).toMatch(/^HTTP\/1\.1 200 /);
    const huge = await raw(d.socketPath, `POST /RPC2 HTTP/1.0\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 413 /);
    expect(await raw(d.socketPath, 'GET /RPC2 HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 400 /);
    expect(await raw(d.socketPath, 'POST /RPC2 HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 411 /);
    expect(await raw(d.socketPath, 'garbage\r\n\r\n')).toBe('');
    const wrongTypes = await post(d.socketPath, '<?xml version="1.0"?><methodCall><methodName>supervisor.getProcessInfo</methodName><params><param><value><int>5</int></value></param></params></methodCall>');
    expect(wrongTypes).toMatch(/^HTTP\/1\.1 500 /);
    expect(await d.rpc('supervisor.getState')).toEqual({ statecode: 1, statename: 'RUNNING' });
    expect(d.mainLog()).toContain('is invalid: unmarshallable');
  });

  it('requires auth on every path of an authenticated server', async () => {
    const authed = await startDaemon({ auth: true });
    try {
      for (const p of ['/RPC2', '/logtail/x', '/mainlogtail', '/index.html', '/anything']) {
        expect(await raw(authed.socketPath, `GET ${p} HTTP/1.0\r\n\r\n`)).toMatch(/^HTTP\/1\.1 401 [\s\S]*WWW-Authenticate: Basic realm="default"/);
      }
    } finally {
      await authed.stop();
    }
  });
});
