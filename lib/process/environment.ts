/** The environment a child is started with (states-and-lifecycle.md §3.5). */
import { ProcessConfig } from '../config/types';
import { ProcessHost } from './host';

/** Variables of our own launcher that must not leak into children. */
const PRIVATE_VARIABLES = ['TSUPERVISOR_DAEMON_CHILD'];

export function childEnvironment(config: ProcessConfig, host: ProcessHost): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...host.daemonEnv };
  for (const name of PRIVATE_VARIABLES) delete env[name];
  env.SUPERVISOR_ENABLED = '1';
  const url = config.serverurl ?? host.serverUrl();
  if (url !== null) env.SUPERVISOR_SERVER_URL = url;
  else delete env.SUPERVISOR_SERVER_URL;
  env.SUPERVISOR_PROCESS_NAME = config.name;
  env.SUPERVISOR_GROUP_NAME = config.groupName;
  Object.assign(env, host.globalEnvironment());
  if (config.environment) Object.assign(env, config.environment);
  return env;
}
