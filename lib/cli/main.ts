/**
 * The daemon's entry point: command line → config → (daemonize) → run, and again after each restart.
 * Startup steps and their log lines follow states-and-lifecycle.md §5.
 */
import * as path from 'node:path';
import { loadConfig, findDefaultConfigFile, defaultConfigSearchPaths } from '../config/load';
import { Config, ConfigError, CommandLineOverrides } from '../config/types';
import { EventBus } from '../events/bus';
import { SerialCounter } from '../events/serial';
import { TickTimer } from '../events/ticks';
import { eventMatches } from '../events/types';
import { HttpFrontend, HttpStartError, defaultServerUrl } from '../http/server';
import { cleanupAutoLogs } from '../logging/autolog';
import { MainLog } from '../logging/main-log';
import { RpcDispatcher } from '../rpc/dispatch';
import { supervisorMethods } from '../rpc/supervisor-methods';
import { Supervisor } from '../supervisor';
import { helpText, parseSupervisordArgs, SUPERVISOR_VERSION, UsageError } from './args';
import { isDaemonChild, reportDaemonFailure, reportDaemonReady, spawnDaemonAndWait } from './daemonize';
import { dropPrivileges } from './privileges';
import { currentLimits, ensureResourceLimits } from './rlimits';
import { removePidfile, writePidfile } from './pidfile';
import { httpRoutes } from './routes';
import { installSignalHandlers } from './signals';

const ROOT_WARNING =
  'Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  ' +
  'If you intend to run as root, you can set user=root in the config file to avoid this message.';

/** A startup failure: printed as `Error: <message>` (plus the help hint for usage errors), exit status 2. */
class StartupFailure extends Error {
  constructor(
    message: string,
    readonly withHelpHint: boolean,
  ) {
    super(message);
  }
}

function fail(argv0: string, err: StartupFailure): number {
  const text = `Error: ${err.message}\n` + (err.withHelpHint ? `For help, use ${argv0} -h\n` : '');
  if (isDaemonChild(process.env)) reportDaemonFailure(text, 2);
  else process.stderr.write(text);
  return 2;
}

function readConfig(file: string, overrides: CommandLineOverrides): Config {
  try {
    return loadConfig(file, overrides, process.env);
  } catch (err) {
    if (err instanceof ConfigError) throw new StartupFailure(err.message, true);
    throw err;
  }
}

export async function main(argv: string[]): Promise<number> {
  const argv0 = process.argv[1] ?? 'tsupervisord';
  try {
    const parsed = parseSupervisordArgs(argv);
    if (parsed.action === 'help') {
      process.stdout.write(helpText(argv0));
      return 0;
    }
    if (parsed.action === 'version') {
      process.stdout.write(SUPERVISOR_VERSION + '\n');
      return 0;
    }
    const configFile = parsed.configFile ?? findConfigFile(argv0);
    let config = readConfig(configFile, parsed.overrides);
    if (!config.supervisord.nodaemon && !isDaemonChild(process.env)) {
      return await spawnDaemonAndWait({ execPath: process.execPath, args: process.argv.slice(1), env: process.env });
    }
    const startupInfos = firstStartSetup(config);
    return await runForever(config, configFile, parsed.overrides, startupInfos);
  } catch (err) {
    if (err instanceof UsageError) return fail(argv0, new StartupFailure(err.message, true));
    if (err instanceof StartupFailure) return fail(argv0, err);
    throw err;
  }
}

function findConfigFile(argv0: string): string {
  const executableDir = path.dirname(path.resolve(argv0));
  const found = findDefaultConfigFile(executableDir, process.cwd());
  if (found) return found;
  const searched = defaultConfigSearchPaths(executableDir, process.cwd()).join(', ');
  throw new StartupFailure(
    `No config file found at default paths (${searched}); use the -c option to specify a config file at a different path`,
    true,
  );
}

/** Done once per daemon process (not on restart): privileges, resource limits, daemon child's cwd/umask. */
function firstStartSetup(config: Config): string[] {
  const infos: string[] = [];
  const options = config.supervisord;
  if (options.user !== null) {
    try {
      infos.push(...dropPrivileges(options.user, options.uid, options.gid));
    } catch (err) {
      throw new StartupFailure((err as Error).message, true);
    }
  }
  try {
    infos.push(...ensureResourceLimits(options.minfds, options.minprocs).infos);
  } catch (err) {
    if (err instanceof UsageError) throw new StartupFailure(err.message, true);
    throw err;
  }
  return infos;
}

