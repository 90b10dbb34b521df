/**
 * The `supervisor.*` XML-RPC namespace: a fixed table of plain functions over the Supervisor core.
 * Faults, shapes and types follow supervisord 4.2.5 (rpc.md §5).
 */
import { ConfigError } from '../config/types';
import { remoteCommEvent } from '../events/event';
import { LogReadError, readLogRange, tailLog } from '../logging/read';
import { SUPERVISOR_VERSION } from '../cli/args';
import { STOPPED_STATES, RUNNING_STATES, SIGNALLABLE_STATES, SupervisorState, supervisorStateName } from '../process/states';
import { Subprocess } from '../process/subprocess';
import { Supervisor } from '../supervisor';
import { RpcMethod } from './dispatch';
import { RpcFault, RpcInternalError } from './faults';
import { intParam, nameParam, pythonStr, truthy } from './params';
import { processInfo, processInfoXml } from './process-info';
import { configInfo } from './config-info';
import { applyToEach, signalOne, startOne, stopOne } from './process-control';
import { resolveNamespec, resolveProcess } from './namespec';
import { XmlRpcValue } from './values';

const API_VERSION = '3.0';
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Log bytes go out as text; invalid UTF-8 is an unexpected error (HTTP 500), as in the reference. */
function logText(data: Buffer): string {
  try {
    return utf8.decode(data);
  } catch {
    // TextDecoder throws a TypeError, which dispatch would report as INCORRECT_PARAMETERS; this is Python's
    // UnicodeDecodeError in the reference (HTTP 500 at top level, FAILED inside multicall).
    throw new RpcInternalError("<class 'UnicodeDecodeError'>", "'utf-8' codec can't decode the log bytes");
  }
}

/** read*Log: the byte range as text, with the reference's faults for missing files and bad arguments. */
function readText(path: string, offset: number, length: number): string {
  try {
    return logText(readLogRange(path, offset, length));
  } catch (err) {
    return readFault(err, path);
  }
}

function readFault(err: unknown, path: string | null): never {
  if (err instanceof LogReadError) {
    if (err.kind === 'NO_FILE') throw new RpcFault('NO_FILE', path ?? undefined);
    throw new RpcFault(err.kind);
  }
  throw err;
}

type Handler = (params: unknown[]) => XmlRpcValue | Promise<XmlRpcValue>;

interface MethodSpec {
  signature: string[];
  help: string;
  params: [min: number, max: number];
  /** Most methods refuse to work while the daemon is stopping or restarting. */
  gated: boolean;
  run: Handler;
}

