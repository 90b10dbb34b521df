/**
 * `[program:x]`, `[eventlistener:x]` and `[fcgi-program:x]` sections → process configs, and the groups they form
 * (`[group:g]` included), following supervisord's option reading, expansion names and error suffixes.
 */
import * as os from 'node:os';
import { isEventTypeName } from '../events/types';
import { lookupUser } from './passwd';
import {
  ValueError, colonSeparatedUserGroup, listOfStrings, nameToUid, parseAutorestart, parseBoolean, parseByteSize,
  parseEnvironment, parseExitCodes, parseInetAddress, parseInteger, parseLogfileName, parseOctal, parseSignalValue,
  processOrGroupName,
} from './datatypes';
import { Expansions, expand } from './expand';
import { IniDocument } from './ini-parser';
import { ChannelConfig, FcgiSocketConfig, GroupConfig, ProcessConfig } from './types';
import { pythonStrRepr } from '../process/python-repr';

export interface ParseContext {
  doc: IniDocument;
  here: string;
  /** ENV_* names from the daemon's environment and [supervisord] environment. */
  envExpansions: Expansions;
  globalEnvironment: Record<string, string>;
  warnings: string[];
  configFile: string;
}

const DEFAULT_RESULT_HANDLER = 'supervisor.dispatchers:default_handler';

/** Read an option with %-expansion (defaults are expanded too when they are strings). */
function getter(ctx: ParseContext, section: string, base: Expansions) {
  return (option: string, fallback: string | null, extra: Expansions = {}, doExpand = true): string | null => {
    const raw = ctx.doc.get(section, option);
    const value = raw ?? fallback;
    // Most values have no '%': skip building the expansion mapping (a copy of the environment) for them.
    if (value === null || !doExpand || !value.includes('%')) return value;
    return expand(value, { ...ctx.envExpansions, ...base, ...extra }, `${section}.${option}`);
  };
}

function processesFromSection(ctx: ParseContext, section: string, groupName: string): ProcessConfig[] {
  try {
    return readProcesses(ctx, section, groupName);
  } catch (err) {
    if (!(err instanceof ValueError)) throw err;
    const file = ctx.doc.sections.get(section)?.file ?? ctx.configFile;
    throw new ValueError(`${err.message} in section ${pythonStrRepr(section)} (file: ${pythonStrRepr(file)})`);
  }
}

