// Helpers every step of the browser test shares.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const screenshotDir = path.join(root, 'src/img/screenshots');

/** pkg/catalog/catalog.json, the list the editors are expected to show. */
export const catalog = JSON.parse(readFileSync(path.join(root, 'pkg/catalog/catalog.json'), 'utf8'));

/** What the editors last wrote to window.__harness. */
export const harness = (page) => page.evaluate(() => window.__harness);

// Screenshots show the page at rest: no focus ring, no hover, every icon fetched.
export async function settle(page) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.mouse.move(0, 0);
  await page.waitForLoadState('networkidle');
}

/** Saves src/img/screenshots/<name>, cut to the top of the page down to y = bottom. */
export async function screenshot(page, name, bottom) {
  const clip = { x: 0, y: 0, width: page.viewportSize().width, height: Math.ceil(bottom) };
  await page.screenshot({ path: path.join(screenshotDir, name), clip });
}

/** The bottom edge of the page's content, for a screenshot cut just below it. */
export const contentBottom = (page) =>
  page.locator('#root > div').evaluate((el) => el.getBoundingClientRect().bottom + 24);

/** Deep equality of two JSON values, whatever their key order. */
export function same(a, b) {
  const sorted = (v) =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])])
          )
        : v;
  return JSON.stringify(sorted(a)) === JSON.stringify(sorted(b));
}
