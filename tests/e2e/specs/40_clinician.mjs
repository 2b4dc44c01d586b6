// The clinician's screens, against HearBridge + the sandbox (Hint and HearLink on
// localhost, seeded HearLink webhooks): open a patient with hearing tests → the audiogram is drawn →
// insert the hearing summary → type (non-ASCII too, through CDP key events with `text`) → autosave →
// a new launch shows the draft again → sign → read-only signed view; a role without `sign` sees the
// button disabled; a user without a role sees the access-denied screen.
// An invoice whose total HearLink sends unreadable is listed with the balance marked incomplete.
// Screenshots: build/e2e/clinician_*.png.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo({ sandboxEnv: { SANDBOX_SEED_WEBHOOKS: "1" } });
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 } });
  let patientId;
  let frame;
  let noteId;

  async function launch(query) {
    await page.goto(demo.hostPage(query));
    await page.waitForFunction(() => window.sandbox && window.sandbox.lastLaunch && !window.sandbox.launching, null,
      { timeout: 15000 });
    const result = await page.evaluate(() => window.sandbox.lastLaunch);
    assert.equal(result.error, undefined, `launch failed: ${result.error}`);
    frame = await appFrame(page);
    return waitForState(frame, "(s) => s.screen !== 'loading'");
  }
  const click = (name) => clickTarget(page, frame, name);
  const type = (text) => typeText(page, text);

  t.step("a patient with HearLink hearing tests opens with the audiogram drawn", async () => {
    await page.goto(demo.hostPage("roles=clinician"));
    await page.waitForFunction(() => window.sandbox && window.sandbox.state && window.sandbox.state.patients, null, { timeout: 15000 });
    patientId = await page.evaluate(() => {
      const mine = window.sandbox.state.patients.filter((p) => p.practice_id === window.sandbox.practiceId && p.hearlink_uid);
      return mine.length ? mine[0].id : null;
    });
    assert.ok(patientId, "the sandbox has no patient linked to HearLink");
    // The seeded HearLink webhooks reach HearBridge shortly after start: launch until the tests are in.
    const state = await eventually(async () => {
      const s = await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
      return waitForState(frame, "(s) => s.clinical && s.clinical.hearing !== 'pending' && s.clinical.notes !== 'pending'")
        .catch(() => s);
    }, (s) => s.clinical && s.clinical.tests > 0, "hearing tests in HearBridge");
    assert.equal(state.screen, "home");
    assert.equal(state.clinical.view, "patient");
    assert.equal(state.clinical.link, "linked");
    assert.equal(state.clinical.audiogram.shape, "recognised", JSON.stringify(state.clinical));
    assert.ok(state.clinical.audiogram.right_points + state.clinical.audiogram.left_points > 0);
    assert.ok(state.targets.audiogram[2] > 300, "the audiogram has a plot area");
    const shot = await screenshotApp(page, "clinician_record");
    assert.ok(shot.colours > 40, `the record looks flat: ${shot.colours} colours`);
    // Red (right ear) and blue (left ear) markers are on the canvas.
    assert.ok(shot.nonWhite > 20000, `too little drawn: ${shot.nonWhite}`);
  });

  t.step("Insert hearing summary, then typing with non-ASCII letters, autosaves as a draft", async () => {
    let state = await waitForState(frame, "(s) => s.clinical.note.open");
    const before = state.clinical.note.body_length;
    await click("insert_summary");
    state = await waitForState(frame, `(s) => s.clinical.note.body_length > ${before}`);
    await click("note_body");
    await page.keyboard.press("End");
    await page.keyboard.press("Control+End");
    const length = state.clinical.note.body_length;
    await type(" Zoë Łukasz wears aids.");
    state = await waitForState(frame, `(s) => s.clinical.note.body_length >= ${length + 25}`);
    // " Zoë Łukasz wears aids." is 23 characters, 25 bytes of UTF-8.
    assert.equal(state.clinical.note.body_length, length + 25);
    state = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id", 15000);
    noteId = state.clinical.note.id;
    assert.equal(state.clinical.note.status, "draft");
    // The summary's long last line wraps at the panel's width (display-only breaks, not saved).
    assert.ok(state.wrapped.note_body.soft_breaks >= 1, `the body wraps: ${JSON.stringify(state.wrapped)}`);
    await screenshotApp(page, "clinician_draft_saved");
  });

  t.step("a new launch shows the draft again, with the same text", async () => {
    const before = await frame.evaluate(() => window.hearbridge.state.clinical.note.body_length);
    await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
    const state = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.open");
    assert.equal(state.clinical.note.id, noteId);
    assert.equal(state.clinical.note.body_length, before);
  });

  t.step("a role without sign sees the Sign button disabled with its reason", async () => {
    await launch(`launch=clinical_chart&roles=staff&patient=${patientId}`);
    const state = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.open");
    assert.equal(state.clinical.note.sign_enabled, false);
    assert.ok(state.targets.sign_reason, "the reason is shown");
    await screenshotApp(page, "clinician_staff_cannot_sign");
  });

  t.step("Sign asks for confirmation (Enter confirms) and shows the signed note read-only", async () => {
    await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
    await waitForState(frame, "(s) => s.clinical && s.clinical.note.sign_enabled");
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm").catch(async (e) => {
      throw new Error(e.message + " " + JSON.stringify(await frame.evaluate(() => window.hearbridge.state)));
    });
    await screenshotApp(page, "clinician_sign_dialog");
    await page.keyboard.press("Enter");
    const state = await waitForState(frame, "(s) => s.clinical.note.status === 'signed'");
    assert.equal(state.clinical.note.id, noteId);
    assert.ok(state.targets.signed_by, "who signed and when is shown");
    assert.equal(state.targets.note_title, undefined, "a signed note has no editable title");
    await screenshotApp(page, "clinician_signed");
  });

  t.step("a user without a HearBridge role sees the access-denied screen", async () => {
    const state = await launch(`launch=clinical_chart&roles=&patient=${patientId}`);
    assert.equal(state.screen, "access_denied", JSON.stringify(state));
    await screenshotApp(page, "clinician_denied");
  });

  t.step("the core page shows the worklist and a patient search", async () => {
    await launch("launch=core_page&roles=clinician");
    const state = await waitForState(frame, "(s) => s.clinical && s.clinical.worklist === 'ready'");
    assert.equal(state.clinical.view, "worklist");
    assert.ok(state.targets.search, "the search field is there");
    await screenshotApp(page, "clinician_worklist");
  });

  t.step("an invoice whose amount HearLink sent unreadable is listed, and the balance says it is incomplete", async () => {
    const hearlinkUid = await page.evaluate((id) => window.sandbox.state.patients.find((p) => p.id === id).hearlink_uid,
      patientId);
    const records = (await demo.sandbox.api("GET", "/api/sandbox/hearlink")).body;
    const invoice = records.invoices.find((i) => i.patient && i.patient.uid === hearlinkUid);
    assert.ok(invoice, "the sandbox patient has an invoice");
    const changed = await demo.sandbox.api("PATCH", `/api/sandbox/hearlink/invoices/${invoice.uid}`, { total: "n/a" });
    assert.equal(changed.status, 200);
    await page.setViewportSize({ width: 1024, height: 768 });
    const state = await eventually(async () => {
      const s = await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
      return waitForState(frame, "(s) => s.clinical && s.clinical.hearing !== 'pending'").catch(() => s);
    }, (s) => s.clinical && s.clinical.amounts_complete === false, "the unreadable amount in HearBridge");
    assert.ok(state.clinical.invoices > 0, "the invoice is still listed");
    await screenshotApp(page, "clinician_invoice_unreadable");
  });
}
