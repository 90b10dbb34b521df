/**
 * Jest global setup. The tests drive our daemon with the real Python supervisorctl and xmlrpc.client, run
 * supervisor's own end-to-end tests (pexpect), and use Ruby's xmlrpc as a non-Python client, so those Debian
 * packages must be there: install them when missing (CI runs as root) and fail loudly when that is impossible —
 * these tests must never be skipped silently. Also insist on a built dist/ (`npm test` builds it first).
 * When everything is present this costs three quick process runs and no apt call.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const REPO = path.join(__dirname, '..');
const BASE_PACKAGES = ['supervisor', 'python3-pexpect', 'ruby'];
// On bookworm `ruby` already pulls ruby-xmlrpc in (libruby3.1 depends on it); elsewhere it may have to be asked for.
const RUBY_XMLRPC_PACKAGE = 'ruby-xmlrpc';

function succeeds(command, args) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

function missing() {
  const absent = [];
  if (!fs.existsSync('/usr/bin/supervisorctl')) absent.push('/usr/bin/supervisorctl');
  if (!succeeds('/usr/bin/python3', ['-c', 'import supervisor.childutils, pexpect'])) absent.push('python3 modules supervisor + pexpect');
  if (!succeeds('ruby', ['-e', 'require "xmlrpc/client"'])) absent.push('ruby with xmlrpc/client');
  return absent;
}

function fail(message) {
  const bar = '='.repeat(100);
  throw new Error(`\n${bar}\n[global-setup] ${message}\nThe test suite cannot run without them; it does not skip tests.\n${bar}`);
}

function aptGet(args) {
  execFileSync('apt-get', args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

function ensureDebianPackages() {
  let absent = missing();
  if (absent.length === 0) return;
  process.stdout.write(`\n[global-setup] missing: ${absent.join(', ')} — installing Debian packages\n`);
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    fail(`missing ${absent.join(', ')}; run as root or install them: apt-get install ${BASE_PACKAGES.join(' ')} ${RUBY_XMLRPC_PACKAGE}`);
  }
  try {
    aptGet(['update', '-qq']);
    aptGet(['install', '-y', '-qq', ...BASE_PACKAGES]);
    if (!succeeds('ruby', ['-e', 'require "xmlrpc/client"'])) aptGet(['install', '-y', '-qq', RUBY_XMLRPC_PACKAGE]);
  } catch (err) {
    fail(`apt-get could not install ${BASE_PACKAGES.join(' ')} ${RUBY_XMLRPC_PACKAGE}: ${err.message}`);
  }
  absent = missing();
  if (absent.length > 0) fail(`still missing after apt-get install: ${absent.join(', ')}`);
}

/** Newest mtime of the files under dir whose names end with suffix. */
function newestMtime(dir, suffix) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full, suffix));
    else if (entry.name.endsWith(suffix)) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const entry = path.join(REPO, 'dist', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(entry)) fail(`dist/ is not built (${entry} is missing): run \`npm run build\`, or \`npm test\`, which builds first`);
  if (newestMtime(path.join(REPO, 'lib'), '.ts') > newestMtime(path.join(REPO, 'dist', 'lib'), '.js')) {
    process.stdout.write('\n[global-setup] warning: lib/ has changes newer than dist/ — the daemon under test may be stale (`npm run build`)\n');
  }
}

module.exports = async function globalSetup() {
  ensureDebianPackages();
  ensureBuilt();
};
