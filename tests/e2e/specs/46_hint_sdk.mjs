// The app's use of Hint's SDK, in the sandbox's Hint chart (hint-sdk.js talks to the host page by
// postMessage; the host records every call in window.sandbox.log): switching the current patient
// in Hint saves an unsaved draft first and then shows the new patient; opening a note publishes
// note=<id> with updateFragment, and a launch whose context carries that fragment opens that very
// note; the app's Close button calls HintSDK.close(). Words typed moments before the app goes away
// (Close, HintSDK.onClose, the iframe simply removed) still reach the server; leaving the page while
// some are unsaved asks first.
// Screenshots: build/e2e/sdk_*.png.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, openNoteEditor, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

const kDraft = "Typed just before Hint switched the patient.";

// The server's request log lines ({"event": "request", "method", "route", …}) from index `from` on.
function requestsSince(server, from) {
  return server.logLines.slice(from).map((line) => {
    try { return JSON.parse(line); } catch { return {}; }
  }).filter((entry) => entry.event === "request").map((entry) => `${entry.method} ${entry.route}`);
}

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 } });
  let frame;
  let patients;  // two patients of the sandbox practice
  let firstNote;
  const click = (name) => clickTarget(page, frame, name);
  const sdkLog = () => page.evaluate(() => window.sandbox.log);
  const chart = (patient, extra = "") => `launch=clinical_chart&roles=clinician&patient=${patient}${extra}`;

  t.step("switching the patient in Hint with an unsaved draft saves the draft, then shows the new patient", async () => {
    await page.goto(demo.hostPage("roles=clinician"));
    await page.waitForFunction(() => window.sandbox && window.sandbox.state && window.sandbox.practiceId, null, { timeout: 15000 });
    patients = await page.evaluate(() => window.sandbox.state.patients
      .filter((p) => p.practice_id === window.sandbox.practiceId).map((p) => p.id));
    assert.ok(patients.length >= 2, `the sandbox practice has two patients: ${patients}`);
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    await click("note_body");
    await typeText(page, kDraft.slice(0, -1));
    const typed = await waitForState(frame, `(s) => s.clinical.note.body_length === ${kDraft.length - 1}`);
    assert.equal(typed.clinical.patient_id, patients[0]);

    // The last key (once the app has it) and the switch back to back, well inside autosave's 2 s:
    // the switch itself must save the full text. (Should the machine stall past 2 s, autosave saves
    // first and the checks below still hold.)
    const mark = demo.server.logLines.length;
    await typeText(page, kDraft.slice(-1));
    await waitForState(frame, `(s) => s.clinical.note.body_length === ${kDraft.length}`);
    await page.click(`li[data-patient-id="${patients[1]}"]`);
    const state = await waitForState(frame,
      `(s) => s.clinical.patient_id === ${JSON.stringify(patients[1])} && s.clinical.patient === 'ready' && s.clinical.notes === 'ready'`);
    assert.equal(state.clinical.note.dirty, false);
    const requests = requestsSince(demo.server, mark);
    const saved = requests.findIndex((r) => /^(POST \/api\/interactions|PUT \/api\/interactions\/)/.test(r));
    const opened = requests.findIndex((r) => r.startsWith("GET /api/patients/"));
    assert.ok(saved >= 0, `the draft was saved: ${requests}`);
    assert.ok(opened > saved, `saved before the new patient was loaded: ${requests}`);
    await screenshotApp(page, "sdk_patient_switched");
  });

  t.step("the saved draft opens again for the first patient, and opening it publishes note=<id> as the fragment", async () => {
    await page.evaluate(() => { window.sandbox.log.length = 0; });
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const state = await waitForState(frame, "(s) => !!s.clinical.note.id");
    assert.equal(state.clinical.note.body_length, kDraft.length, "the draft typed before the switch was kept");
    firstNote = state.clinical.note.id;
    await eventually(sdkLog, (log) => log.some((e) => e.type === "updateFragment" && e.payload === `note=${firstNote}`),
      "HintSDK.updateFragment(note=<id>)", 5000);
  });

  t.step("a launch whose fragment names a note opens that note, not the newest draft", async () => {
    // Sign the first note, then start a second one: without a fragment the new draft opens.
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm");
    await click("sign_confirm");
    await waitForState(frame, "(s) => s.clinical.note.status === 'signed'");
    await click("new_note");
    await waitForState(frame, "(s) => s.clinical.note.open && !s.clinical.note.id && !!s.targets.note_body");
    await click("note_body");
    await typeText(page, "Second note.");
    const second = (await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id", 15000))
      .clinical.note.id;
    assert.notEqual(second, firstNote);

    frame = await openNoteEditor(page, demo, chart(patients[0]));
    let state = await waitForState(frame, "(s) => !!s.clinical.note.id");
    assert.equal(state.clinical.note.id, second, "without a fragment the newest draft opens");

    await page.goto(demo.hostPage(chart(patients[0], `&fragment=${encodeURIComponent(`note=${firstNote}`)}`)));
    await page.waitForFunction(() => window.sandbox && window.sandbox.lastLaunch && !window.sandbox.launching, null, { timeout: 15000 });
    frame = await appFrame(page);
    state = await waitForState(frame,
      `(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.note.id === ${JSON.stringify(firstNote)}`);
    assert.equal(state.clinical.note.status, "signed");
    assert.equal(await frame.evaluate(() => window.HintSDK.fragment), `note=${firstNote}`);
    await screenshotApp(page, "sdk_fragment_opened_note");
  });

  t.step("Close with words typed moments ago saves them first, then calls HintSDK.close()", async () => {
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const draft = await waitForState(frame, "(s) => !!s.clinical.note.id && s.clinical.note.status === 'draft'");
    const length = draft.clinical.note.body_length;
    await page.evaluate(() => { window.sandbox.log.length = 0; });
    await click("note_body");
    await page.keyboard.press("Control+End");
    await typeText(page, " Closing words.");
    await waitForState(frame, `(s) => s.clinical.note.body_length === ${length + " Closing words.".length}`);
    const mark = demo.server.logLines.length;
    await click("close");  // well inside autosave's 2 s
    await eventually(sdkLog, (log) => log.some((e) => e.type === "close"), "HintSDK.close() reached the host", 10000);
    assert.ok(requestsSince(demo.server, mark).some((r) => r.startsWith("PUT /api/interactions/")),
      "the words were saved before closing");
    assert.equal(await page.evaluate(() => document.getElementById("app").hasAttribute("src")), false);

    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const reopened = await waitForState(frame, `(s) => s.clinical.note.id === ${JSON.stringify(draft.clinical.note.id)}`);
    assert.equal(reopened.clinical.note.body_length, length + " Closing words.".length);
  });

  t.step("Hint closing the container moments after typing (HintSDK.onClose) still saves the words", async () => {
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const draft = await waitForState(frame, "(s) => !!s.clinical.note.id && s.clinical.note.status === 'draft'");
    const expected = draft.clinical.note.body_length + " Hint closed it.".length;
    await click("note_body");
    await page.keyboard.press("Control+End");
    await typeText(page, " Hint closed it.");
    await waitForState(frame, `(s) => s.clinical.note.body_length === ${expected}`);
    const mark = demo.server.logLines.length;
    await page.evaluate(() => window.sandbox.closeApp());  // "closed" to the SDK, the iframe gone 50 ms later
    await eventually(async () => requestsSince(demo.server, mark), (r) => r.some((x) => x.startsWith("PUT /api/interactions/")),
      "the words were saved as Hint closed the app", 5000);
    // The server logs the PUT before the app has its answer, and Hint removes the iframe only 50 ms
    // after "closed": until then the app is rightly still saving, and navigating away would meet its
    // beforeunload prompt. Wait for what this step is about, the container closed.
    await page.waitForFunction(() => !document.getElementById("app").hasAttribute("src"), null, { timeout: 5000 });
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const reopened = await waitForState(frame, `(s) => s.clinical.note.id === ${JSON.stringify(draft.clinical.note.id)}`);
    assert.equal(reopened.clinical.note.body_length, expected);
  });

  t.step("Hint removing the iframe without notice moments after typing still saves the words (keepalive)", async () => {
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const draft = await waitForState(frame, "(s) => !!s.clinical.note.id && s.clinical.note.status === 'draft'");
    const expected = draft.clinical.note.body_length + " Gone without notice.".length;
    await click("note_body");
    await page.keyboard.press("Control+End");
    await typeText(page, " Gone without notice.");
    await waitForState(frame, `(s) => s.clinical.note.body_length === ${expected}`);
    const mark = demo.server.logLines.length;
    // No SDK message: the page only gets pagehide, and whatever it sends must outlive it.
    await page.evaluate(() => document.getElementById("app").removeAttribute("src"));
    await eventually(async () => requestsSince(demo.server, mark), (r) => r.some((x) => x.startsWith("PUT /api/interactions/")),
      "the words were saved as the iframe went away", 5000);
    frame = await openNoteEditor(page, demo, chart(patients[0]));
    const reopened = await waitForState(frame, `(s) => s.clinical.note.id === ${JSON.stringify(draft.clinical.note.id)}`);
    assert.equal(reopened.clinical.note.body_length, expected);
  });

  t.step("leaving the page with words not yet saved asks first (beforeunload); once saved it does not", async () => {
    await click("note_body");
    await typeText(page, "!");
    await waitForState(frame, "(s) => s.clinical.note.dirty");
    const asked = page.waitForEvent("dialog", { timeout: 5000 });
    await page.evaluate(() => { setTimeout(() => location.reload(), 0); });
    const dialog = await asked;
    assert.equal(dialog.type(), "beforeunload");
    await dialog.dismiss();  // stay: the app and its words are still there
    await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !s.clinical.note.dirty", 15000);
    let dialogs = 0;
    page.on("dialog", (dialog) => { dialogs += 1; dialog.dismiss(); });
    await page.reload();
    await page.waitForFunction(() => window.sandbox && window.sandbox.ready, null, { timeout: 15000 });
    assert.equal(dialogs, 0);
  });
}
