// Starts the release server on a free port with a throw-away SQLite database, runs every
// test file under tests/ against it, then stops the server with SIGTERM and checks that it
// shut down cleanly. Usage: PORTAL_BIN=target/release/portal node end2end/run.mjs
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, createWriteStream, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, waitForReady } from './support/server.mjs';
import { E2E_STAFF, E2E_STAFF_2, E2E_STAFF_3, E2E_STAFF_4, TEST_IDS, TEST_PHONES } from './support/personal-data.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..');
const bin = resolve(root, process.env.PORTAL_BIN ?? 'target/release/portal');
const work = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
const port = await freePort();
const baseURL = `http://127.0.0.1:${port}`;
const logPath = join(work, 'server.log');
const log = createWriteStream(logPath);

const serverEnv = {
    ...process.env,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: join(root, 'target/site'),
    DATABASE_URL: `sqlite://${join(work, 'e2e.db')}`,
    PORTAL_DEMO: 'true',
    // A person signing in again soon after (resuming a draft) need not wait a minute; the
    // resend limit itself is tested in the Rust tests.
    PORTAL_SMS_RESEND_SECS: '10',
    // Every browser test comes from one address; the write limit itself is tested in Rust.
    PORTAL_WRITES_PER_CLIENT_PER_MINUTE: '1000',
    RUST_LOG: process.env.RUST_LOG ?? 'info',
};
const server = spawn(bin, [], { cwd: root, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
server.stdout.pipe(log);
server.stderr.pipe(log);
const exited = new Promise((res) => server.on('exit', (code, signal) => res({ code, signal })));

/** The staff accounts the staff pages are tested with, made the way an operator makes one. */
async function addStaff() {
  for (const s of [E2E_STAFF, E2E_STAFF_2, E2E_STAFF_3, E2E_STAFF_4]) await addStaffAccount(s);
}

async function addStaffAccount(s) {
  const cli = spawn(bin, ['staff', 'add', '--username', s.username, '--institution', s.institution, '--phone', s.phone], {
    cwd: root, env: serverEnv, stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  cli.stdout.on('data', (d) => { output += d; });
  cli.stderr.on('data', (d) => { output += d; });
  cli.stdin.end(`${s.password}\n`);
  const code = await new Promise((res) => cli.on('exit', res));
  if (code !== 0) throw new Error(`portal staff add failed (${code}): ${output}`);
}

let status = 1;
try {
  await waitForReady(baseURL, exited);
  await addStaff();
  // PORTAL_E2E_ONLY=register runs only the files whose names contain it (while developing).
  const only = process.env.PORTAL_E2E_ONLY ?? '';
  const files = readdirSync(join(here, 'tests'))
    .filter((f) => f.endsWith('.test.mjs') && f.includes(only))
    .map((f) => join(here, 'tests', f));
  const pattern = process.env.PORTAL_E2E_NAME ? [`--test-name-pattern=${process.env.PORTAL_E2E_NAME}`] : [];
  // No test may hang the run: each has 2 minutes.
  const tests = spawn(process.execPath, ['--test', '--test-concurrency=1', `--test-timeout=${process.env.PORTAL_E2E_TIMEOUT ?? 120000}`, ...pattern, ...files], {
    env: { ...process.env, PORTAL_E2E_URL: baseURL, PORTAL_E2E_LOG: logPath },
    stdio: 'inherit',
  });
  status = await new Promise((res) => tests.on('exit', (code) => res(code ?? 1)));
} catch (e) {
  console.error(`end2end: ${e.message}`);
} finally {
  server.kill('SIGTERM');
  const { code, signal } = await exited;
  if (code !== 0) {
    console.error(`end2end: the server did not shut down cleanly on SIGTERM (code ${code}, signal ${signal}); log: ${logPath}`);
    status = status || 1;
  }
  // Personal data never reaches the log: no whole phone number the tests typed.
  const logText = readFileSync(logPath, 'utf8');
  const leaked = [...TEST_PHONES, ...TEST_IDS].filter((p) => logText.includes(p));
  if (leaked.length) {
    console.error(`end2end: the server log contains whole phone or ID numbers: ${leaked.join(', ')}`);
    status = status || 1;
  } else {
    console.log('end2end: log scan: no whole phone or ID number in the server log');
  }
  if (status !== 0) console.error(`end2end: server log kept at ${logPath}`);
  else rmSync(work, { recursive: true, force: true });
}
process.exit(status);
