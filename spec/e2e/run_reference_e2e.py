"""Run supervisor's own end-to-end tests (from the Debian package) unchanged against tsupervisord.

The test module spawns `python -m supervisor.supervisord ...` through pexpect; we patch pexpect.spawn so that
exactly that spawn runs `node bin/tsupervisord ...` instead. supervisorctl spawns stay the real Python ones.
Usage: run_reference_e2e.py TEST_METHOD_NAME...   (TSUP_E2E_DAEMON=reference leaves supervisord unpatched)
"""
import os
import sys
import unittest

os.environ['END_TO_END'] = '1'  # the test module only defines its tests when asked

import pexpect

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
DAEMON = [os.environ.get('TSUP_NODE', 'node'), os.path.join(REPO, 'bin', 'tsupervisord')]

_real_spawn = pexpect.spawn


def _spawn(command, args=(), *rest, **kw):
    args = list(args)
    if command == sys.executable and args[:2] == ['-m', 'supervisor.supervisord']:
        command, args = DAEMON[0], DAEMON[1:] + args[2:]
    return _real_spawn(command, args, *rest, **kw)


if os.environ.get('TSUP_E2E_DAEMON') != 'reference':
    pexpect.spawn = _spawn

import pkg_resources  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

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


def _resource_filename(package, name):
    if name.startswith('fixtures/'):
        return os.path.join(_fixtures, name[len('fixtures/'):])
    return _real_resource_filename(package, name)


test_end_to_end.pkg_resources.resource_filename = _resource_filename


def main(names):
    suite = unittest.TestSuite(test_end_to_end.EndToEndTests(name) for name in names)
    try:
        result = unittest.TextTestRunner(verbosity=2).run(suite)
    finally:
        shutil.rmtree(_fixtures, ignore_errors=True)
    return 0 if result.wasSuccessful() else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
