/**
 * Reading a supervisord config file into the typed model: [supervisord], [include], HTTP servers,
 * [rpcinterface:x], [supervisorctl] and the process groups. Errors are ConfigErrors with the reference's text.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseLogLevelName } from '../logging/levels';
import { pythonStrRepr } from '../process/python-repr';
import {
  ValueError, colonSeparatedUserGroup, existingDirectory, existingDirpath, expandUser, nameToUid, parseBoolean,
  parseByteSize, parseEnvironment, parseInetAddress, parseInteger, parseOctal,
} from './datatypes';
import { Expansions, expand } from './expand';
import { globFiles } from './glob';
import { IniDocument, parseIni } from './ini-parser';
import { lookupUser } from './passwd';
import { groupsFromDocument } from './programs';
import { CommandLineOverrides, Config, ConfigError, HttpServerConfig, SupervisordOptions, SupervisorctlOptions } from './types';

const STANDARD_RPC_FACTORY = 'supervisor.rpcinterface:make_main_rpcinterface';

export function defaultConfigSearchPaths(executableDir: string, cwd: string): string[] {
  const parent = path.dirname(executableDir);
  return [
    path.join(parent, 'etc', 'supervisord.conf'),
    path.join(parent, 'supervisord.conf'),
    path.join(cwd, 'supervisord.conf'),
    path.join(cwd, 'etc', 'supervisord.conf'),
    '/etc/supervisord.conf',
    '/etc/supervisor/supervisord.conf',
  ];
}

export function findDefaultConfigFile(executableDir: string, cwd: string, exists: (p: string) => boolean = fs.existsSync): string | null {
  return defaultConfigSearchPaths(executableDir, cwd).find(exists) ?? null;
}

/** %(here)s is replaced textually in every value read so far, right after each file is read (like the reference). */
function expandHere(doc: IniDocument, here: string): void {
  for (const section of doc.sections.values()) {
    for (const [key, value] of section.values) if (value.includes('%(here)s')) section.values.set(key, value.split('%(here)s').join(here));
  }
}

function readFileText(file: string): string {
  if (!fs.existsSync(file)) throw new ConfigError(`could not find config file ${file}`);
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`could not read config file ${file}`);
  }
}

function authFor(doc: IniDocument, section: string, env: Expansions): { username: string | null; password: string | null } {
  const get = (k: string) => {
    const v = doc.get(section, k);
    return v === undefined ? null : expand(v, env, `${section}.${k}`);
  };
  const username = get('username');
  const password = get('password');
  if ((username === null) !== (password === null)) {
    throw new ValueError(
      `Section [${section}] contains incomplete authentication: If a username or a password is specified, both the username and password must be specified`,
    );
  }
  return { username, password };
}

function serversFrom(doc: IniDocument, here: string, env: Expansions): HttpServerConfig[] {
  const servers: HttpServerConfig[] = [];
  const names = doc.sectionNames();
  for (const section of names.filter((s) => s.startsWith('inet_http_server'))) {
    const port = doc.get(section, 'port');
    if (port === undefined) throw new ValueError(`section [${section}] has no port value`);
    const { host, port: number } = parseInetAddress(expand(port, env, `${section}.port`));
    servers.push({ kind: 'inet', section, host, port: number, ...authFor(doc, section, env) });
  }
  for (const section of names.filter((s) => s.startsWith('unix_http_server'))) {
    const fileRaw = doc.get(section, 'file');
    if (fileRaw === undefined) throw new ValueError(`section [${section}] has no file value`);
    const file = path.resolve(expandUser(expand(fileRaw, { ...env, here }, `${section}.file`).trim()));
    const chownRaw = doc.get(section, 'chown');
    let chown: { uid: number; gid: number } | null = null;
    if (chownRaw !== undefined) {
      const v = expand(chownRaw, env, `${section}.chown`);
      try {
        chown = colonSeparatedUserGroup(v);
      } catch {
        throw new ValueError(`Invalid sockchown value ${v}`);
      }
    }
    const chmodRaw = doc.get(section, 'chmod');
    let chmod = 0o700;
    if (chmodRaw !== undefined) {
      const v = expand(chmodRaw, env, `${section}.chmod`);
      try {
        chmod = parseOctal(v);
      } catch {
        throw new ValueError(`Invalid chmod value ${v}`);
      }
    }
    servers.push({ kind: 'unix', section, file, chmod, chown, ...authFor(doc, section, env) });
  }
  return servers;
}

function rpcInterfacesFrom(doc: IniDocument): string[] {
  const names: string[] = [];
  for (const section of doc.sectionNames().filter((s) => s.startsWith('rpcinterface:'))) {
    const factory = doc.get(section, 'supervisor.rpcinterface_factory');
    if (factory === undefined) throw new ValueError(`section [${section}] does not specify a supervisor.rpcinterface_factory`);
    if (factory.trim() !== STANDARD_RPC_FACTORY) throw new ValueError(`${factory} cannot be resolved within [${section}]`);
    names.push(section.slice('rpcinterface:'.length));
  }
  return names;
}

