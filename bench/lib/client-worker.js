'use strict';
// A load-generating client process: calls one method repeatedly for a fixed time on a persistent connection.
const { Connection, request } = require('./rpc');

process.on('message', async ({ socketPath, method, durationMs }) => {
  const c = new Connection(socketPath);
  await c.ready;
  const req = request(method);
  let calls = 0;
  const end = Date.now() + durationMs;
  while (Date.now() < end) {
    await c.call(req);
    calls++;
  }
  c.close();
  process.send({ calls });
});