async function runForever(config: Config, configFile: string, overrides: CommandLineOverrides, startupInfos: string[]): Promise<number> {
  const serial = new SerialCounter(); // the global event serial survives restarts
  const holder: { sup: Supervisor | null; log: MainLog | null } = { sup: null, log: null };
  installSignalHandlers(holder);
  let first = true;
  for (;;) {
    const options = config.supervisord;
    const log = new MainLog({
      logfile: options.logfile,
      maxbytes: options.logfileMaxbytes,
      backups: options.logfileBackups,
      level: options.loglevel,
      echo: options.nodaemon && !options.silent,
    });
    holder.log = log;
    if (process.getuid?.() === 0 && options.user === null) log.critical(ROOT_WARNING);
    for (const warning of config.warnings) log.warn(warning);
    for (const info of config.infos) log.info(info);
    if (first) for (const info of startupInfos) log.info(info);
    // The limits children inherit; debug level keeps the info-level log identical to the reference's.
    if (first) log.debug(describeLimits());
    if (!options.nocleanup) cleanupAutoLogs(options.childlogdir, options.identifier, (m) => log.warn(m));

    const bus = new EventBus();
    const sup = new Supervisor(config, log, bus, serial, defaultServerUrl(config.servers), () =>
      loadConfig(configFile, overrides, process.env), process.env);
    holder.sup = sup;
    sup.activateAll();

    const methods = config.rpcInterfaces.flatMap((namespace) => supervisorMethods(sup, namespace));
    const announce = () => {
      for (const name of config.rpcInterfaces) log.info(`RPC interface '${name}' initialized`);
    };
    const http = new HttpFrontend(config.servers, httpRoutes(sup, new RpcDispatcher(methods, log)), log, announce);
    try {
      await http.listen();
    } catch (err) {
      if (err instanceof HttpStartError) throw new StartupFailure(err.message, false);
      throw err;
    }

    if (first && isDaemonChild(process.env)) daemonChildSetup(config, log);
    if (writePidfile(options.pidfile, process.pid)) log.info(`supervisord started with pid ${process.pid}`);
    else log.critical(`could not write pidfile ${options.pidfile}`);
    if (first && isDaemonChild(process.env)) reportDaemonReady();

    // TICK events cost a wake-up every 5 s: arm the timer only when some listener pool subscribes to them.
    const ticks = wantsTicks(config) ? new TickTimer(bus) : null;
    ticks?.start();
    // A config without HTTP servers and without running children leaves Node nothing to wait on: hold the
    // event loop open until shutdown (the timer practically never fires).
    const keepAlive = setInterval(() => undefined, 2 ** 31 - 1);
    sup.startRunning();
    const outcome = await sup.run();
    clearInterval(keepAlive);

    ticks?.stop();
    await http.close();
    removePidfile(options.pidfile);
    sup.disposeAll();
    log.close();
    holder.sup = null;
    if (outcome === 'shutdown') return 0;
    first = false;
    config = readConfig(configFile, overrides);
  }
}

function describeLimits(): string {
  const { nofile, nproc } = currentLimits();
  const show = ([soft, hard]: [number, number]) => `soft ${soft}, hard ${hard}`;
  return `resource limits in force: RLIMIT_NOFILE ${show(nofile)}; RLIMIT_NPROC ${show(nproc)}`;
}

function wantsTicks(config: Config): boolean {
  return config.groups.some((g) => g.listener?.events.some((e) => eventMatches('TICK_5', e) || eventMatches('TICK_60', e) || eventMatches('TICK_3600', e)));
}

/** The daemonized child: chdir to `directory` and apply `umask`, with the reference's log lines. */
function daemonChildSetup(config: Config, log: MainLog): void {
  const options = config.supervisord;
  log.info('daemonizing the supervisord process');
  if (options.directory !== null) {
    try {
      process.chdir(options.directory);
      log.info(`set current directory: '${options.directory}'`);
    } catch (err) {
      log.critical(`can't chdir into '${options.directory}': ${(err as Error).message}`);
    }
  }
  process.umask(options.umask);
}
