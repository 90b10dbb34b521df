/** getAllConfigInfo: one struct per configured process of the configuration read last (rpc.md §5.2). */
import { ChannelConfig, ProcessConfig } from '../config/types';
import { Supervisor } from '../supervisor';
import { XmlRpcValue } from './values';

function logfileText(setting: ChannelConfig['logfile'], resolved: string | null | undefined): string {
  if (setting.kind === 'none') return 'none';
  if (setting.kind === 'path') return setting.path;
  // AUTO shows the generated name only while this very config object is the active one (as the reference does).
  return resolved ?? 'auto';
}

export function configInfo(sup: Supervisor): XmlRpcValue[] {
  const rows: { [key: string]: XmlRpcValue }[] = [];
  for (const gconfig of sup.lastReadConfig.groups) {
    const active = sup.groups.get(gconfig.name);
    const inuse = active !== undefined;
    const sameObject = active?.config === gconfig;
    gconfig.processes.forEach((pc: ProcessConfig, index) => {
      const paths = sameObject ? active!.processes[index].logPaths : undefined;
      rows.push({
        autostart: pc.autostart,
        directory: pc.directory ?? 'none',
        uid: pc.uid ?? 'none',
        command: pc.command,
        exitcodes: pc.exitcodes,
        group: gconfig.name,
        group_prio: gconfig.priority,
        inuse,
        killasgroup: pc.killasgroup,
        name: pc.name,
        process_prio: pc.priority,
        redirect_stderr: pc.redirectStderr,
        startretries: pc.startretries,
        startsecs: pc.startsecs,
        stdout_capture_maxbytes: pc.stdout.captureMaxbytes,
        stdout_events_enabled: pc.stdout.eventsEnabled,
        stdout_logfile: logfileText(pc.stdout.logfile, paths?.stdout),
        stdout_logfile_backups: pc.stdout.backups,
        stdout_logfile_maxbytes: pc.stdout.maxbytes,
        stdout_syslog: pc.stdout.syslog,
        stopsignal: pc.stopsignal,
        stopwaitsecs: pc.stopwaitsecs,
        stderr_capture_maxbytes: pc.stderr.captureMaxbytes,
        stderr_events_enabled: pc.stderr.eventsEnabled,
        stderr_logfile: logfileText(pc.stderr.logfile, paths?.stderr),
        stderr_logfile_backups: pc.stderr.backups,
        stderr_logfile_maxbytes: pc.stderr.maxbytes,
        stderr_syslog: pc.stderr.syslog,
        serverurl: pc.serverurl ?? 'none',
      });
    });
  }
  // Stable sort by process name only, like the reference.
  return rows.sort((a, b) => ((a.name as string) < (b.name as string) ? -1 : (a.name as string) > (b.name as string) ? 1 : 0));
}