function supervisorctlFrom(doc: IniDocument, here: string, env: Expansions): SupervisorctlOptions | null {
  if (!doc.sections.has('supervisorctl')) return null;
  const get = (k: string, extra: Expansions = {}) => {
    const v = doc.get('supervisorctl', k);
    return v === undefined ? null : expand(v, { ...env, ...extra }, `supervisorctl.${k}`);
  };
  let serverurl = get('serverurl', { here }) ?? 'http://localhost:9001';
  if (serverurl.startsWith('unix://')) serverurl = `unix://${path.resolve(serverurl.slice(7))}`;
  return {
    serverurl,
    username: get('username'),
    password: get('password'),
    prompt: get('prompt') ?? 'supervisor',
    historyFile: get('history_file', { here }),
  };
}

function supervisordFrom(doc: IniDocument, here: string, env: Expansions, o: CommandLineOverrides): SupervisordOptions {
  const base = { ...env, here };
  const get = (k: string, fallback: string): string => {
    const v = doc.get('supervisord', k);
    return expand(v ?? fallback, base, `supervisord.${k}`);
  };
  const opt = (k: string): string | null => {
    const v = doc.get('supervisord', k);
    return v === undefined ? null : expand(v, base, `supervisord.${k}`);
  };
  const absolute = (p: string) => path.resolve(p);
  const directoryText = o.directory ?? opt('directory');
  const user = o.user ?? opt('user');
  const uid = user === null ? null : nameToUid(user);
  const loglevelText = get('loglevel', 'info');
  const loglevel = o.loglevel ?? parseLogLevelName(loglevelText);
  if (loglevel === undefined) throw new ValueError(`bad logging level name ${pythonStrRepr(loglevelText)}`);
  const logfileText = o.logfile ?? get('logfile', 'supervisord.log');
  const environmentText = expand(get('environment', ''), { ...base, host_node_name: os.hostname() }, 'environment');
  return {
    minfds: o.minfds ?? parseInteger(get('minfds', '1024')),
    minprocs: o.minprocs ?? parseInteger(get('minprocs', '200')),
    directory: directoryText === null ? null : existingDirectory(directoryText),
    user,
    uid,
    gid: uid === null ? null : (lookupUser(uid)?.gid ?? null),
    umask: o.umask ?? parseOctal(get('umask', '022')),
    logfile: logfileText === 'syslog' ? 'syslog' : absolute(existingDirpath(logfileText)),
    logfileMaxbytes: o.logfileMaxbytes ?? parseByteSize(get('logfile_maxbytes', '50MB')),
    logfileBackups: o.logfileBackups ?? parseInteger(get('logfile_backups', '10')),
    loglevel,
    pidfile: absolute(existingDirpath(o.pidfile ?? get('pidfile', 'supervisord.pid'))),
    identifier: o.identifier ?? get('identifier', 'supervisor'),
    nodaemon: o.nodaemon ?? parseBoolean(get('nodaemon', 'false')),
    silent: o.silent ?? parseBoolean(get('silent', 'false')),
    childlogdir: absolute(existingDirectory(o.childlogdir ?? get('childlogdir', os.tmpdir()))),
    nocleanup: o.nocleanup ?? parseBoolean(get('nocleanup', 'false')),
    stripAnsi: o.stripAnsi ?? parseBoolean(get('strip_ansi', 'false')),
    environment: parseEnvironment(environmentText),
  };
}

function loadDocument(configFile: string, env: Expansions, infos: string[], warnings: string[]): IniDocument {
  const doc = parseIni(readFileText(configFile), configFile);
  if (!doc.sections.has('include')) return doc;
  const mainDir = path.dirname(configFile);
  expandHere(doc, mainDir);
  const filesRaw = doc.get('include', 'files');
  if (filesRaw === undefined) throw new ConfigError('.ini file has [include] section, but no files setting');
  const files = expand(filesRaw, { ...env, here: mainDir, host_node_name: os.hostname() }, 'include.files');
  for (const pattern of files.split(/\s+/).filter(Boolean)) {
    const full = path.join(mainDir, pattern);
    const matches = globFiles(full);
    if (matches.length === 0) {
      warnings.push(`No file matches via include "${full}"`);
      continue;
    }
    for (const file of matches.sort()) {
      infos.push(`Included extra file "${file}" during parsing`);
      parseIni(readFileText(file), file, doc);
      expandHere(doc, path.dirname(path.resolve(file)));
    }
  }
  return doc;
}

export function loadConfig(configFileArg: string, overrides: CommandLineOverrides, processEnv: NodeJS.ProcessEnv): Config {
  const configFile = path.resolve(configFileArg);
  const env: Expansions = {};
  for (const [k, v] of Object.entries(processEnv)) if (v !== undefined) env[`ENV_${k}`] = v;
  const warnings: string[] = [];
  const infos: string[] = [];
  try {
    const doc = loadDocument(configFile, env, infos, warnings);
    if (!doc.sections.has('supervisord')) throw new ValueError('.ini file does not include supervisord section');
    const here = path.dirname(configFile);
    const supervisord = supervisordFrom(doc, here, env, overrides);
    for (const [k, v] of Object.entries(supervisord.environment)) env[`ENV_${k}`] = v;
    const rpcInterfaces = rpcInterfacesFrom(doc);
    const groups = groupsFromDocument({ doc, here, envExpansions: env, globalEnvironment: supervisord.environment, warnings, configFile });
    const servers = serversFrom(doc, here, env);
    return { configFile, supervisord, servers, groups, rpcInterfaces, supervisorctl: supervisorctlFrom(doc, here, env), warnings, infos };
  } catch (err) {
    if (err instanceof ValueError) throw new ConfigError(err.message);
    throw err;
  }
}
