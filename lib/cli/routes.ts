/** Connects the HTTP front end to the daemon: RPC, the web interface, and the files behind /logtail and /mainlogtail. */
import * as fs from 'node:fs';
import type { HttpRoutes } from '../http/server';
import { followFile } from '../logging/follower';
import type { RpcDispatcher } from '../rpc/dispatch';
import { splitNamespec } from '../rpc/namespec';
import type { Supervisor } from '../supervisor';
import { WebInterface } from '../web/status-page';
import { processInfo } from '../rpc/process-info';

function existing(path: string | null): string | null {
  return path !== null && fs.existsSync(path) ? path : null;
}

export function httpRoutes(sup: Supervisor, rpc: RpcDispatcher): HttpRoutes {
  const ui = new WebInterface(rpc, () => sup.processesLexical().map(processInfo));
  return {
    rpc,
    web: (request, respond) => ui.handle(request, respond),
    processLogPath(namespec: string, channel: string): string | null {
      if (channel !== 'stdout' && channel !== 'stderr') return null;
      const { groupName, processName } = splitNamespec(namespec);
      if (processName === null) return null;
      const proc = sup.groups.get(groupName)?.byName.get(processName);
      return proc ? existing(proc.logPaths[channel]) : null;
    },
    mainLogPath: () => existing(sup.log.path),
    followFile: (path, onData) => followFile(path, onData),
  };
}
