// axe-core in the page (evaluated over the DevTools protocol, so the page's CSP is untouched):
// the serious and critical accessibility violations of the page as it is now, in both modes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const source = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

async function run(page) {
  const results = await page.evaluate(() => globalThis.axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Switches 关怀模式 the way its switch does in place (the class on the page's root): whether it
 * is now on, or null on a page without that root.
 */
const switchCareMode = (page) => page.evaluate(() => document.querySelector('.app')?.classList.toggle('care') ?? null);

/**
 * Every page is checked as it is and with 关怀模式 switched (on if it was off, off if it was
 * on), since the larger sizes can break what was fine; each violation names its mode. The
 * page is left in the mode it was in.
 */
export async function seriousViolations(page) {
  await page.evaluate(source);
  const first = await run(page);
  const care = await switchCareMode(page);
  if (care === null) return first;
  try {
    const second = await run(page);
    const [was, now] = care ? ['普通模式', '关怀模式'] : ['关怀模式', '普通模式'];
    return [...first.map((v) => `${was}: ${v}`), ...second.map((v) => `${now}: ${v}`)];
  } finally {
    await switchCareMode(page);
  }
}
