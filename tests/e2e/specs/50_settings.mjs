// Activation and the settings surface end to end: the sandbox mints an install code and POSTs it to
// HearBridge's /hint/connect/{code} (headless "Instant On"); HearBridge exchanges it at the
// sandbox's /api/oauth/tokens with the partner key and records the practice; then a practice admin
// opens the settings surface in the sandbox's Hint chart, saves a HearLink key and a default clinic.
import assert from "node:assert/strict";
import { eventually, sandboxLaunch, signedHandshake, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 } });
  let frame;

  // An admin's working token for pra-sandbox01, straight from a signed handshake (as Hint would).
  async function adminToken() {
    const key = await signedHandshake(demo.server.url, demo.secrets.hint,
      { roles: ["admin"], practiceId: "pra-sandbox01", practiceName: "Maple Street Direct Care" });
    const response = await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ session_key: key, surface: "settings" }),
    });
    return (await response.json()).token;
  }
  async function settings(token) {
    const response = await fetch(`${demo.server.url}/api/settings`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return response.json();
  }
  const click = (name) => clickTarget(page, frame, name);
  const type = (text) => typeText(page, text);

  t.step("an install code delivered by the sandbox activates the practice; the same code again is refused", async () => {
    const minted = await demo.sandbox.api("POST", "/api/sandbox/activation_codes", { practice_id: "pra-sandbox01" });
    assert.equal(minted.status, 201);
    const delivered = await demo.sandbox.api("POST", `/api/sandbox/activation_codes/${minted.body.code}/deliver`);
    assert.equal(delivered.body.hearbridge_status, 200, delivered.body.hearbridge_answer);
    const answer = JSON.parse(delivered.body.hearbridge_answer);
    assert.deepEqual(answer.practice, { id: "pra-sandbox01", name: "Maple Street Direct Care" });
    assert.equal(answer.status, "active");

    const replay = await demo.sandbox.api("POST", `/api/sandbox/activation_codes/${minted.body.code}/deliver`);
    assert.equal(replay.body.hearbridge_status, 400);
    assert.ok(!replay.body.hearbridge_answer.includes(minted.body.code), "the error never echoes the code");
  });

  t.step("an admin opens the settings surface and saves a HearLink key and a default clinic", async () => {
    await sandboxLaunch(page, demo, "launch=settings&roles=admin");
    frame = await appFrame(page);
    await waitForState(frame, "(s) => s.screen === 'home' && s.targets && s.targets.settings_save");
    await click("settings_api_key");
    await type("hl_e2e_key_9f2a");
    await click("settings_default_clinic");
    await type("Manchester");
    await click("settings_auto_draft");
    await click("settings_save");
    const token = await adminToken();
    const saved = await eventually(() => settings(token), (s) => s.hearlink_api_key.set, "the settings saved");
    assert.deepEqual(saved.hearlink_api_key, { set: true, last4: "9f2a" });
    assert.equal(saved.default_clinic.name, "Manchester");
    assert.equal(saved.auto_draft_from_hearing_tests, true);
    // The form shows what is stored now ("set · ends with 9f2a"); look at the picture.
    await waitForState(frame, "(s) => s.targets && s.targets.settings_save");
    const shot = await screenshotApp(page, "settings_saved");
    assert.equal(shot.width, 1024);
    assert.ok(shot.nonWhite > 2000, "the settings form is drawn");
  });

  t.step("a clinician on the settings surface is told only practice admins can change settings", async () => {
    await sandboxLaunch(page, demo, "launch=settings&roles=clinician");
    frame = await appFrame(page);
    const state = await waitForState(frame, "(s) => s.screen === 'home'");
    assert.equal(state.targets.settings_save, undefined);
    await screenshotApp(page, "settings_not_admin");
  });
}
