// Starts the release server on a free port with a throw-away SQLite database, runs every
// test file under tests/ against it, then stops the server with SIGTERM and checks that it
// shut down cleanly. Usage: PORTAL_BIN=target/release/portal node end2end/run.mjs
import { spawn } from 'node:child_process';
import { rmSync, readdirSync, readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ROOT, startPortal } from './support/server.mjs';
import { E2E_STAFF, E2E_STAFF_2, E2E_STAFF_3, E2E_STAFF_4, TEST_IDS, TEST_PHONES } from './support/personal-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));

/** The staff accounts the staff pages are tested with, made the way an operator makes one. */
async function addStaff(serverEnv) {
  for (const s of [E2E_STAFF, E2E_STAFF_2, E2E_STAFF_3, E2E_STAFF_4]) await addStaffAccount(s, serverEnv);
}

async function addStaffAccount(s, serverEnv) {
  const cli = spawn(BIN, ['staff', 'add', '--username', s.username, '--institution', s.institution, '--phone', s.phone], {
    cwd: ROOT, env: serverEnv, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  cli.stdout.on('data', (d) => { output += d; });
  cli.stderr.on('data', (d) => { output += d; });
  cli.stdin.end(`${s.password}\n`);
  const code = await new Promise((res) => cli.on('exit', res));
  if (code !== 0) throw new Error(`portal staff add failed (${code}): ${output}`);
}

let status = 1;
let portal;
try {
  portal = await startPortal();
  await addStaff(portal.env);
  // PORTAL_E2E_ONLY=register runs only the files whose names contain it (while developing).
  const only = process.env.PORTAL_E2E_ONLY ?? '';
  const files = readdirSync(join(here, 'tests'))
    .filter((f) => f.endsWith('.test.mjs') && f.includes(only))
    .map((f) => join(here, 'tests', f));
  const pattern = process.env.PORTAL_E2E_NAME ? [`--test-name-pattern=${process.env.PORTAL_E2E_NAME}`] : [];
  // No test may hang the run: each has 2 minutes.
  const tests = spawn(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${process.env.PORTAL_E2E_TIMEOUT ?? 120000}`, ...pattern, ...files], {
    env: { ...process.env, PORTAL_E2E_URL: portal.baseURL, PORTAL_E2E_LOG: portal.logPath },
    stdio: 'inherit',
  });
  status = await new Promise((res) => tests.on('exit', (code) => res(code ?? 1)));
} catch (e) {
  console.error(`end2end: ${e.message}`);
} finally {
  if (portal) {
    const { code, signal } = await portal.stop();
    if (code !== 0) {
      console.error(`end2end: the server did not shut down cleanly on SIGTERM (code ${code}, signal ${signal}); log: ${portal.logPath}`);
      status = status || 1;
    }
    // Personal data never reaches the log: no whole phone number the tests typed.
    const logText = readFileSync(portal.logPath, 'utf8');
    const leaked = [...TEST_PHONES, ...TEST_IDS].filter((p) => logText.includes(p));
    if (leaked.length) {
      console.error(`end2end: the server log contains whole phone or ID numbers: ${leaked.join(', ')}`);
      status = status || 1;
    } else {
      console.log('end2end: log scan: no whole phone or ID number in the server log');
    }
    if (status !== 0) console.error(`end2end: server log kept at ${portal.logPath}`);
    else rmSync(portal.work, { recursive: true, force: true });
  }
}
process.exit(status);
