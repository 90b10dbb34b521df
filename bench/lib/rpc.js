'use strict';
// A client that measures the server, not itself: one persistent HTTP/1.1 connection over the Unix socket,
// requests pre-built as bytes, responses framed by Content-Length without XML parsing.
const net = require('node:net');

function request(method, paramsXml = '') {
  const body = `<?xml version='1.0'?>\n<methodCall>\n<methodName>${method}</methodName>\n<params>\n${paramsXml}</params>\n</methodCall>\n`;
  return Buffer.from(`POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
}

const param = {
  string: (s) => `<param>\n<value><string>${s}</string></value>\n</param>\n`,
  bool: (b) => `<param>\n<value><boolean>${b ? 1 : 0}</boolean></value>\n</param>\n`,
};

class Connection {
  constructor(socketPath) {
    this.sock = net.connect(socketPath);
    this.buf = Buffer.alloc(0);
    this.waiting = null;
    this.sock.on('data', (c) => {
      this.buf = this.buf.length ? Buffer.concat([this.buf, c]) : c;
      this.drain();
    });
    this.ready = new Promise((resolve, reject) => {
      this.sock.once('connect', resolve);
      this.sock.once('error', reject);
    });
  }

  drain() {
    if (!this.waiting) return;
    const end = this.buf.indexOf('\r\n\r\n');
    if (end < 0) return;
    const m = /content-length:\s*(\d+)/i.exec(this.buf.subarray(0, end).toString('latin1'));
    const total = end + 4 + Number(m ? m[1] : 0);
    if (this.buf.length < total) return;
    const response = this.buf.subarray(end + 4, total).toString('utf8');
    this.buf = this.buf.subarray(total);
    const done = this.waiting;
    this.waiting = null;
    done(response);
  }

  call(requestBytes) {
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.sock.write(requestBytes);
    });
  }

  close() {
    this.sock.destroy();
  }
}

/** One-off call: returns the response body text. */
async function call(socketPath, method, paramsXml) {
  const c = new Connection(socketPath);
  await c.ready;
  const text = await c.call(request(method, paramsXml));
  c.close();
  return text;
}

module.exports = { Connection, request, param, call };
