'use strict';
/**
 * The resident memory a minimal Node RPC server reaches, for comparing with the idle-RSS target.
 *
 *     node bench/node-floor.js [requests]        (default 100; settles 20 s like the idle workload)
 *
 * A 20-line `node:http` server on a Unix socket answers `requests` small POSTs over one keep-alive connection from
 * inside the same process, waits 20 s, and prints VmRSS split into the `node` binary's file pages and anonymous
 * memory. Nothing of tsupervisor is loaded: whatever it prints is a floor for any Node daemon that serves RPC.
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const requests = Number(process.argv[2] ?? 100);
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tsup-floor-'));
const socketPath = path.join(dir, 's.sock');
const ANSWER = "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><string>RUNNING</string></value>\n</param>\n</params>\n</methodResponse>\n";

function residentByMapping() {
  const out = { total: 0, binary: 0, anon: 0 };
  let name = '';
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const head = /^[0-9a-f]+-[0-9a-f]+ \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (head) {
      name = head[1];
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (!rss) continue;
    const kib = Number(rss[1]);
    out.total += kib;
    if (name === process.execPath || name.endsWith('/node')) out.binary += kib;
    else if (name === '') out.anon += kib;
  }
  return out;
}

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => res.end(ANSWER));
});

server.listen(socketPath, async () => {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; i < requests; i++) {
    await new Promise((resolve, reject) => {
      const req = http.request({ socketPath, path: '/RPC2', method: 'POST', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('<?xml version="1.0"?><methodCall><methodName>supervisor.getState</methodName></methodCall>');
    });
  }
  agent.destroy();
  setTimeout(() => {
    const r = residentByMapping();
    const mib = (kib) => (kib / 1024).toFixed(1);
    console.log(`${requests} requests answered, settled 20 s: RSS ${mib(r.total)} MiB (node binary ${mib(r.binary)}, anonymous ${mib(r.anon)})`);
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }, 20000);
});
