/** Resolving `name`, `group:name`, `group:*` and `group:` against the active groups (rpc.md §3). */
import { ProcessGroup } from '../process/group';
import { Subprocess } from '../process/subprocess';
import { RpcFault } from './faults';

export interface Resolved {
  group: ProcessGroup;
  /** null for the whole-group forms. */
  process: Subprocess | null;
}

export function splitNamespec(namespec: string): { groupName: string; processName: string | null } {
  const colon = namespec.indexOf(':');
  if (colon < 0) return { groupName: namespec, processName: namespec };
  const processName = namespec.slice(colon + 1);
  return { groupName: namespec.slice(0, colon), processName: processName === '' || processName === '*' ? null : processName };
}

export function resolveNamespec(groups: ReadonlyMap<string, ProcessGroup>, namespec: string): Resolved {
  const { groupName, processName } = splitNamespec(namespec);
  const group = groups.get(groupName);
  if (!group) throw new RpcFault('BAD_NAME', namespec);
  if (processName === null) return { group, process: null };
  const process = group.byName.get(processName);
  if (!process) throw new RpcFault('BAD_NAME', namespec);
  return { group, process };
}

/** For methods that need exactly one process: the group forms are BAD_NAME too. */
export function resolveProcess(groups: ReadonlyMap<string, ProcessGroup>, namespec: string): Subprocess {
  const { process } = resolveNamespec(groups, namespec);
  if (!process) throw new RpcFault('BAD_NAME', namespec);
  return process;
}
