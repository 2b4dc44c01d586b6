// Reading the app inside its iframe: the state the app publishes on window.hearbridge.state, and
// what it drew, from a screenshot of the iframe.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PNG } from "pngjs";
import { artifactsDir } from "./harness.mjs";

export async function appFrame(page) {
  const handle = await page.waitForSelector("iframe#app");
  return handle.contentFrame();
}

// Waits until the published state satisfies `predicate` (a function source run in the frame).
export async function waitForState(frame, predicate, timeout = 15000) {
  await frame.waitForFunction(`(() => { const s = window.hearbridge && window.hearbridge.state;
    return !!s && (${predicate})(s); })()`, null, { timeout });
  return frame.evaluate(() => window.hearbridge.state);
}

// Saves a screenshot of the iframe under build/e2e/<name>.png and returns pixel statistics.
export async function screenshotApp(page, name) {
  const iframe = await page.waitForSelector("iframe#app");
  const buffer = await iframe.screenshot();
  writeFileSync(path.join(artifactsDir, `${name}.png`), buffer);
  const png = PNG.sync.read(buffer);
  let nonWhite = 0;
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 240 || g < 240 || b < 240) nonWhite++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { width: png.width, height: png.height, nonWhite, colours: colours.size };
}
