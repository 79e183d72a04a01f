// The release server under test: started on a free port with a throw-away SQLite database and
// the demo data, stopped with SIGTERM.
import { spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The server binary: PORTAL_BIN, else the release build. */
export const BIN = resolve(ROOT, process.env.PORTAL_BIN ?? 'target/release/portal');

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Polls /readyz until it answers 200; fails if the process exits first or after 60 s. */
export async function waitForReady(baseURL, exited) {
  let gone = null;
  exited.then((e) => { gone = e; });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone) throw new Error(`server exited during start-up (code ${gone.code})`);
    try {
      const res = await fetch(`${baseURL}/readyz`);
      if (res.ok) return;
    } catch { /* not listening yet */ }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server not ready within 60 s');
}

/**
 * Starts the portal in a new folder (`work`: its database and `server.log`), with `env` over
 * the settings every test server has. Resolves once it is ready with its `baseURL`, the `env`
 * it runs with, `work`, `logPath`, and `stop()` (SIGTERM; resolves with { code, signal }).
 */
export async function startPortal(env = {}) {
  const work = mkdtempSync(join(tmpdir(), 'portal-e2e-'));
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const logPath = join(work, 'server.log');
  const log = createWriteStream(logPath);
  const serverEnv = {
    ...process.env,
    LEPTOS_SITE_ADDR: `127.0.0.1:${port}`,
    LEPTOS_SITE_ROOT: join(ROOT, 'target/site'),
    DATABASE_URL: `sqlite://${join(work, 'e2e.db')}`,
    PORTAL_DEMO: 'true',
    // A person signing in again soon after (resuming a draft) need not wait a minute; the
    // resend limit itself is tested in the Rust tests.
    PORTAL_SMS_RESEND_SECS: '10',
    // Every browser test comes from one address; the write limit itself is tested in Rust.
    PORTAL_WRITES_PER_CLIENT_PER_MINUTE: '1000',
    RUST_LOG: process.env.RUST_LOG ?? 'info',
    ...env,
  };
  const server = spawn(BIN, [], { cwd: ROOT, env: serverEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  server.stdout.pipe(log);
  server.stderr.pipe(log);
  const exited = new Promise((res) => server.on('exit', (code, signal) => res({ code, signal })));
  const stop = () => { server.kill('SIGTERM'); return exited; };
  try {
    await waitForReady(baseURL, exited);
  } catch (e) {
    await stop();
    throw new Error(`${e.message}; server log: ${logPath}`);
  }
  return { baseURL, env: serverEnv, work, logPath, stop };
}