/** The methods of one `[rpcinterface:x]` section; the namespace is `x` (normally `supervisor`). */
export function supervisorMethods(sup: Supervisor, namespace = 'supervisor'): RpcMethod[] {
  const gate = () => {
    if (sup.state < SupervisorState.RUNNING) throw new RpcFault('SHUTDOWN_STATE');
  };
  const group = (name: string) => {
    const g = sup.groups.get(name);
    if (!g) throw new RpcFault('BAD_NAME', name);
    return g;
  };
  const allInStartOrder = () => sup.processesInStartOrder();

  const startProcessGroup = (name: string, wait: boolean) =>
    applyToEach(
      group(name).byPriority().filter((p) => !RUNNING_STATES.has(p.state)),
      (p, ns) => startOne(p, wait, ns),
    );
  const stopProcessGroup = (name: string, wait: boolean) =>
    applyToEach(
      group(name).byPriority().filter((p) => RUNNING_STATES.has(p.state)),
      (p, ns) => stopOne(sup, p, wait, ns),
    );
  const signalProcessGroup = async (name: string, signal: unknown) => {
    const results = await applyToEach(
      group(name).byPriority().filter((p) => SIGNALLABLE_STATES.has(p.state)),
      (p, ns) => signalOne(p, signal, ns),
    );
    gate();
    return results;
  };

  const readProcessLog = (channel: 'stdout' | 'stderr') => (params: unknown[]) => {
    const proc = resolveProcess(sup.groups, nameParam(params[0]));
    const offset = intParam(params[1]);
    const length = intParam(params[2]);
    const path = proc.logPaths[channel];
    if (path === null) throw new RpcFault('NO_FILE');
    return readText(path, offset, length);
  };
  const tailProcessLog = (channel: 'stdout' | 'stderr') => (params: unknown[]) => {
    const proc = resolveProcess(sup.groups, nameParam(params[0]));
    const result = tailLog(proc.logPaths[channel], intParam(params[1]), intParam(params[2]));
    return [logText(result.data), result.offset, result.overflow];
  };
  const clearProcessLogs = (proc: Subprocess) => {
    try {
      proc.clearLogs();
    } catch {
      throw new RpcFault('FAILED', proc.namespec);
    }
    return true as const;
  };

  const readMainLog = (p: unknown[]) => {
    const path = sup.log.path;
    const offset = intParam(p[0]);
    const length = intParam(p[1]);
    if (path === null) throw new RpcFault('NO_FILE', sup.options.logfile);
    return readText(path, offset, length);
  };

  const specs: Record<string, MethodSpec> = {
    getAPIVersion: { signature: ['string'], help: 'Return the version of the RPC API used by supervisord.', params: [0, 0], gated: true, run: () => API_VERSION },
    getVersion: { signature: ['string'], help: 'Return the version of the RPC API used by supervisord (deprecated alias of getAPIVersion).', params: [0, 0], gated: true, run: () => API_VERSION },
    getSupervisorVersion: { signature: ['string'], help: 'Return the version of the supervisor package in use by supervisord.', params: [0, 0], gated: true, run: () => SUPERVISOR_VERSION },
    getIdentification: { signature: ['string'], help: 'Return the identifying string of this supervisord (its identifier option).', params: [0, 0], gated: true, run: () => sup.identifier() },
    getState: {
      signature: ['struct'], help: 'Return the current state of supervisord as a struct {statecode, statename}.', params: [0, 0], gated: true,
      run: () => ({ statecode: sup.state, statename: supervisorStateName(sup.state) }),
    },
    getPID: { signature: ['int'], help: 'Return the PID of supervisord.', params: [0, 0], gated: true, run: () => process.pid },
    readLog: { signature: ['string', 'int', 'int'], help: 'Read length bytes from the main log starting at offset.', params: [2, 2], gated: true, run: readMainLog },
    readMainLog: { signature: ['string', 'int', 'int'], help: 'Read from the main log (deprecated alias of readLog).', params: [2, 2], gated: true, run: readMainLog },
    clearLog: {
      signature: ['boolean'], help: 'Clear the main log (delete and reopen it).', params: [0, 0], gated: true,
      run: () => {
        try {
          sup.log.clear();
        } catch (err) {
          if (err instanceof LogReadError && err.kind === 'NO_FILE') throw new RpcFault('NO_FILE');
          throw new RpcFault('FAILED');
        }
        return true;
      },
    },
    shutdown: {
      signature: ['boolean'], help: 'Shut down the supervisor process.', params: [0, 0], gated: true,
      run: () => {
        setImmediate(() => sup.shutdown());
        return true;
      },
    },
    restart: {
      signature: ['boolean'], help: 'Restart the supervisor process (re-read the configuration in the same pid).', params: [0, 0], gated: true,
      run: () => {
        setImmediate(() => sup.restart());
        return true;
      },
    },
    reloadConfig: {
      signature: ['array'], help: 'Reload the configuration file; return [[added, changed, removed]] group names.', params: [0, 0], gated: true,
      run: () => {
        try {
          const { added, changed, removed } = sup.reloadConfig();
          return [[added, changed, removed]];
        } catch (err) {
          if (err instanceof ConfigError) throw new RpcFault('CANT_REREAD', err.message);
          throw err;
        }
      },
    },
    addProcessGroup: {
      signature: ['boolean', 'string'], help: 'Activate a process group from the configuration read last.', params: [1, 1], gated: true,
      run: (p) => {
        const name = nameParam(p[0]);
        const config = sup.findConfiguredGroup(name);
        if (!config) throw new RpcFault('BAD_NAME', name);
        const added = sup.addGroup(config);
        if (!added) throw new RpcFault('ALREADY_ADDED', name);
        if (sup.autoStartAllowed()) setImmediate(() => added.autostart());
        return true;
      },
    },
    removeProcessGroup: {
      signature: ['boolean', 'string'], help: 'Remove a stopped process group from the active configuration.', params: [1, 1], gated: true,
      run: (p) => {
        const name = nameParam(p[0]);
        const g = sup.groups.get(name);
        if (!g) throw new RpcFault('BAD_NAME', name);
        if (g.processes.some((proc) => !STOPPED_STATES.has(proc.state))) throw new RpcFault('STILL_RUNNING', name);
        sup.removeGroup(name);
        return true;
      },
    },
    startProcess: {
      signature: ['boolean', 'string', 'boolean'], help: 'Start a process (name, or group:* for a whole group); wait for RUNNING unless wait is false.', params: [1, 2], gated: true,
      run: (p) => {
        const name = nameParam(p[0]);
        const wait = p.length > 1 ? truthy(p[1]) : true;
        const { group: g, process: proc } = resolveNamespec(sup.groups, name);
        if (!proc) return startProcessGroup(g.name, wait);
        return startOne(proc, wait, name);
      },
    },
    startProcessGroup: {
      signature: ['array', 'string', 'boolean'], help: 'Start all processes in the group; return an array of result structs.', params: [1, 2], gated: true,
      run: (p) => startProcessGroup(nameParam(p[0]), p.length > 1 ? truthy(p[1]) : true),
    },
    startAllProcesses: {
      signature: ['array', 'boolean'], help: 'Start all processes in priority order; return an array of result structs.', params: [0, 1], gated: true,
      run: (p) => {
        const wait = p.length > 0 ? truthy(p[0]) : true;
        return applyToEach(allInStartOrder().filter((x) => !RUNNING_STATES.has(x.state)), (x, ns) => startOne(x, wait, ns));
      },
    },
    stopProcess: {
      signature: ['boolean', 'string', 'boolean'], help: 'Stop a process (name, or group:*); wait until it stopped unless wait is false.', params: [1, 2], gated: true,
      run: (p) => {
        const name = nameParam(p[0]);
        const wait = p.length > 1 ? truthy(p[1]) : true;
        const { group: g, process: proc } = resolveNamespec(sup.groups, name);
        if (!proc) return stopProcessGroup(g.name, wait);
        return stopOne(sup, proc, wait, name);
      },
    },
    stopProcessGroup: {
      signature: ['array', 'string', 'boolean'], help: 'Stop all processes in the group; return an array of result structs.', params: [1, 2], gated: true,
      run: (p) => stopProcessGroup(nameParam(p[0]), p.length > 1 ? truthy(p[1]) : true),
    },
    stopAllProcesses: {
      signature: ['array', 'boolean'], help: 'Stop all processes in priority order; return an array of result structs.', params: [0, 1], gated: true,
      run: (p) => {
        const wait = p.length > 0 ? truthy(p[0]) : true;
        return applyToEach(allInStartOrder().filter((x) => RUNNING_STATES.has(x.state)), (x, ns) => stopOne(sup, x, wait, ns));
      },
    },
    signalProcess: {
      signature: ['boolean', 'string', 'string'], help: 'Send an arbitrary UNIX signal (name or number) to a process (or group:*).', params: [2, 2], gated: true,
      run: (p) => {
        const name = nameParam(p[0]);
        const { group: g, process: proc } = resolveNamespec(sup.groups, name);
        if (!proc) return signalProcessGroup(g.name, p[1]);
        return signalOne(proc, p[1], name);
      },
    },
    signalProcessGroup: {
      signature: ['array', 'string', 'string'], help: 'Send a signal to every running process in the group.', params: [2, 2], gated: true,
      run: (p) => signalProcessGroup(nameParam(p[0]), p[1]),
    },
    signalAllProcesses: {
      signature: ['array', 'string'], help: 'Send a signal to every running process.', params: [1, 1], gated: false,
      run: async (p) => {
        // The reference signals first and checks the daemon state afterwards.
        const results = await applyToEach(allInStartOrder().filter((x) => SIGNALLABLE_STATES.has(x.state)), (x, ns) => signalOne(x, p[0], ns));
        gate();
        return results;
      },
    },
    getAllConfigInfo: {
      signature: ['array'], help: 'Return info about every configured process (from the configuration read last).', params: [0, 0], gated: true,
      run: () => configInfo(sup),
    },
    getProcessInfo: {
      signature: ['struct', 'string'], help: 'Return info about a process by name.', params: [1, 1], gated: true,
      run: (p) => processInfo(resolveProcess(sup.groups, nameParam(p[0]))),
    },
    getAllProcessInfo: {
      signature: ['array'], help: 'Return info about all processes, sorted by group and process name.', params: [0, 0], gated: true,
      run: () => sup.processesLexical().map(processInfoXml),
    },
    readProcessLog: { signature: ['string', 'string', 'int', 'int'], help: 'Read from the stdout log of a process (deprecated alias).', params: [3, 3], gated: true, run: readProcessLog('stdout') },
    readProcessStdoutLog: { signature: ['string', 'string', 'int', 'int'], help: 'Read length bytes from the stdout log of a process, starting at offset.', params: [3, 3], gated: true, run: readProcessLog('stdout') },
    readProcessStderrLog: { signature: ['string', 'string', 'int', 'int'], help: 'Read length bytes from the stderr log of a process, starting at offset.', params: [3, 3], gated: true, run: readProcessLog('stderr') },
    tailProcessLog: { signature: ['array', 'string', 'int', 'int'], help: 'Tail the stdout log of a process (deprecated alias).', params: [3, 3], gated: true, run: tailProcessLog('stdout') },
    tailProcessStdoutLog: { signature: ['array', 'string', 'int', 'int'], help: 'Return [bytes, offset, overflow] from the end of the stdout log of a process.', params: [3, 3], gated: true, run: tailProcessLog('stdout') },
    tailProcessStderrLog: { signature: ['array', 'string', 'int', 'int'], help: 'Return [bytes, offset, overflow] from the end of the stderr log of a process.', params: [3, 3], gated: true, run: tailProcessLog('stderr') },
    clearProcessLog: { signature: ['boolean', 'string'], help: 'Clear the logs of a process (deprecated alias).', params: [1, 1], gated: true, run: (p) => clearProcessLogs(resolveProcess(sup.groups, nameParam(p[0]))) },
    clearProcessLogs: { signature: ['boolean', 'string'], help: 'Clear the stdout and stderr logs of a process and reopen them.', params: [1, 1], gated: true, run: (p) => clearProcessLogs(resolveProcess(sup.groups, nameParam(p[0]))) },
    clearAllProcessLogs: {
      signature: ['array'], help: 'Clear the logs of every process; return an array of result structs.', params: [0, 0], gated: true,
      run: () => applyToEach(allInStartOrder(), (proc) => clearProcessLogs(proc)),
    },
    sendProcessStdin: {
      signature: ['boolean', 'string', 'string'], help: 'Send a string to the stdin of a process.', params: [2, 2], gated: true,
      run: (p) => {
        if (typeof p[1] !== 'string') throw new RpcFault('INCORRECT_PARAMETERS', pythonStr(p[1]));
        const name = nameParam(p[0]);
        const proc = resolveProcess(sup.groups, name);
        if (!proc.pid || proc.killing) throw new RpcFault('NOT_RUNNING', name);
        if (!proc.writeStdin(Buffer.from(p[1], 'utf8'))) throw new RpcFault('NO_FILE', name);
        return true;
      },
    },
    sendRemoteCommEvent: {
      signature: ['boolean', 'string', 'string'], help: 'Send a REMOTE_COMMUNICATION event to subscribed listeners.', params: [2, 2], gated: false,
      run: (p) => {
        sup.bus.publish(remoteCommEvent(pythonStr(p[0]), pythonStr(p[1])));
        return true;
      },
    },
  };

  return Object.entries(specs).map(([method, spec]) => ({
    name: `${namespace}.${method}`,
    signature: spec.signature,
    help: spec.help,
    minParams: spec.params[0],
    maxParams: spec.params[1],
    handler: (params: unknown[]) => {
      if (spec.gated) gate();
      return spec.run(params);
    },
  }));
}
