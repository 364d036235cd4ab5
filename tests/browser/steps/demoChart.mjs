// The demo account's frames (from the plugin's backend) drawn by @grafana/ui's TimeSeries.
import { contentBottom, harness, screenshot, settle } from './shared.mjs';

/**
 * Checks that every series the backend returned for the page's queries (refIds) is drawn and
 * named in the legend (a line across a panel paints more than minPixels of its colour: half as many
 * in a half-width panel), and saves the picture as file. demo holds the frames JSON the page is given.
 */
export async function demoChart(page, url, demo, check, refIds, file, minPixels = 200) {
  await page.goto(url);
  const expected = refIds
    .flatMap((refId) => demo.frames[refId] ?? [])
    .flatMap((frame) => frame.schema.fields.filter((f) => f.type === 'number').map((f) => f.config.displayNameFromDS));
  await page.locator('[data-testid="uplot-main-div"] canvas').first().waitFor();

  const chart = (await harness(page)).chart;
  check(
    JSON.stringify([...(chart?.series ?? [])].sort()) === JSON.stringify([...expected].sort()),
    `TimeSeries gets every series the backend returned: ${chart?.series?.join(', ')}`
  );
  const legend = [];
  for (const name of expected) {
    if (await page.getByTestId(`data-testid VizLegend series ${name}`).first().isVisible()) {
      legend.push(name);
    }
  }
  check(legend.length === expected.length && expected.length > 0, `the legend names each series: ${legend.join(', ')}`);
  // Axes and grid are drawn even without data, so look for each series' own colour (the one its
  // legend shows) among the plot's pixels: a line across the chart paints hundreds of them.
  const colours = await page.locator('section').evaluateAll((panels) =>
    panels.map((panel) => {
      const canvas = panel.querySelector('[data-testid="uplot-main-div"] canvas');
      const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
      return [...panel.querySelectorAll('[data-testid="series-icon"]')].map((icon) => {
        const [r, g, b] = getComputedStyle(icon).backgroundColor.match(/\d+/g).map(Number);
        let n = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const near = Math.abs(pixels[i] - r) + Math.abs(pixels[i + 1] - g) + Math.abs(pixels[i + 2] - b) < 30;
          n += near && pixels[i + 3] > 200 ? 1 : 0;
        }
        return n;
      });
    })
  );
  const counts = colours.flat();
  check(
    counts.length === expected.length && counts.every((n) => n > minPixels),
    `every series is drawn in its legend colour (pixels: ${colours.map((c) => c.join('/')).join(', ')})`
  );

  await settle(page);
  await screenshot(page, file, await contentBottom(page));
}
