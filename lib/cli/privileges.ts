/** `user=` in [supervisord]: switch the daemon to that user at startup (reference: options.drop_privileges). */

/** Returns the INFO lines to log; throws with the reference's message when it cannot switch. */
export function dropPrivileges(user: string, uid: number | null, gid: number | null): string[] {
  if (uid === null) throw new Error(`Invalid user name ${user}`);
  const current = process.getuid ? process.getuid() : uid;
  if (current === uid) return [];
  if (current !== 0) throw new Error("Can't drop privilege as nonroot user");
  try {
    if (gid !== null) {
      (process as unknown as { initgroups?: (u: string, g: number) => void }).initgroups?.(user, gid);
      process.setgid?.(gid);
    }
    process.setuid?.(uid);
  } catch (err) {
    throw new Error(`Could not set user id of effective user: ${(err as Error).message}`);
  }
  return [`Set uid to user ${uid} succeeded`];
}
