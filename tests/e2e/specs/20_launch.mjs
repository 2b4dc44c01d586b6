// The launch flow, launched from the sandbox's Hint chart exactly as Hint does
// (signed handshake server to server, then the iframe with ?session_key=…): the framed app
// exchanges its key → header with practice, user and role; access denied; a reused key; Hint
// platform support; a lost connection retried with a Retry button (at devicePixelRatio 2); the
// Hint SDK initialised once; paste from the system clipboard; no redraw while idle.
import assert from "node:assert/strict";
import { sandboxLaunch, startDemo } from "../lib/harness.mjs";
import { appFrame, screenshotApp, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1300 } });  // the chart page frames the app 500 px down
  const launch = (query, onPage = page) => sandboxLaunch(onPage, demo, query);
  const keyOf = (launched) => new URL(launched.iframe_url).searchParams.get("session_key");

  let clinician;
  let frame;

  t.step("a clinician's launch shows the header with practice, role, and no key or token anywhere", async () => {
    let token = null;
    page.on("response", async (response) => {
      if (response.url().endsWith("/api/session/exchange") && response.status() === 200) {
        token = (await response.json()).token;
      }
    });
    clinician = await launch("launch=core_page&roles=clinician");
    const key = keyOf(clinician);
    frame = await appFrame(page);
    const state = await waitForState(frame, "(s) => s.screen !== 'loading'");
    assert.equal(state.screen, "home", JSON.stringify(state));
    assert.equal(state.practice, "Maple Street Direct Care");
    assert.deepEqual(state.roles, ["clinician"]);
    assert.equal(state.session_key_present, true);
    assert.ok(!frame.url().includes("session_key"), `the key is still in the address: ${frame.url()}`);
    assert.ok(!frame.url().includes(key));
    assert.ok(token, "the exchange reply was not seen");
    const published = JSON.stringify(state);
    assert.ok(!published.includes(token) && !published.includes(key) && !("token" in state));
    const stored = await frame.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes(token), "the token reached web storage");
    assert.ok(!demo.server.logLines.some((line) => line.includes(token) || line.includes(key)), "a log line holds a secret");
    const shot = await screenshotApp(page, "launch_home");
    assert.equal(shot.width, 1024);
    assert.ok(shot.nonWhite > 1500, `the header looks empty: ${shot.nonWhite} non-white pixels`);
  });

  t.step("the Hint SDK is initialised exactly once, after the first frame", async () => {
    const state = await waitForState(frame, "(s) => s.frame > 3 && s.hint_sdk_initialised");
    assert.equal(state.hint_sdk_initialised, true);
    const inits = await page.evaluate(() => window.sandbox.log.filter((entry) => entry.type === "init").length);
    assert.equal(inits, 1);
  });

  t.step("idle, the app stops drawing; a key press draws again", async () => {
    // A running main loop draws on every animation frame the browser offers; a paused one on none.
    // Counting the frame's own requestAnimationFrame ticks makes this event-driven, not timed
    // (frames per second idle and while typing are measured by scripts/bench ui).
    const animationFrames = (n) => frame.evaluate((count) => new Promise((resolve) => {
      let left = count;
      const tick = () => (--left > 0 ? requestAnimationFrame(tick) : resolve());
      requestAnimationFrame(tick);
    }), n);
    const drawn = () => frame.evaluate(() => window.hearbridge.state.frame);
    let before = await drawn();
    for (let tries = 0; tries < 20; tries++) {
      await animationFrames(60);
      const after = await drawn();
      if (after === before) break;
      before = after;
    }
    await animationFrames(60);
    assert.equal(await drawn(), before, "the app kept drawing while nothing changed");

    const box = await (await page.waitForSelector("iframe#app")).boundingBox();
    await page.mouse.click(box.x + 900, box.y + 600);  // focus the canvas (an empty spot)
    const beforeKey = await drawn();
    await page.keyboard.press("a");
    await waitForState(frame, `(s) => s.frame > ${beforeKey}`);
  });

  t.step("reusing the same session_key (a reload of the iframe) shows that the launch link was already used", async () => {
    await page.evaluate((url) => { document.getElementById("app").src = url; }, clinician.iframe_url);
    const reused = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading' && s.screen !== 'home'");
    assert.equal(reused.screen, "session_ended", JSON.stringify(reused));
    assert.equal(reused.error, "launch_key_used");
    await screenshotApp(page, "launch_key_used");
  });

  t.step("a user without a HearBridge role sees the access-denied screen", async () => {
    await launch("launch=core_page&roles=");
    const denied = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading'");
    assert.equal(denied.screen, "access_denied", JSON.stringify(denied));
    await screenshotApp(page, "launch_access_denied");
  });

  t.step("Hint platform support sees a banner", async () => {
    await launch("launch=clinical_chart&roles=admin&support=1");
    const state = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading'");
    assert.equal(state.screen, "home");
    assert.equal(state.platform_support, true);
    await screenshotApp(page, "launch_platform_support");
  });

  t.step("Ctrl+V in the app hands it the system clipboard's text (through the paste event)", async () => {
    // Hint's page owns the clipboard permission; the framed app only sees the paste event.
    await launch("launch=core_page&roles=clinician");
    const pasteFrame = await appFrame(page);
    await waitForState(pasteFrame, "(s) => s.screen === 'home'");
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.sandbox.url });
    await page.evaluate(() => navigator.clipboard.writeText("Zoë Ñúñez-Łukasz · 25 dB ≤ 40 dB"));
    const box = await (await page.waitForSelector("iframe#app")).boundingBox();
    await page.mouse.click(box.x + 900, box.y + 700);
    await page.keyboard.press("Control+V");
    await pasteFrame.waitForFunction(() => Module.hbClipboard === "Zoë Ñúñez-Łukasz · 25 dB ≤ 40 dB", null, { timeout: 3000 });
  });

  t.step("at devicePixelRatio 2, a lost connection is retried and Retry now works where it is drawn", async () => {
    const hidpi = await t.newPage({ viewport: { width: 1400, height: 1300 }, deviceScaleFactor: 2 });
    let refuse = true;
    await hidpi.route("**/api/session/exchange", (route) => (refuse ? route.abort("connectionrefused") : route.continue()));
    await launch("launch=core_page&roles=clinician", hidpi);
    const hframe = await appFrame(hidpi);
    const problem = await waitForState(hframe, "(s) => s.screen === 'connection_problem' && s.retry_in_ms !== null");
    assert.equal(problem.device_pixel_ratio, 2);
    assert.equal(problem.error, "server_unreachable");
    assert.deepEqual(await hframe.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]), [2048, 1536]);
    await screenshotApp(hidpi, "launch_connection_problem_2x");
    // Wait for the third failure: the next automatic attempt is then 4 s away, and the button stays
    // enabled (it is disabled only while an attempt is in flight) for the click to land.
    const waiting = await waitForState(hframe, "(s) => s.attempts >= 3 && s.retry_in_ms > 3000");
    refuse = false;
    const [x, y, w, h] = waiting.targets.retry;
    const box = await (await hidpi.waitForSelector("iframe#app")).boundingBox();
    await hidpi.mouse.click(box.x + x + w / 2, box.y + y + h / 2);
    // The app counts the button's presses: proof that the click at 2x landed on it, with no race
    // against the automatic retry (which would also reach home).
    await waitForState(hframe, "(s) => s.retry_presses === 1");
    const home = await waitForState(hframe, "(s) => s.screen === 'home'");
    assert.equal(home.attempts, 0);
    await screenshotApp(hidpi, "launch_home_2x");
  });
}
