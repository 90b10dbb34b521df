/** HTML for the web interface: our own markup and stylesheet, with the reference's structure and class names. */
import type { ProcessRow } from './status-page';

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const q = (s: string) => encodeURIComponent(s);
const ns = (r: ProcessRow) => (r.group === r.name ? r.name : `${r.group}:${r.name}`);

function stateClass(statename: string): string {
  if (statename === 'RUNNING') return 'statusrunning';
  if (statename === 'FATAL' || statename === 'BACKOFF') return 'statuserror';
  return 'statusnominal';
}

function actions(r: ProcessRow): string {
  const name = q(ns(r));
  const link = (action: string, label: string) => `<a href="index.html?processname=${name}&amp;action=${action}">${label}</a>`;
  const first =
    r.statename === 'RUNNING'
      ? [link('restart', 'Restart'), link('stop', 'Stop')]
      : ['STOPPED', 'EXITED', 'FATAL'].includes(r.statename)
        ? [link('start', 'Start'), '']
        : ['', ''];
  return [
    ...first,
    link('clearlog', 'Clear Log'),
    `<a href="logtail/${name}" target="_blank">Tail -f Stdout</a>`,
    `<a href="logtail/${name}/stderr" target="_blank">Tail -f Stderr</a>`,
  ]
    .map((a) => `<li>${a}</li>`)
    .join('');
}

export function renderStatusPage(rows: ProcessRow[], message: string | null, version: string, year: number): string {
  const body = rows.length
    ? `<table cellspacing="0"><thead><tr><th class="state">State</th><th class="desc">Description</th><th class="name">Name</th><th class="action">Action</th></tr></thead><tbody>${rows
        .map(
          (r, i) =>
            `<tr${i % 2 ? ' class="shade"' : ''}><td class="status"><span class="${stateClass(r.statename)}">${r.statename.toLowerCase()}</span></td>` +
            `<td>${escapeHtml(r.description)}</td><td><a href="tail.html?processname=${q(ns(r))}" target="_blank">${escapeHtml(ns(r))}</a></td>` +
            `<td class="action"><ul>${actions(r)}</ul></td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No programs to manage</p>';
  return `<!DOCTYPE html>
<html><head><title>Supervisor Status</title><link rel="stylesheet" href="stylesheets/supervisor.css"></head>
<body><div id="wrapper"><div id="header"><h1>Supervisor status</h1></div>
<div id="content">${message ? `<div class="status_msg">${escapeHtml(message)}</div>` : ''}
<ul class="clr" id="buttons"><li><a href="index.html?action=refresh">Refresh</a></li><li><a href="index.html?action=restartall">Restart All</a></li><li><a href="index.html?action=stopall">Stop All</a></li></ul>
${body}</div>
<div id="footer"><p>Supervisor ${version} (tsupervisor) &copy; ${year}</p></div></div></body></html>
`;
}

export function renderTailPage(name: string, text: string, limit: number): string {
  return `<!DOCTYPE html>
<html><head><title>Supervisor tail of process ${escapeHtml(name)}</title><link rel="stylesheet" href="stylesheets/supervisor.css"></head>
<body><div id="wrapper"><pre>${escapeHtml(text)}</pre>
<form><a href="tail.html?processname=${q(name)}&amp;limit=${limit}">Refresh</a></form></div></body></html>
`;
}

export const STYLESHEET = `body { font-family: sans-serif; margin: 0; color: #222; }
#wrapper { max-width: 72em; margin: 0 auto; padding: 1em; }
#header h1 { font-size: 1.4em; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: .4em .6em; }
tr.shade { background: #f2f2f2; }
.statusrunning { color: #2a7d2a; font-weight: bold; }
.statuserror { color: #b22; font-weight: bold; }
.statusnominal { color: #555; }
.status_msg { background: #fff6d5; padding: .5em; margin-bottom: 1em; }
ul { list-style: none; margin: 0; padding: 0; }
td.action li, #buttons li { display: inline; margin-right: .8em; }
#footer { color: #777; font-size: .8em; margin-top: 2em; }
pre { white-space: pre-wrap; }
`;
