// The clinician's screens, against HearBridge + the sandbox (Hint and HearLink on
// localhost, seeded HearLink webhooks): open a patient with hearing tests → the audiogram is drawn →
// insert the hearing summary → type (non-ASCII too, through CDP key events with `text`) → autosave →
// a new launch shows the draft again → sign (Enter on Sign… only opens the confirmation, focused on
// Cancel; only Sign note signs) → read-only signed view; a role without `sign` sees the
// button disabled; a user without a role sees the access-denied screen.
// An invoice whose total HearLink sends unreadable is listed with the balance marked incomplete.
// Screenshots: build/e2e/clinician_*.png.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, screenshotApp, tabTo, typeText, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo({ sandboxEnv: { SANDBOX_SEED_WEBHOOKS: "1" } });
  t.cleanup(() => demo.stop());
  // A zone other than the machine's: every time on screen must be in the browser's, and say so.
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 }, timezoneId: "America/New_York", locale: "en-US" });
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
    assert.match(state.clinical.note.status_text, /^Saved \d\d:\d\d E[SD]T$/, "the save time is local and names its zone");
    // The summary's long last line wraps at the panel's width (display-only breaks, not saved).
    assert.ok(state.wrapped.note_body.soft_breaks >= 1, `the body wraps: ${JSON.stringify(state.wrapped)}`);
    await screenshotApp(page, "clinician_draft_saved");
    // The same summary again is not silently duplicated: the note says it is there already.
    const saved = state.clinical.note.body_length;
    await click("insert_summary");
    state = await waitForState(frame, "(s) => s.clinical.note.notice && s.focused === 'note_body'");
    assert.equal(state.clinical.note.body_length, saved);
    assert.equal(state.clinical.note.dirty, false);
    await screenshotApp(page, "clinician_summary_already_in");
  });

  t.step("a new launch shows the draft again, with the same text", async () => {
    const before = await frame.evaluate(() => window.hearbridge.state.clinical.note.body_length);
    await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
    const state = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.open");
    assert.equal(state.clinical.note.id, noteId);
    assert.equal(state.clinical.note.body_length, before);
  });

  t.step("while saves fail a banner across the app says the words are kept, and Close waits for the save", async () => {
    // The server unreachable for saves only: the browser refuses every PUT of a note.
    const saves = "**/api/interactions/*";
    await page.route(saves, (route) => (route.request().method() === "PUT" ? route.abort("connectionrefused") : route.continue()));
    await click("note_body");
    await page.keyboard.press("Control+End");
    await type(" Outage.");
    await waitForState(frame, "(s) => s.clinical.note.save === 'retrying' && !!s.targets.unsaved_banner", 15000);
    await screenshotApp(page, "clinician_unsaved_banner");
    await click("close");
    const waiting = await waitForState(frame, "(s) => s.clinical.close_requested && !!s.targets.unsaved_banner");
    assert.equal(waiting.clinical.note.dirty, true);
    assert.equal(await page.evaluate(() => document.getElementById("app").hasAttribute("src")), true, "the app stays open");
    await page.unroute(saves);
    await click("unsaved_retry");
    await page.waitForFunction(() => !document.getElementById("app").hasAttribute("src"), null, { timeout: 10000 });
    // What was typed during the outage is on the server.
    await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
    const reopened = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.open");
    assert.equal(reopened.clinical.note.body_length, waiting.clinical.note.body_length);
  });

  t.step("a role without sign sees the Sign button disabled with its reason", async () => {
    await launch(`launch=clinical_chart&roles=staff&patient=${patientId}`);
    const state = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.open");
    assert.equal(state.clinical.note.sign_enabled, false);
    assert.ok(state.targets.sign_reason, "the reason is shown");
    await screenshotApp(page, "clinician_staff_cannot_sign");
  });

  t.step("signing is only ever deliberate: Enter on Sign… opens the confirmation on Cancel, and only Sign note signs", async () => {
    await launch(`launch=clinical_chart&roles=clinician&patient=${patientId}`);
    await waitForState(frame, "(s) => s.clinical && s.clinical.note.sign_enabled");
    const mark = demo.server.logLines.length;
    const signRequests = () => demo.server.logLines.slice(mark).filter((line) => line.includes("/sign"));
    // Keyboard: Enter on Sign… opens the dialog and nothing more; focus starts on Cancel.
    await click("note_body");
    await tabTo(page, frame, "sign");
    await page.keyboard.press("Enter");
    let state = await waitForState(frame, "(s) => s.clinical.note.sign_dialog && s.focused === 'sign_cancel'");
    assert.equal(state.clinical.note.status, "draft");
    await screenshotApp(page, "clinician_sign_dialog");
    // Enter again presses Cancel; Escape cancels too.
    await page.keyboard.press("Enter");
    state = await waitForState(frame, "(s) => !s.clinical.note.sign_dialog");
    assert.equal(state.clinical.note.status, "draft");
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm");
    await page.keyboard.press("Escape");
    state = await waitForState(frame, "(s) => !s.clinical.note.sign_dialog");
    assert.equal(state.clinical.note.status, "draft");
    assert.deepEqual(signRequests(), [], "nothing was sent to sign");
    // Only the dialog's own Sign note button signs.
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm");
    await click("sign_confirm");
    state = await waitForState(frame, "(s) => s.clinical.note.status === 'signed'");
    assert.equal(state.clinical.note.id, noteId);
    assert.ok(state.targets.signed_by, "who signed and when is shown");
    assert.equal(state.targets.note_title, undefined, "a signed note has no editable title");
    assert.equal(state.clinical.note.status_text, "", "a signed note shows who signed it, not 'Saved'");
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
