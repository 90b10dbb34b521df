"""Run supervisor's own end-to-end tests (from the Debian package) unchanged against tsupervisord.

The test module spawns `python -m supervisor.supervisord ...` through pexpect; we patch pexpect.spawn so that
exactly that spawn runs `node bin/tsupervisord ...` instead. supervisorctl spawns stay the real Python ones.

Usage: run_reference_e2e.py TEST_METHOD_NAME...
  TSUP_E2E_DAEMON=reference  leave supervisord unpatched (checks the runner itself against the real daemon)
  TSUP_NODE=/path/to/node    the node binary (default: `node` on PATH)

Each test runs on its own; afterwards the runner waits (with a deadline) for every daemon the test spawned to
exit, kills what the daemon left behind, and removes the fixed /tmp files the test's fixture config names.
"""
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import unittest

os.environ['END_TO_END'] = '1'  # the test module only defines its tests when asked

import pexpect  # noqa: E402
import pkg_resources  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DAEMON = [os.environ.get('TSUP_NODE', 'node'), os.path.join(REPO, 'bin', 'tsupervisord')]
USE_REFERENCE = os.environ.get('TSUP_E2E_DAEMON') == 'reference'
EXIT_DEADLINE = 30  # seconds a daemon gets to stop its children after the test's SIGINT
ORPHAN_GRACE = 3  # seconds what the daemon started gets to go away after the daemon exited

_real_spawn = pexpect.spawn


def _descendants(pid):
    """Pids of every live descendant of pid, found through /proc (children first seen, then theirs)."""
    parents = {}
    for entry in os.listdir('/proc'):
        if entry.isdigit():
            try:
                with open('/proc/%s/stat' % entry) as f:
                    stat = f.read()
            except OSError:
                continue
            ppid = int(stat[stat.rindex(')') + 2:].split()[1])
            parents.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class _DaemonSpawn(_real_spawn):
    """A daemon spawn that remembers the daemon's descendants at the moment the test signals it."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.known_descendants = set()
        self.signalled = False
        _spawned_daemons.append(self)

    def kill(self, sig):
        self.signalled = True
        if self.isalive():
            self.known_descendants.update(_descendants(self.pid))
        super().kill(sig)


_spawned_daemons = []


def _spawn(command, args=(), *rest, **kw):
    args = list(args)
    if command == sys.executable and args[:2] == ['-m', 'supervisor.supervisord']:
        if not USE_REFERENCE:
            command, args = DAEMON[0], DAEMON[1:] + args[2:]
        return _DaemonSpawn(command, args, *rest, **kw)
    return _real_spawn(command, args, *rest, **kw)


pexpect.spawn = _spawn

from supervisor.tests import test_end_to_end  # noqa: E402

# Debian's package ships the fixtures without hello.sh (test_issue_565 needs it): run from a copy that has it.
HELLO_SH = '''#!/bin/bash
n=0
while true; do
    n=$((n + 1))
    echo "The \u00d8resund bridge ends in Malm\u00f6 - $n"
    sleep 1
done
'''
_fixtures = tempfile.mkdtemp(prefix='tsup-e2e-fixtures-')
shutil.rmtree(_fixtures)
shutil.copytree(os.path.join(os.path.dirname(test_end_to_end.__file__), 'fixtures'), _fixtures)
if not os.path.exists(os.path.join(_fixtures, 'hello.sh')):
    with open(os.path.join(_fixtures, 'hello.sh'), 'w', encoding='utf-8') as f:
        f.write(HELLO_SH)
    os.chmod(os.path.join(_fixtures, 'hello.sh'), 0o755)
_real_resource_filename = pkg_resources.resource_filename
_used_configs = []


def _resource_filename(package, name):
    if name.startswith('fixtures/'):
        path = os.path.join(_fixtures, name[len('fixtures/'):])
        _used_configs.append(path)
        return path
    return _real_resource_filename(package, name)


test_end_to_end.pkg_resources.resource_filename = _resource_filename


def _alive(pid):
    """True while pid runs (a zombie waiting for its reaper counts as gone)."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            stat = f.read()
    except OSError:
        return False
    return stat[stat.rindex(')') + 2] != 'Z'


def _reap_daemons():
    """Let each daemon the test spawned finish (reading its output so it never blocks on a full pty), then
    SIGKILL it and anything it left running if the deadline passes."""
    while _spawned_daemons:
        daemon = _spawned_daemons.pop()
        if daemon.isalive():
            daemon.known_descendants.update(_descendants(daemon.pid))
            if not daemon.signalled:
                daemon.kill(signal.SIGINT)  # the test did not signal it (e.g. it failed first)
            try:
                daemon.expect(pexpect.EOF, timeout=EXIT_DEADLINE)
            except pexpect.ExceptionPexpect:
                print('[e2e runner] daemon %d still running %ds after SIGINT: killing it' % (daemon.pid, EXIT_DEADLINE))
        daemon.close(force=True)
        # A grandchild (e.g. the `sleep 1` of a shell loop) may outlive its parent briefly: give it a moment.
        deadline = time.monotonic() + ORPHAN_GRACE
        while any(_alive(pid) for pid in daemon.known_descendants) and time.monotonic() < deadline:
            time.sleep(0.05)
        for pid in daemon.known_descendants:
            if _alive(pid):
                print('[e2e runner] daemon left pid %d running: killing it' % pid)
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass


def _remove_tmp_files():
    """The fixture configs write sockets, logs and pidfiles to fixed /tmp paths: remove the ones this test used."""
    while _used_configs:
        with open(_used_configs.pop(), encoding='utf-8') as f:
            for path in set(re.findall(r'/tmp/[\w.-]+', f.read())):
                try:
                    os.unlink(path)
                except (FileNotFoundError, IsADirectoryError):
                    pass


def main(names):
    runner = unittest.TextTestRunner(verbosity=2)
    ok = True
    try:
        for name in names:
            try:
                result = runner.run(test_end_to_end.EndToEndTests(name))
            finally:
                _reap_daemons()
                _remove_tmp_files()
            ok = ok and result.wasSuccessful()
    finally:
        shutil.rmtree(_fixtures, ignore_errors=True)
    return 0 if ok else 1


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    # Killed by a timeout: still stop the daemons (the finally clauses in main run on SystemExit).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit('[e2e runner] terminated'))
    sys.exit(main(sys.argv[1:]))