function readProcesses(ctx: ParseContext, section: string, groupName: string): ProcessConfig[] {
  const programName = processOrGroupName(section.slice(section.indexOf(':') + 1));
  const common: Expansions = { here: ctx.here, program_name: programName, host_node_name: os.hostname(), group_name: groupName };
  const get = getter(ctx, section, common);
  const priority = parseInteger(get('priority', '999')!);
  const autostart = parseBoolean(get('autostart', 'true')!);
  const autorestart = parseAutorestart(get('autorestart', 'unexpected')!);
  const startsecs = parseInteger(get('startsecs', '1')!);
  const startretries = parseInteger(get('startretries', '3')!);
  const stopsignal = parseSignalValue(get('stopsignal', 'TERM')!);
  const stopwaitsecs = parseInteger(get('stopwaitsecs', '10')!);
  const stopasgroup = parseBoolean(get('stopasgroup', 'false')!);
  const killasgroupText = get('killasgroup', null);
  const killasgroup = killasgroupText === null ? stopasgroup : parseBoolean(killasgroupText);
  const exitcodes = parseExitCodes(get('exitcodes', '0')!);
  const redirectStderr = parseBoolean(get('redirect_stderr', 'false')!);
  const numprocs = parseInteger(get('numprocs', '1')!);
  const numprocsStart = parseInteger(get('numprocs_start', '0')!);
  const environmentText = get('environment', '', {}, false)!;
  const stdoutCapture = parseByteSize(get('stdout_capture_maxbytes', '0')!);
  const stdoutEvents = parseBoolean(get('stdout_events_enabled', 'false')!);
  const stderrCapture = parseByteSize(get('stderr_capture_maxbytes', '0')!);
  const stderrEvents = parseBoolean(get('stderr_events_enabled', 'false')!);
  let serverurl = get('serverurl', null);
  if (serverurl !== null && serverurl.trim().toUpperCase() === 'AUTO') serverurl = null;
  const user = get('user', null);
  const uid = user === null ? null : nameToUid(user);
  const gid = uid === null ? null : (lookupUser(uid)?.gid ?? null);
  const umaskText = get('umask', null);
  const umask = umaskText === null ? null : parseOctal(umaskText);
  const processNameTemplate = processOrGroupName(get('process_name', '%(program_name)s', {}, false)!);
  if (numprocs > 1 && !processNameTemplate.includes('%(process_num)')) {
    throw new ValueError('%(process_num) must be present within process_name when numprocs > 1');
  }
  if (stopasgroup && !killasgroup) throw new ValueError('Cannot set stopasgroup=true and killasgroup=false');

  const processes: ProcessConfig[] = [];
  for (let num = numprocsStart; num < numprocsStart + numprocs; num++) {
    const perProcess: Expansions = { ...common, process_num: num, numprocs };
    const environment = parseEnvironment(expand(environmentText, { ...ctx.envExpansions, ...perProcess }, 'environment'));
    const withEnv: Expansions = { ...perProcess };
    for (const [k, v] of Object.entries(ctx.globalEnvironment)) withEnv[`ENV_${k}`] = v;
    for (const [k, v] of Object.entries(environment)) withEnv[`ENV_${k}`] = v;
    const getp = getter(ctx, section, withEnv);
    const directory = getp('directory', null);
    const channels = {} as Record<'stdout' | 'stderr', ChannelConfig>;
    for (const channel of ['stdout', 'stderr'] as const) {
      const key = `${channel}_logfile`;
      const rawLogfile = ctx.doc.get(section, key);
      let logfile = parseLogfileName(rawLogfile === undefined ? null : expand(rawLogfile, { ...ctx.envExpansions, ...withEnv }, key));
      const backups = parseInteger(getp(`${channel}_logfile_backups`, '10')!);
      const maxbytes = parseByteSize(getp(`${channel}_logfile_maxbytes`, '50MB')!);
      let syslog = parseBoolean(getp(`${channel}_syslog`, 'false')!);
      if (logfile === 'syslog') {
        ctx.warnings.push(
          `For [${section}], ${key}=syslog but this is deprecated and will be removed.  Use ${channel}_syslog=true to enable syslog instead.`,
        );
        logfile = { kind: 'none' };
        syslog = true;
      }
      if (logfile.kind === 'auto' && !maxbytes) {
        ctx.warnings.push(
          `For [${section}], AUTO logging used for ${key} without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally`,
        );
      }
      channels[channel] = {
        logfile,
        maxbytes,
        backups,
        captureMaxbytes: channel === 'stdout' ? stdoutCapture : stderrCapture,
        eventsEnabled: channel === 'stdout' ? stdoutEvents : stderrEvents,
        syslog,
      };
    }
    if (redirectStderr) {
      if (channels.stderr.logfile.kind === 'path') {
        ctx.warnings.push(
          `For [${section}], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored`,
        );
      }
      channels.stderr = { ...channels.stderr, logfile: { kind: 'none' } };
    }
    const command = getp('command', null);
    if (command === null) throw new ValueError(`program section ${section} does not specify a command`);
    processes.push({
      name: expand(processNameTemplate, { ...ctx.envExpansions, ...withEnv }, 'process_name'),
      programName,
      groupName,
      command,
      uid,
      user,
      gid,
      directory,
      umask,
      priority,
      autostart,
      autorestart,
      startsecs,
      startretries,
      exitcodes,
      stopsignal,
      stopwaitsecs,
      stopasgroup,
      killasgroup,
      redirectStderr,
      stdout: channels.stdout,
      stderr: channels.stderr,
      environment: Object.keys(environment).length > 0 || environmentText !== '' ? environment : null,
      serverurl,
      section,
    });
  }
  return processes.sort(byPriorityThenName);
}

