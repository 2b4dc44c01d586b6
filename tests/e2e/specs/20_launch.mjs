// The launch flow (issue 3 item 6): Hint's signed handshake → the framed app exchanges its
// session_key → header with practice, user and role; access denied; a reused key; a lost
// connection retried with a Retry button (at devicePixelRatio 2); the Hint SDK initialised once;
// paste from the system clipboard;
// and the idle loop measured (frames per second idle vs typing).
import assert from "node:assert/strict";
import http from "node:http";
import { signedHandshake, startHostPage, startServer } from "../lib/harness.mjs";
import { appFrame, screenshotApp, waitForState } from "../lib/app_frame.mjs";

const secret = "e2e-hint-webhook-secret";

// A stand-in for Hint's hint-sdk.js: counts init() calls.
async function startSdkStub() {
  const server = http.createServer((req, res) => {
    res.writeHead(200, { "Content-Type": "text/javascript" });
    res.end("window.HintSDK = { init() { window.hintSdkInitCalls = (window.hintSdkInitCalls || 0) + 1; } };");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${server.address().port}/hint-sdk.js`, stop: () => new Promise((r) => server.close(r)) };
}


export default async function (t) {
  const host = await startHostPage();
  t.cleanup(() => host.stop());
  const sdk = await startSdkStub();
  t.cleanup(() => sdk.stop());
  const server = await startServer({
    HEARBRIDGE_FRAME_ANCESTORS: host.origin, HINT_WEBHOOK_SECRET: secret, HEARBRIDGE_HINT_SDK_URL: sdk.url,
  });
  t.cleanup(() => server.stop());
  const page = await t.newPage();
  const appUrl = (key, surface = "core_page") => `${server.url}/hint/${surface}?session_key=${encodeURIComponent(key)}`;

  let clinicianKey;
  let frame;

  t.step("a clinician's launch shows the header with practice, role, and no key or token anywhere", async () => {
    clinicianKey = await signedHandshake(server.url, secret, { roles: ["clinician"] });
    let token = null;
    page.on("response", async (response) => {
      if (response.url().endsWith("/api/session/exchange") && response.status() === 200) {
        token = (await response.json()).token;
      }
    });
    await page.goto(host.pageFor(appUrl(clinicianKey)));
    frame = await appFrame(page);
    const state = await waitForState(frame, "(s) => s.screen !== 'loading'");
    assert.equal(state.screen, "home", JSON.stringify(state));
    assert.equal(state.practice, "Zoë's Practice");
    assert.deepEqual(state.roles, ["clinician"]);
    assert.equal(state.session_key_present, true);
    assert.ok(!frame.url().includes("session_key"), `the key is still in the address: ${frame.url()}`);
    assert.ok(!frame.url().includes(clinicianKey));
    assert.ok(token, "the exchange reply was not seen");
    const published = JSON.stringify(state);
    assert.ok(!published.includes(token) && !published.includes(clinicianKey) && !("token" in state));
    const stored = await frame.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    assert.ok(!stored.includes(token), "the token reached web storage");
    assert.ok(!server.logLines.some((line) => line.includes(token) || line.includes(clinicianKey)), "a log line holds a secret");
    const shot = await screenshotApp(page, "launch_home");
    assert.equal(shot.width, 1024);
    assert.ok(shot.nonWhite > 1500, `the header looks empty: ${shot.nonWhite} non-white pixels`);
  });

  t.step("the Hint SDK is initialised exactly once, after the first frame", async () => {
    const state = await waitForState(frame, "(s) => s.frame > 3");
    assert.equal(state.hint_sdk_initialised, true);
    assert.equal(await frame.evaluate(() => window.hintSdkInitCalls), 1);
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
    // Settle: the launch's last frames, then a window of 60 browser frames with no app frame.
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

  t.step("reusing the same session_key (a reload) shows that the launch link was already used", async () => {
    await page.goto(host.pageFor(appUrl(clinicianKey)));
    const reused = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading'");
    assert.equal(reused.screen, "session_ended", JSON.stringify(reused));
    assert.equal(reused.error, "launch_key_used");
    await screenshotApp(page, "launch_key_used");
  });

  t.step("a user without a HearBridge role sees the access-denied screen", async () => {
    const key = await signedHandshake(server.url, secret, { roles: [] });
    await page.goto(host.pageFor(appUrl(key)));
    const denied = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading'");
    assert.equal(denied.screen, "access_denied", JSON.stringify(denied));
    await screenshotApp(page, "launch_access_denied");
  });

  t.step("Hint platform support sees a banner", async () => {
    const key = await signedHandshake(server.url, secret, { roles: ["admin"], accessContext: "platform_support" });
    await page.goto(host.pageFor(appUrl(key, "clinical_chart")));
    const state = await waitForState(await appFrame(page), "(s) => s.screen !== 'loading'");
    assert.equal(state.screen, "home");
    assert.equal(state.platform_support, true);
    await screenshotApp(page, "launch_platform_support");
  });

  t.step("Ctrl+V in the app hands it the system clipboard's text (through the paste event)", async () => {
    // Hint's page owns the clipboard permission; the framed app only sees the paste event.
    await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: host.origin });
    await page.evaluate(() => navigator.clipboard.writeText("Zoë Ñúñez-Łukasz · 25 dB ≤ 40 dB"));
    const frame = await appFrame(page);
    const box = await (await page.waitForSelector("iframe#app")).boundingBox();
    await page.mouse.click(box.x + 900, box.y + 700);
    await page.keyboard.press("Control+V");
    await frame.waitForFunction(() => Module.hbClipboard === "Zoë Ñúñez-Łukasz · 25 dB ≤ 40 dB", null, { timeout: 3000 });
  });

  t.step("at devicePixelRatio 2, a lost connection is retried and Retry now works where it is drawn", async () => {
    const hidpi = await t.newPage({ viewport: { width: 1100, height: 820 }, deviceScaleFactor: 2 });
    let refuse = true;
    await hidpi.route("**/api/session/exchange", (route) => (refuse ? route.abort("connectionrefused") : route.continue()));
    const key = await signedHandshake(server.url, secret);
    await hidpi.goto(host.pageFor(appUrl(key)));
    const hframe = await appFrame(hidpi);
    const problem = await waitForState(hframe, "(s) => s.screen === 'connection_problem' && s.retry_in_ms !== null");
    assert.equal(problem.device_pixel_ratio, 2);
    assert.equal(problem.error, "server_unreachable");
    assert.deepEqual(await hframe.evaluate(() => [document.getElementById("canvas").width, document.getElementById("canvas").height]), [2048, 1536]);
    await screenshotApp(hidpi, "launch_connection_problem_2x");
    // Wait for the third failure: the next automatic attempt is then 4 s away, so an answer within
    // 1.5 s of the click can only come from the button.
    const waiting = await waitForState(hframe, "(s) => s.attempts >= 3 && s.retry_in_ms > 3000", 10000);
    refuse = false;
    const [x, y, w, h] = waiting.targets.retry;
    const box = await (await hidpi.waitForSelector("iframe#app")).boundingBox();
    await hidpi.mouse.click(box.x + x + w / 2, box.y + y + h / 2);
    const home = await waitForState(hframe, "(s) => s.screen === 'home'", 1500);
    assert.ok(home.attempts === 0);
    await screenshotApp(hidpi, "launch_home_2x");
  });
}
