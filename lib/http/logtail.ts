/** Streams a growing log file as a never-ending chunked response (GET /logtail/..., /mainlogtail). */
import * as fs from 'node:fs';
import * as http from 'node:http';

type Follow = (path: string, onData: (chunk: Buffer) => void) => { stop(): void };

export function streamFile(req: http.IncomingMessage, res: http.ServerResponse, file: string, follow: Follow, accelHeader: boolean): void {
  let mtime = new Date();
  try {
    mtime = fs.statSync(file).mtime;
  } catch {
    // vanished between routing and now: stream whatever appears
  }
  res.setHeader('Last-Modified', mtime.toUTCString());
  res.setHeader('Content-Type', 'text/plain;charset=utf-8');
  if (accelHeader) res.setHeader('X-Accel-Buffering', 'no');
  res.writeHead(200);
  res.flushHeaders();
  const follower = follow(file, (chunk) => {
    if (chunk.length > 0) res.write(chunk);
  });
  const stop = () => follower.stop();
  req.on('close', stop);
  res.on('close', stop);
}
