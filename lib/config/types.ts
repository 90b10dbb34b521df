/**
 * The typed configuration model: what `loadConfig` produces from a supervisord.conf file.
 * Everything the daemon needs is here, already expanded (`%(...)s`) and validated, so nothing
 * downstream ever re-reads raw strings. Names follow supervisord's option names (camelCased).
 */

/** Where one output channel of a process is logged (`stdout_logfile` / `stderr_logfile`). */
export type LogfileSetting =
  | { kind: 'auto' } // AUTO: a generated file in childlogdir, named when the group is activated
  | { kind: 'none' } // NONE / OFF (and always for stderr when redirect_stderr=true)
  | { kind: 'path'; path: string }; // an explicit file (absolute after `~` expansion)

export interface ChannelConfig {
  logfile: LogfileSetting;
  /** `*_logfile_maxbytes` in bytes; 0 = never rotate. */
  maxbytes: number;
  /** `*_logfile_backups`. */
  backups: number;
  /** `*_capture_maxbytes`; > 0 enables capture mode. */
  captureMaxbytes: number;
  /** `*_events_enabled`: emit PROCESS_LOG_STDOUT/STDERR. */
  eventsEnabled: boolean;
  /** `*_syslog` (also set when the deprecated `*_logfile=syslog` was used). */
  syslog: boolean;
}

export type AutorestartSetting = 'true' | 'false' | 'unexpected';

/** One process (a program with numprocs=N yields N of these). */
export interface ProcessConfig {
  /** Process name after `process_name` expansion. */
  name: string;
  /** The `x` of `[program:x]` (or eventlistener/fcgi-program). */
  programName: string;
  /** The group the process belongs to (`[group:g]` name, else the program name). */
  groupName: string;
  /** `command` after `%()` expansion, not yet shlex-split. */
  command: string;
  /** Numeric uid from `user=`, or null. */
  uid: number | null;
  /** The `user=` value as written (name or number), or null. */
  user: string | null;
  /** Primary gid of that user (for setgid), or null. */
  gid: number | null;
  directory: string | null;
  umask: number | null;
  priority: number;
  autostart: boolean;
  autorestart: AutorestartSetting;
  startsecs: number;
  startretries: number;
  exitcodes: number[];
  /** Signal number. */
  stopsignal: number;
  stopwaitsecs: number;
  stopasgroup: boolean;
  killasgroup: boolean;
  redirectStderr: boolean;
  stdout: ChannelConfig;
  stderr: ChannelConfig;
  /** The program's own `environment=` (not merged with [supervisord] environment), or null. */
  environment: Record<string, string> | null;
  /** `serverurl`; null means AUTO (use the daemon's default URL). */
  serverurl: string | null;
  /** Section name, for messages: e.g. `program:x`. */
  section: string;
}

export type GroupKind = 'program' | 'group' | 'eventlistener' | 'fcgi-program';

export interface FcgiSocketConfig {
  /** As written after expansion: `unix:///abs/path` or `tcp://host:port`. */
  url: string;
  kind: 'unix' | 'tcp';
  path?: string; // unix
  host?: string; // tcp
  port?: number; // tcp
  backlog: number | null; // null = SOMAXCONN
  owner: { uid: number; gid: number } | null; // unix only
  mode: number | null; // unix only (default 0o700 applied by the socket manager)
}

export interface EventListenerConfig {
  /** Upper-case event type names as listed (duplicates collapsed, order kept). */
  events: string[];
  bufferSize: number;
  resultHandler: string;
}

export interface GroupConfig {
  name: string;
  kind: GroupKind;
  priority: number;
  /** Processes in their in-group order (for `[group:g]`: programs= order, each program's processes sorted). */
  processes: ProcessConfig[];
  /** Only for kind 'eventlistener'. */
  listener?: EventListenerConfig;
  /** Only for kind 'fcgi-program'. */
  fcgiSocket?: FcgiSocketConfig;
}

export interface HttpServerConfig {
  kind: 'unix' | 'inet';
  /** The section name, e.g. `inet_http_server` (used in the "running without any HTTP authentication" line). */
  section: string;
  /** unix: absolute socket path. */
  file?: string;
  /** unix: socket file mode, default 0o700. */
  chmod?: number;
  /** unix: chown target or null (unchanged). */
  chown?: { uid: number; gid: number } | null;
  /** inet: host ('' = all interfaces), lower-cased. */
  host?: string;
  /** inet: port. */
  port?: number;
  username: string | null;
  /** Plain text, or `{SHA}<hex>`. */
  password: string | null;
}

export interface SupervisordOptions {
  /** Absolute path, or 'syslog'. */
  logfile: string;
  logfileMaxbytes: number;
  logfileBackups: number;
  /** Numeric level: 50 critical, 40 error, 30 warn, 20 info, 10 debug, 5 trace, 3 blather. */
  loglevel: number;
  /** Absolute path. */
  pidfile: string;
  umask: number;
  nodaemon: boolean;
  silent: boolean;
  minfds: number;
  minprocs: number;
  nocleanup: boolean;
  childlogdir: string;
  user: string | null;
  uid: number | null;
  gid: number | null;
  directory: string | null;
  stripAnsi: boolean;
  environment: Record<string, string>;
  identifier: string;
}

export interface SupervisorctlOptions {
  serverurl: string;
  username: string | null;
  password: string | null;
  prompt: string;
  historyFile: string | null;
}

export interface Config {
  /** Absolute path of the main config file. */
  configFile: string;
  supervisord: SupervisordOptions;
  /** Inet servers first, then unix servers (the reference's creation order). */
  servers: HttpServerConfig[];
  /** Sorted ascending by priority, ties by name (the reference's parse order). */
  groups: GroupConfig[];
  /** Names of `[rpcinterface:x]` sections (each validated to use the standard factory). */
  rpcInterfaces: string[];
  supervisorctl: SupervisorctlOptions | null;
  /** Parse warnings to log at WARN once the logger exists (e.g. `No file matches via include "..."`). */
  warnings: string[];
  /** Parse infos to log at INFO (e.g. `Included extra file "..." during parsing`). */
  infos: string[];
}

/** Command-line values that override `[supervisord]` options (undefined = not given). */
export interface CommandLineOverrides {
  configFile?: string;
  nodaemon?: boolean;
  silent?: boolean;
  user?: string;
  umask?: number;
  directory?: string;
  logfile?: string;
  logfileMaxbytes?: number;
  logfileBackups?: number;
  loglevel?: number;
  pidfile?: string;
  identifier?: string;
  childlogdir?: string;
  nocleanup?: boolean;
  minfds?: number;
  minprocs?: number;
  stripAnsi?: boolean;
}

/** A configuration problem; `message` is the text after `Error: ` (startup) or `CANT_REREAD: ` (reload). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
