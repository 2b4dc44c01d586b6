// Browser tests, run by scripts/test after the native suites. Exit code 1 on any failure.
import assert from "node:assert/strict";
import { launchBrowser, runSteps, startHostPage, startServer, watchConsole } from "./lib/harness.mjs";
import { appFrame, screenshotApp, waitForState } from "./lib/app_frame.mjs";

const host = await startHostPage();
const server = await startServer({ HEARBRIDGE_FRAME_ANCESTORS: host.origin });
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 1100, height: 820 } });
const consoleLines = watchConsole(page);

const steps = [
  {
    name: "the app shell loads in a 1024×768 iframe on the host page and draws its screen",
    async run() {
      await page.goto(host.pageFor(`${server.url}/hint/core_page?session_key=x`));
      const frame = await appFrame(page);
      const state = await waitForState(frame, "(s) => s.title === 'HearBridge'");
      assert.equal(state.surface, "core_page");
      assert.equal(state.session_key_present, true);
      const shot = await screenshotApp(page, "core_page");
      assert.equal(shot.width, 1024);
      assert.equal(shot.height, 768);
      assert.ok(shot.nonWhite > 500, `the canvas looks blank: ${shot.nonWhite} non-white pixels`);
    },
  },
  {
    name: "without a session_key in the URL the app says so",
    async run() {
      await page.goto(host.pageFor(`${server.url}/hint/settings`));
      const frame = await appFrame(page);
      const state = await waitForState(frame, "(s) => s.title === 'HearBridge'");
      assert.equal(state.surface, "settings");
      assert.equal(state.session_key_present, false);
    },
  },
];

let result = { passed: 0, failed: 1 };
try {
  result = await runSteps("browser tests (headless Chromium)", steps);
  if (result.failed) console.log(`browser console:\n  ${consoleLines.join("\n  ")}`);
} finally {
  await browser.close();
  await server.stop();
  await host.stop();
}
console.log(`${result.passed} passed, ${result.failed} failed`);
process.exit(result.failed === 0 ? 0 : 1);
