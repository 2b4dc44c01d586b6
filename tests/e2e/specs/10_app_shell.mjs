// The thin slice: the app shell loads inside a host page's 1024×768 iframe and draws.
import assert from "node:assert/strict";
import { startHostPage, startServer } from "../lib/harness.mjs";
import { appFrame, screenshotApp, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const host = await startHostPage();
  t.cleanup(() => host.stop());
  const server = await startServer({ HEARBRIDGE_FRAME_ANCESTORS: host.origin });
  t.cleanup(() => server.stop());
  const page = await t.newPage();

  t.step("the app shell loads in a 1024×768 iframe on the host page and draws its screen", async () => {
    await page.goto(host.pageFor(`${server.url}/hint/core_page?session_key=x`));
    const frame = await appFrame(page);
    // "x" is no launch key the server issued: the app says to open it again from Hint.
    const state = await waitForState(frame, "(s) => s.title === 'HearBridge' && s.screen !== 'loading'");
    assert.equal(state.surface, "core_page");
    assert.equal(state.session_key_present, true);
    assert.equal(state.screen, "session_ended", JSON.stringify(state));
    const shot = await screenshotApp(page, "core_page");
    assert.equal(shot.width, 1024);
    assert.equal(shot.height, 768);
    assert.ok(shot.nonWhite > 500, `the canvas looks blank: ${shot.nonWhite} non-white pixels`);
  });

  t.step("without a session_key in the URL the app asks to be opened from Hint", async () => {
    await page.goto(host.pageFor(`${server.url}/hint/settings`));
    const frame = await appFrame(page);
    const state = await waitForState(frame, "(s) => s.title === 'HearBridge'");
    assert.equal(state.surface, "settings");
    assert.equal(state.session_key_present, false);
    assert.equal(state.screen, "missing_launch");
    const shot = await screenshotApp(page, "missing_launch");
    assert.ok(shot.nonWhite > 500, `the canvas looks blank: ${shot.nonWhite} non-white pixels`);
  });
}
