// What the release server sends over the wire: security headers with the page's nonce,
// precompressed brotli assets with long-lived caching, no-cache HTML, the API's JSON shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';

const base = process.env.PORTAL_E2E_URL;

/** Sends `head` as it is and returns the whole answer as text. */
function rawRequest(head) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) }, () => socket.write(head));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (d) => { answer += d; });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.setTimeout(5000, () => socket.destroy(new Error('timeout')));
  });
}
const get = (path, headers = {}) => fetch(base + path, { headers, redirect: 'manual' });

async function assets() {
  const html = await (await get('/')).text();
  const pick = (re) => { const m = html.match(re); assert.ok(m, `no ${re} in the page`); return m[1]; };
  return {
    html,
    css: pick(/href="(\/pkg\/portal\.[0-9a-f]{16}\.css)"/),
    js: pick(/href="(\/pkg\/portal\.[0-9a-f]{16}\.js)"/),
    wasm: pick(/href="(\/pkg\/portal\.[0-9a-f]{16}\.wasm)"/),
  };
}

test('pages carry a CSP whose nonce is the one on the hydration script', async () => {
  const res = await get('/');
  const csp = res.headers.get('content-security-policy');
  const html = await res.text();
  const nonce = html.match(/<script type="module" nonce="([^"]+)"/)?.[1];
  assert.ok(nonce, 'the hydration script has a nonce');
  assert.ok(csp.includes(`'nonce-${nonce}'`), csp);
  assert.ok(csp.includes("'wasm-unsafe-eval'"), csp);
  assert.ok(csp.includes("frame-ancestors 'none'"), csp);
  assert.ok(!csp.includes('unsafe-inline') && !csp.includes("'unsafe-eval'"), csp);
  // A new nonce per response.
  const again = (await get('/')).headers.get('content-security-policy');
  assert.notEqual(again, csp);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(res.headers.get('referrer-policy'), 'same-origin');
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
});

test('hashed assets: brotli when asked, gzip otherwise, cached for a year', async () => {
  const { wasm, js, css } = await assets();
  const br = await get(wasm, { 'accept-encoding': 'br' });
  assert.equal(br.status, 200);
  assert.equal(br.headers.get('content-encoding'), 'br');
  assert.equal(br.headers.get('content-type'), 'application/wasm');
  assert.equal(br.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const gz = await get(js, { 'accept-encoding': 'gzip' });
  assert.equal(gz.headers.get('content-encoding'), 'gzip');
  const plain = await get(css, { 'accept-encoding': 'identity' });
  assert.equal(plain.headers.get('content-encoding'), null);
  assert.match(plain.headers.get('content-type'), /^text\/css/);
  // A missing asset is not cached.
  const missing = await get('/pkg/portal.0000000000000000.wasm');
  assert.equal(missing.status, 404);
  assert.notEqual(missing.headers.get('cache-control'), 'public, max-age=31536000, immutable');
});

test('HTML is compressed on the fly', async () => {
  const res = await get('/', { 'accept-encoding': 'br' });
  assert.equal(res.headers.get('content-encoding'), 'br');
});

test('probes answer', async () => {
  assert.deepEqual(await (await get('/healthz')).json(), { status: 'ok' });
  assert.deepEqual(await (await get('/readyz')).json(), { status: 'ready' });
});

test('the API root, its OpenAPI document and the one error shape', async () => {
  const root = await (await get('/api/v1')).json();
  assert.equal(root.openapi, '/api/v1/openapi.json');
  const doc = await (await get('/api/v1/openapi.json')).json();
  assert.match(doc.openapi, /^3\./);
  for (const p of ['/api/v1', '/healthz', '/readyz']) assert.ok(doc.paths[p], `${p} documented`);
  assert.ok(doc.components.schemas.ApiError);

  const missing = await get('/api/v1/no/such/thing');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { code: 'not_found', message: '请求的内容不存在，请检查地址是否正确。', fields: [] });

  const wrongMethod = await fetch(base + '/api/v1', { method: 'DELETE' });
  assert.equal(wrongMethod.status, 405);
  assert.equal((await wrongMethod.json()).code, 'method_not_allowed');

  // Announced as 2 MB: refused from the headers, before any body is read. (Sent over a raw
  // socket: a client still uploading when the server answers may report the early close.)
  const tooBig = await rawRequest('POST /api/v1 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\nConnection: close\r\n\r\n');
  assert.match(tooBig, /^HTTP\/1.1 413/);
  assert.match(tooBig, /"code":"payload_too_large"/);
});

test('nearest over the API: the county first, bad parameters named', async () => {
  const ok = await (await get('/api/v1/institutions/nearest?lat=28.265446&lon=109.693334&datum=wgs84&limit=3')).json();
  assert.equal(ok.items.length, 3);
  assert.equal(ok.items[0].institution.division_code, '433101');
  assert.equal(ok.items[0].institution.demo, true);
  assert.equal(ok.from.datum, 'gcj02');

  const outside = await get('/api/v1/institutions/nearest?lat=48.85&lon=2.35');
  assert.equal(outside.status, 400);
  const body = await outside.json();
  assert.equal(body.code, 'invalid_input');
  assert.equal(body.fields[0].field, 'lat');

  const notNumbers = await (await get('/api/v1/institutions/nearest?lat=x&lon=')).json();
  assert.deepEqual(notNumbers.fields.map((f) => f.field), ['lat', 'lon']);
});

test('the list by region and one institution over the API', async () => {
  const list = await (await get('/api/v1/institutions?division=430104&level=township')).json();
  assert.equal(list.items.length, 3);
  assert.ok(list.items.every((i) => i.division_code.startsWith('430104') && i.level === 'township'));
  const one = await (await get('/api/v1/institutions/DEMO-430104')).json();
  assert.equal(one.handles_registration, true);
  assert.equal((await get('/api/v1/institutions/NOPE')).status, 404);
  const prefectures = await (await get('/api/v1/divisions')).json();
  assert.equal(prefectures.items.length, 14);
});
