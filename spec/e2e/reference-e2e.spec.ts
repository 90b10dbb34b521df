/**
 * supervisor's own end-to-end tests (the Debian package's supervisor/tests/test_end_to_end.py), run unchanged with
 * tsupervisord in place of supervisord by run_reference_e2e.py — one jest test per upstream test so failures show
 * individually. The upstream fixtures use fixed /tmp paths, so this file runs them one at a time (jest runs the
 * tests of one file sequentially) and nothing else uses those paths.
 * TSUP_E2E_DAEMON=reference in the environment runs the same tests against the real supervisord.
 */
import { execFile } from 'node:child_process';
import * as path from 'node:path';

const RUNNER = path.join(__dirname, 'run_reference_e2e.py');
const RUNNER_TIMEOUT_MS = 170000; // upstream waits are up to 60 s each, plus the runner's 30 s shutdown deadline

jest.setTimeout(RUNNER_TIMEOUT_MS + 10000);

/** Upstream method names, in upstream order (test_issue_1251 is the `-?` help test). */
const TESTS = [
  'test_issue_291a_percent_signs_in_original_env_are_preserved',
  'test_issue_550',
  'test_issue_565',
  'test_issue_638',
  'test_issue_663',
  'test_issue_664',
  'test_issue_733',
  'test_issue_835',
  'test_issue_836',
  'test_issue_986_command_string_with_double_percent',
  'test_issue_1054',
  'test_issue_1170a',
  'test_issue_1170b',
  'test_issue_1170c',
  'test_issue_1224',
  'test_issue_1231a',
  'test_issue_1231b',
  'test_issue_1231c',
  'test_issue_1251',
  'test_issue_1298',
  'test_issue_1483a_identifier_default',
  'test_issue_1483b_identifier_from_config_file',
  'test_issue_1483c_identifier_from_command_line',
];

function runUpstreamTest(name: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env, TSUP_NODE: process.execPath };
    execFile('/usr/bin/python3', [RUNNER, name], { cwd: '/tmp', timeout: RUNNER_TIMEOUT_MS, env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : null) : 0;
      resolve({ code, output: stdout + stderr });
    });
  });
}

describe(`supervisor's end-to-end tests against ${process.env.TSUP_E2E_DAEMON === 'reference' ? 'supervisord' : 'tsupervisord'}`, () => {
  it.each(TESTS)('%s', async (name) => {
    const { code, output } = await runUpstreamTest(name);
    if (code !== 0) throw new Error(`upstream ${name} failed (runner exit ${code}):\n${output.slice(-4000)}`);
  });
});
