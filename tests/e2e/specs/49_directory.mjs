// Search finds every patient of the practice on a fresh install: the first launch starts a pass over
// the sandbox Hint's patient list, and the search field then finds patients no webhook or chart has
// brought — by any name part's prefix, without accents, by date of birth — ranked, with date of
// birth and age; never another practice's. The admin's settings show the pass and start another.
// Screenshots: build/e2e/directory_*.png.
import assert from "node:assert/strict";
import { eventually, sandboxLaunch, signedHandshake, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1024, height: 768 } });
  let frame;
  const click = (name) => clickTarget(page, frame, name);

  async function adminToken() {
    const key = await signedHandshake(demo.server.url, demo.secrets.hint,
      { roles: ["admin"], practiceId: "pra-sandbox01", practiceName: "Maple Street Direct Care" });
    const response = await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ session_key: key, surface: "settings" }),
    });
    return (await response.json()).token;
  }
  async function directory(token) {
    const response = await fetch(`${demo.server.url}/api/settings/directory`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    return response.json();
  }
  // Clears the search field and types `text`; resolves with the state once its results are in.
  async function search(text) {
    await click("search");
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await typeText(page, text);
    const length = new TextEncoder().encode(text).length;
    return waitForState(frame, `(s) => s.clinical.search === 'ready' && s.clinical.searched_length === ${length}`);
  }

  t.step("the first launch fills the directory from Hint's list; search then finds every patient", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    const maple = state.patients.filter((p) => p.practice_id === "pra-sandbox01");
    assert.ok(maple.length >= 12, "the sandbox practice has its seed patients");
    await sandboxLaunch(page, demo, "launch=core_page&roles=clinician");
    frame = await appFrame(page);
    await waitForState(frame, "(s) => s.clinical && s.clinical.worklist === 'ready' && s.targets.search");
    const token = await adminToken();
    const done = await eventually(() => directory(token), (d) => d.status === "done", "the first pass done", 30000);
    assert.equal(done.listed, maple.length);
    assert.equal(done.hint_total, maple.length);

    const idOf = (last) => maple.find((p) => p.name.endsWith(last)).id;
    let found = await search("nunez");
    assert.deepEqual(found.clinical.result_ids, [idOf("Ñúñez-Łukasz")]);
    await screenshotApp(page, "directory_search_nunez");
    found = await search("bergstrom");
    assert.deepEqual(found.clinical.result_ids, [idOf("Bergström")]);
    found = await search("zo");
    assert.deepEqual(found.clinical.result_ids, [idOf("Ñúñez-Łukasz")]);
    found = await search("06/17/1961");
    assert.deepEqual(found.clinical.result_ids, [idOf("Dubois")]);
    found = await search("Kowalski");  // the other sandbox practice's patient
    assert.deepEqual(found.clinical.result_ids, []);
    await screenshotApp(page, "directory_search_none");
  });

  t.step("a result opens the patient's chart", async () => {
    const found = await search("obrien");
    assert.equal(found.clinical.results, 1);
    await click("result_0");
    await waitForState(frame, `(s) => s.clinical.patient_id === ${JSON.stringify(found.clinical.result_ids[0])}`);
  });

  t.step("the admin's settings show the pass, and Refresh now reads the list again", async () => {
    await sandboxLaunch(page, demo, "launch=settings&roles=admin");
    frame = await appFrame(page);
    await waitForState(frame, "(s) => s.screen === 'home' && s.targets && s.targets.settings_directory_status");
    await screenshotApp(page, "directory_settings");
    const token = await adminToken();
    const before = await directory(token);
    await click("settings_directory_refresh");
    const after = await eventually(() => directory(token),
      (d) => d.status === "done" && d.finished_at !== null && d.started_at !== before.started_at, "a second pass", 30000);
    assert.equal(after.listed, before.listed);
  });
}
