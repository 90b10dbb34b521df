/** User and group lookups from /etc/passwd and /etc/group (Node has no getpwnam). */
import * as fs from 'node:fs';

export interface UserRecord {
  name: string;
  uid: number;
  gid: number;
}

function readTable(file: string): string[][] {
  try {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line && !line.startsWith('#'))
      .map((line) => line.split(':'));
  } catch {
    return [];
  }
}

export function lookupUser(key: string | number): UserRecord | undefined {
  for (const f of readTable('/etc/passwd')) {
    const record = { name: f[0], uid: Number(f[2]), gid: Number(f[3]) };
    if (typeof key === 'number' ? record.uid === key : record.name === key) return record;
  }
  return undefined;
}

export function lookupGroup(key: string | number): { name: string; gid: number } | undefined {
  for (const f of readTable('/etc/group')) {
    const record = { name: f[0], gid: Number(f[2]) };
    if (typeof key === 'number' ? record.gid === key : record.name === key) return record;
  }
  return undefined;
}

/** The groups a program running as `user` gets: its primary group, then every group listing it as a member. */
export function groupsOfUser(user: UserRecord): number[] {
  const groups = [user.gid];
  for (const f of readTable('/etc/group')) {
    if ((f[3] ?? '').split(',').includes(user.name)) groups.push(Number(f[2]));
  }
  return groups;
}
