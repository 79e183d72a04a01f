// Links shared in WeChat, and the 公众号 menu's links, come back with WeChat's own query
// parameters appended (from=singlemessage&isappinstalled=0, from=timeline, nsukey=…, and
// code=…&state=… after its OAuth): every page a worker reaches that way answers as it does
// without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';

const base = process.env.PORTAL_E2E_URL;

const WECHAT = [
  'from=singlemessage&isappinstalled=0',
  'from=timeline&isappinstalled=0',
  'from=groupmessage',
  'nsukey=LqO0BOZi3tI%2FbGW9lhnZrEa%2BQ7mCsE6dV1pFf0x8cYvN4t%2Bb2kKQ%3D%3D',
  'code=061AbCdEf2GhIjK0LmNo3PqRs1tUvWx5&state=STATE',
];

/** Each page and words it shows only when it is that page (not the 404 page). */
const PAGES = [
  { path: '/', shows: '失去工作、正在找工作的劳动者' },
  { path: '/institutions', shows: '按地区查找' },
  { path: '/institutions?division=430104', shows: '岳麓区的服务机构' },
  { path: '/institutions/DEMO-430104', shows: '岳麓区公共就业和人才服务中心' },
  // A hall's QR code landing.
  { path: '/i/DEMO-433101', shows: '您扫描的是这个服务机构的二维码' },
  { path: '/register', shows: '>开始</a>' },
  { path: '/register?org=DEMO-430104', shows: '您选择的办理机构' },
  { path: '/signin', shows: '您的手机号码是多少？' },
];

const withParams = (path, params) => `${path}${path.includes('?') ? '&' : '?'}${params}`;

test('pages answer 200 with WeChat’s parameters appended, and are the same pages', async () => {
  const wrong = [];
  for (const { path, shows } of PAGES) {
    for (const params of WECHAT) {
      const url = withParams(path, params);
      const res = await fetch(base + url, { redirect: 'manual' });
      const html = await res.text();
      if (res.status !== 200 || !html.includes(shows)) wrong.push(`${url}: ${res.status}${html.includes(shows) ? '' : `, without “${shows}”`}`);
    }
  }
  assert.deepEqual(wrong, []);
});

test('开始 from a hall’s QR code keeps the office with WeChat’s parameters appended', async () => {
  for (const params of WECHAT) {
    const res = await fetch(`${base}${withParams('/register/start?org=DEMO-433101', params)}`, { redirect: 'manual' });
    assert.equal(res.status, 303, params);
    assert.match(res.headers.get('location'), /^\/signin\?next=/, params);
    assert.match(res.headers.get('set-cookie') ?? '', /portal_org=DEMO-433101;/, params);
  }
});
