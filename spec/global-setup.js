/**
 * Jest global setup: the tests drive our daemon with the real Python supervisorctl and xmlrpc.client, and run
 * supervisor's own end-to-end tests, so the Debian packages must be there. Install them when missing (we run as
 * root on CI); fail loudly when that is impossible — these tests must never be skipped silently.
 */
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const PACKAGES = ['supervisor', 'python3-pexpect', 'ruby', 'ruby-xmlrpc'];

function pythonHasModules() {
  const python = spawnSync('/usr/bin/python3', ['-c', 'import supervisor, pexpect'], { stdio: 'ignore' }).status === 0;
  const ruby = spawnSync('ruby', ['-e', 'require "xmlrpc/client"'], { stdio: 'ignore' }).status === 0;
  return python && ruby;
}

function ensureDebianPackages() {
  if (fs.existsSync('/usr/bin/supervisorctl') && pythonHasModules()) return;
  process.stdout.write(`\n[global-setup] installing Debian packages: ${PACKAGES.join(' ')}\n`);
  try {
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
    execFileSync('apt-get', ['install', '-y', '-qq', ...PACKAGES], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  } catch (err) {
    throw new Error(`[global-setup] could not install ${PACKAGES.join(' ')} (needed for the real supervisorctl): ${err.message}`);
  }
  if (!fs.existsSync('/usr/bin/supervisorctl') || !pythonHasModules()) {
    throw new Error('[global-setup] /usr/bin/supervisorctl or the Python supervisor/pexpect modules are still missing');
  }
}

module.exports = async function globalSetup() {
  ensureDebianPackages();
  const built = path.join(__dirname, '..', 'dist', 'lib', 'cli', 'main.js');
  if (!fs.existsSync(built)) throw new Error('[global-setup] dist/ is not built: run `npm run build` (npm test does it)');
};
