// scripts/demo --check: one launch in headless Chromium against the running demo. Opens the
// sandbox's Hint chart (argv[2]) with ?launch=core_page, waits for the app inside the host page's
// iframe to publish its state, saves build/demo/demo_check.png, and exits 0 only if the app came up.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildDir, launchBrowser } from "./lib/harness.mjs";

const sandboxUrl = process.argv[2];
if (!sandboxUrl) {
  console.error("usage: node tests/e2e/demo_check.mjs <sandbox url>");
  process.exit(2);
}
const outDir = path.join(buildDir, "demo");
mkdirSync(outDir, { recursive: true });
const shotPath = path.join(outDir, "demo_check.png");

const browser = await launchBrowser();
let ok = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1100 } });
  const problems = [];
  page.on("pageerror", (error) => problems.push(error.message));
  await page.goto(`${sandboxUrl}/?launch=core_page&roles=admin`);
  await page.waitForFunction(() => window.sandbox && window.sandbox.lastLaunch, null, { timeout: 15000 });
  const launch = await page.evaluate(() => window.sandbox.lastLaunch);
  if (launch.error) throw new Error(`the launch failed: ${launch.error}`);
  const frame = await (await page.waitForSelector("iframe#app")).contentFrame();
  await frame.waitForFunction(() => window.hearbridge && window.hearbridge.state && window.hearbridge.state.title === "HearBridge",
    null, { timeout: 20000 });
  const state = await frame.evaluate(() => window.hearbridge.state);
  writeFileSync(shotPath, await page.screenshot({ fullPage: true }));
  ok = state.session_key_present === true;
  console.log(`demo --check: ${ok ? "ok" : "FAILED"}: app state title=${state.title} surface=${state.surface} ` +
    `session_key_present=${state.session_key_present}` + (state.practice ? ` practice=${JSON.stringify(state.practice)}` : "") +
    `; screenshot ${path.relative(process.cwd(), shotPath)}`);
  if (problems.length) console.log(`page errors: ${problems.join("; ")}`);
} catch (error) {
  console.log(`demo --check: FAILED: ${error.message}`);
} finally {
  await browser.close();
}
process.exit(ok ? 0 : 1);