function byPriorityThenName(a: { priority: number; name: string }, b: { priority: number; name: string }): number {
  if (a.priority !== b.priority) return a.priority - b.priority;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

function groupGetter(ctx: ParseContext, section: string) {
  return getter(ctx, section, { here: ctx.here });
}

function fcgiSocket(ctx: ParseContext, section: string, programName: string, procUid: number | null): FcgiSocketConfig {
  const get = groupGetter(ctx, section);
  const backlogText = get('socket_backlog', null);
  let backlog: number | null = null;
  if (backlogText !== null) {
    backlog = parseInteger(backlogText);
    if (backlog < 1 || backlog > 65535) throw new ValueError(`Invalid socket_backlog value ${backlog}`);
  }
  const ownerText = get('socket_owner', null);
  let owner: { uid: number; gid: number } | null = null;
  if (ownerText !== null) {
    try {
      owner = colonSeparatedUserGroup(ownerText);
    } catch {
      throw new ValueError(`Invalid socket_owner value ${ownerText}`);
    }
  }
  const modeText = get('socket_mode', null);
  let mode: number | null = null;
  if (modeText !== null) {
    try {
      mode = parseOctal(modeText);
    } catch {
      throw new ValueError(`Invalid socket_mode value ${modeText}`);
    }
  }
  const url = get('socket', null, { program_name: programName });
  if (!url) throw new ValueError(`[${section}] section requires a "socket" line`);
  try {
    if (url.startsWith('unix://')) {
      const path = url.slice('unix://'.length);
      if (!path.startsWith('/')) throw new ValueError(`Unix socket path ${path} is not an absolute path`);
      if (owner === null && procUid !== null && procUid !== process.getuid?.()) owner = { uid: procUid, gid: -1 };
      return { url, kind: 'unix', path, backlog, owner, mode };
    }
    if (url.startsWith('tcp://')) {
      if (owner !== null || mode !== null) {
        throw new ValueError('socket_owner and socket_mode params should only be used with a Unix domain socket');
      }
      const { host, port } = parseInetAddress(url.slice('tcp://'.length));
      return { url, kind: 'tcp', host, port, backlog, owner: null, mode: null };
    }
    throw new ValueError(`Bad socket format ${url}`);
  } catch (err) {
    throw new ValueError(`${(err as Error).message} in [${section}] socket`);
  }
}

/** All groups, sorted by priority then name (the reference's parse order). */
export function groupsFromDocument(ctx: ParseContext): GroupConfig[] {
  const sections = ctx.doc.sectionNames();
  const groups: GroupConfig[] = [];
  const inHeterogeneous = new Set<string>();

  for (const section of sections.filter((s) => s.startsWith('group:'))) {
    const name = processOrGroupName(section.slice('group:'.length));
    const get = groupGetter(ctx, section);
    const programs = listOfStrings(get('programs', null));
    const priority = parseInteger(get('priority', '999')!);
    const processes: ProcessConfig[] = [];
    for (const program of programs) {
      const asProgram = `program:${program}`;
      const asFcgi = `fcgi-program:${program}`;
      const hasProgram = sections.includes(asProgram);
      const hasFcgi = sections.includes(asFcgi);
      if (!hasProgram && !hasFcgi) throw new ValueError(`[${section}] names unknown program or fcgi-program ${program}`);
      if (hasProgram && hasFcgi) throw new ValueError(`[${section}] name ${program} is ambiguous (exists as program and fcgi-program)`);
      processes.push(...processesFromSection(ctx, hasProgram ? asProgram : asFcgi, name));
      inHeterogeneous.add(program);
    }
    groups.push({ name, kind: 'group', priority, processes });
  }

  for (const section of sections.filter((s) => s.startsWith('program:'))) {
    const rawName = section.slice('program:'.length);
    if (inHeterogeneous.has(rawName)) continue;
    const name = processOrGroupName(rawName);
    const priority = parseInteger(groupGetter(ctx, section)('priority', '999')!);
    groups.push({ name, kind: 'program', priority, processes: processesFromSection(ctx, section, name) });
  }

  for (const section of sections.filter((s) => s.startsWith('eventlistener:'))) {
    const name = section.slice('eventlistener:'.length);
    const get = groupGetter(ctx, section);
    const priority = parseInteger(get('priority', '-1')!);
    const bufferSize = parseInteger(get('buffer_size', '10')!);
    if (bufferSize < 1) throw new ValueError(`[${section}] section sets invalid buffer_size (${bufferSize})`);
    const resultHandler = get('result_handler', DEFAULT_RESULT_HANDLER)!;
    if (resultHandler !== DEFAULT_RESULT_HANDLER) throw new ValueError(`${resultHandler} cannot be resolved within [${section}]`);
    const events = [...new Set(listOfStrings(get('events', '')).map((e) => e.toUpperCase()))];
    if (events.length === 0) throw new ValueError(`[${section}] section requires an "events" line`);
    for (const event of events) {
      if (!isEventTypeName(event)) throw new ValueError(`Unknown event type ${event} in [${section}] events`);
    }
    if (parseBoolean(get('redirect_stderr', 'false')!)) {
      throw new ValueError(
        `[${section}] section sets redirect_stderr=true but this is not allowed because it will interfere with the eventlistener protocol`,
      );
    }
    groups.push({
      name,
      kind: 'eventlistener',
      priority,
      processes: processesFromSection(ctx, section, name),
      listener: { events, bufferSize, resultHandler },
    });
  }

  for (const section of sections.filter((s) => s.startsWith('fcgi-program:'))) {
    const rawName = section.slice('fcgi-program:'.length);
    if (inHeterogeneous.has(rawName)) continue;
    const name = processOrGroupName(rawName);
    const get = groupGetter(ctx, section);
    const priority = parseInteger(get('priority', '999')!);
    const user = get('user', null);
    const procUid = user === null ? null : nameToUid(user);
    const socket = fcgiSocket(ctx, section, name, procUid);
    groups.push({ name, kind: 'fcgi-program', priority, processes: processesFromSection(ctx, section, name), fcgiSocket: socket });
  }
  return groups.sort(byPriorityThenName);
}
