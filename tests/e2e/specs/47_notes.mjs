// Every note of a patient is reachable, and the worklist tells the truth,
// through the sandbox's Hint and HearLink:
// - a hearing test leaves "Hearing tests without a note" once a note refers to it (its summary
//   inserted into a note started elsewhere), or once a clinician marks it "No note needed" (Undo
//   brings it back); both marks are in the audit trail;
// - the patient's notes are listed (drafts and signed, newest first) and each opens; a signed note
//   gets an addendum signed on its own, and Hint's interaction for the note goes to `addended`
//   while the note itself never changes;
// - a draft is deleted only through its confirmation (focus on Cancel), and Hint's interaction goes
//   to `deleted`.
// Screenshots: build/e2e/notes_*.png.
import assert from "node:assert/strict";
import { eventually, sandboxLaunch, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, openNoteEditor, screenshotApp, tabTo, typeText, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo({ sandboxEnv: { SANDBOX_SEED_WEBHOOKS: "1" } });
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1024, height: 768 } });
  let frame;
  let patientId;
  let testUid;
  let signedId;
  const click = (name) => clickTarget(page, frame, name);
  const interactions = async () => (await demo.sandbox.api("GET", "/api/sandbox/interactions")).body;
  const worklist = async () => {
    await sandboxLaunch(page, demo, "launch=core_page&roles=clinician");
    frame = await appFrame(page);
    return waitForState(frame, "(s) => s.clinical && s.clinical.worklist === 'ready'");
  };
  const chart = async (roles = "clinician") => {
    await sandboxLaunch(page, demo, `launch=clinical_chart&roles=${roles}&patient=${patientId}`);
    frame = await appFrame(page);
    return waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.hearing === 'ready'");
  };
  // The audit trail as an admin of the sandbox practice reads it (GET /api/admin/audit).
  const auditActions = async () => {
    const launch = await demo.sandbox.api("POST", "/api/sandbox/launch", { surface: "settings", roles: ["admin"] });
    const key = new URL(launch.body.iframe_url).searchParams.get("session_key");
    const exchange = await (await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_key: key, surface: "settings" }),
    })).json();
    const audit = await (await fetch(`${demo.server.url}/api/admin/audit`,
      { headers: { Authorization: `Bearer ${exchange.token}` } })).json();
    return audit.items.map((item) => `${item.action} ${item.object_id}`);
  };

  t.step("a new hearing test is on the worklist; No note needed takes it off, Undo brings it back", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    const patient = state.patients.find((p) => p.practice_id === "pra-sandbox01" && p.hearlink_uid);
    assert.ok(patient, "the seed has a patient linked to HearLink");
    patientId = patient.id;
    const added = await demo.sandbox.api("POST", "/api/sandbox/hearlink/hearing_tests", { patient_uid: patient.hearlink_uid });
    assert.equal(added.status, 201, JSON.stringify(added.body));
    testUid = added.body.uid;
    // Today's test is the newest: the first row once its webhook is in.
    let list = await eventually(worklist, (s) => s.clinical.test_uids && s.clinical.test_uids[0] === testUid,
      "the new test on the worklist");
    const total = list.clinical.tests_total;
    await screenshotApp(page, "notes_worklist");
    await click("no_note_0");
    list = await waitForState(frame, `(s) => s.clinical.worklist === 'ready' && s.clinical.worklist_notice &&
      !s.clinical.test_uids.includes(${JSON.stringify(testUid)})`);
    assert.equal(list.clinical.tests_total, total - 1);
    assert.ok(list.targets.undo_no_note, "Undo is offered");
    await screenshotApp(page, "notes_no_note_needed");
    await click("undo_no_note");
    list = await waitForState(frame, `(s) => s.clinical.worklist === 'ready' && s.clinical.test_uids[0] === ${JSON.stringify(testUid)}`);
    assert.equal(list.clinical.tests_total, total);
    const actions = await auditActions();
    assert.equal(actions[0], `hearing_test.note_needed ${testUid}`);
    assert.equal(actions[1], `hearing_test.no_note_needed ${testUid}`);
  });

  t.step("its summary inserted into a note started from the chart takes the test off the worklist", async () => {
    frame = await openNoteEditor(page, demo, `launch=clinical_chart&roles=clinician&patient=${patientId}`);
    let state = await waitForState(frame, "(s) => s.clinical.hearing === 'ready' && !!s.clinical.audiogram");
    assert.equal(state.clinical.audiogram.uid, testUid, "the newest test is selected");
    // A note of its own first (not started from the test), then the test's summary inserted.
    await click("note_body");
    await typeText(page, "Review. ");
    state = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id && !s.clinical.note.dirty", 15000);
    await click("insert_summary");
    await waitForState(frame, "(s) => s.clinical.note.dirty");
    state = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id && !s.clinical.note.dirty", 15000);
    const list = await worklist();
    assert.ok(!list.clinical.test_uids.includes(testUid), "the test left the worklist");
  });

  t.step("the signed note gets an addendum signed on its own; Hint shows the note addended, its text unchanged", async () => {
    let state = await chart();
    const noteId = state.clinical.note.id;
    assert.ok(noteId && state.clinical.note.status === "draft");
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm");
    await click("sign_confirm");
    state = await waitForState(frame, "(s) => s.clinical.note.status === 'signed' && !!s.targets.write_addendum");
    signedId = noteId;
    const signedBody = state.clinical.note.body_length;
    await click("write_addendum");
    state = await waitForState(frame, "(s) => s.clinical.note.open && s.clinical.note.addendum && !!s.targets.note_body");
    await click("note_body");
    await typeText(page, "Later: wax removed, retest in 2 weeks.");
    state = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id && !s.clinical.note.dirty", 15000);
    const addendumId = state.clinical.note.id;
    await screenshotApp(page, "notes_addendum_draft");
    await click("sign");
    await waitForState(frame, "(s) => s.clinical.note.sign_dialog && !!s.targets.sign_confirm");
    await click("sign_confirm");
    await waitForState(frame, "(s) => s.clinical.note.status === 'signed'");
    const hint = await eventually(interactions, (list) => {
      const of = (id) => list.find((i) => i.integration_record_id === id);
      return of(signedId) && of(signedId).status === "addended" && of(addendumId) && of(addendumId).status === "signed";
    }, "Hint: the note addended, the addendum signed");
    assert.equal(hint.filter((i) => i.integration_record_id === signedId).length, 1);
    const audit = await auditActions();
    assert.ok(audit.includes(`note.addend ${signedId}`) && audit.includes(`note.sign ${addendumId}`), "both audited");
    // The list: both notes, newest first; the original opens read-only with its text as signed.
    await click("all_notes");
    state = await waitForState(frame, "(s) => !s.clinical.note.open && s.clinical.notes === 'ready' && !!s.targets.note_1");
    assert.deepEqual(state.clinical.note_list.slice(0, 2).map((n) => n.id), [addendumId, signedId]);
    assert.equal(state.clinical.note_list[0].addendum_of, signedId);
    await screenshotApp(page, "notes_list");
    await click("note_1");
    state = await waitForState(frame, `(s) => s.clinical.note.open && s.clinical.note.id === ${JSON.stringify(signedId)}`);
    assert.equal(state.clinical.note.status, "signed");
    assert.equal(state.clinical.note.body_length, signedBody);
    assert.equal(state.targets.note_title, undefined, "a signed note is read-only");
    await screenshotApp(page, "notes_signed_addended");
  });

  t.step("a draft is deleted only through its confirmation; Hint shows it deleted", async () => {
    await click("new_note");
    await waitForState(frame, "(s) => s.clinical.note.open && !!s.targets.note_body");
    await click("note_body");
    await typeText(page, "Started by mistake.");
    let state = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id && !s.clinical.note.dirty", 15000);
    const draftId = state.clinical.note.id;
    await eventually(interactions, (list) => list.some((i) => i.integration_record_id === draftId), "Hint has the draft");
    // By keyboard: Enter on "Delete draft…" opens the dialog on Cancel; Enter again cancels.
    await click("note_title");
    // The click's focus first: a key pressed before the click has landed would move from the body.
    await waitForState(frame, "(s) => s.focused === 'note_title'");
    await tabTo(page, frame, "delete_note", 5, "Shift+Tab");
    await page.keyboard.press("Enter");
    state = await waitForState(frame, "(s) => s.clinical.note.delete_dialog && s.focused === 'delete_cancel'");
    await screenshotApp(page, "notes_delete_dialog");
    await page.keyboard.press("Enter");
    state = await waitForState(frame, "(s) => !s.clinical.note.delete_dialog");
    assert.equal(state.clinical.note.id, draftId);
    await click("delete_note");
    await waitForState(frame, "(s) => s.clinical.note.delete_dialog && !!s.targets.delete_confirm");
    await click("delete_confirm");
    state = await waitForState(frame, "(s) => !s.clinical.note.open && s.clinical.notes === 'ready' && !!s.targets.note_list_notice");
    assert.ok(!state.clinical.note_list.some((n) => n.id === draftId), "the deleted draft is not listed");
    await screenshotApp(page, "notes_deleted");
    await eventually(interactions, (list) => list.find((i) => i.integration_record_id === draftId).status === "deleted",
      "Hint: the draft deleted");
    assert.ok((await auditActions()).includes(`note.delete ${draftId}`));
  });

  t.step("a long list of tests pages: the ones past the first page are a click away, with the total shown", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    const hearlinkUid = state.patients.find((p) => p.id === patientId).hearlink_uid;
    for (let i = 0; i < 22; i++) {
      const added = await demo.sandbox.api("POST", "/api/sandbox/hearlink/hearing_tests", { patient_uid: hearlinkUid });
      assert.equal(added.status, 201);
    }
    let list = await eventually(worklist, (s) => s.clinical.tests_total >= 22 && !!s.targets.tests_older,
      "more than a page of tests");
    const total = list.clinical.tests_total;
    assert.equal(list.clinical.tests_without_note, 20);
    await screenshotApp(page, "notes_worklist_paged");
    await click("tests_older");
    list = await waitForState(frame, "(s) => s.clinical.worklist === 'ready' && s.clinical.tests_offset === 20");
    assert.equal(list.clinical.tests_without_note, Math.min(20, total - 20));
    assert.equal(list.clinical.tests_total, total);
    await click("tests_newer");
    await waitForState(frame, "(s) => s.clinical.worklist === 'ready' && s.clinical.tests_offset === 0");
  });

  t.step("a patient with more notes than one page holds: the list follows the pages and shows them all", async () => {
    // The server answers at most 100 notes a page; 105 more notes take the list to a second page.
    const launch = await demo.sandbox.api("POST", "/api/sandbox/launch",
      { surface: "clinical_chart", roles: ["clinician"], patient_id: patientId });
    const key = new URL(launch.body.iframe_url).searchParams.get("session_key");
    const exchange = await (await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_key: key, surface: "clinical_chart" }),
    })).json();
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${exchange.token}` };
    for (let i = 0; i < 105; i++) {
      const created = await fetch(`${demo.server.url}/api/interactions`, {
        method: "POST", headers, body: JSON.stringify({ patient_id: patientId, title: `Phone call ${i}`, body: "Checked in." }),
      });
      assert.equal(created.status, 201);
    }
    const first = await (await fetch(`${demo.server.url}/api/interactions?patient_id=${encodeURIComponent(patientId)}`,
      { headers })).json();
    assert.equal(first.items.length, 100);
    assert.ok(first.next_before, "a second page");
    await sandboxLaunch(page, demo, `launch=clinical_chart&roles=clinician&patient=${patientId}`);
    // The sandbox's Hint page now lists 105 more interactions above the app: bring the app into view,
    // as a clinician would (Chromium runs no animation frames for an iframe out of view).
    await (await page.waitForSelector("iframe#app")).scrollIntoViewIfNeeded();
    frame = await appFrame(page);
    await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.hearing === 'ready'");
    await click("all_notes");
    const state = await waitForState(frame, "(s) => !s.clinical.note.open && s.clinical.notes === 'ready' && !!s.targets.note_1");
    assert.ok(state.clinical.note_list.length > 105, `every note listed (${state.clinical.note_list.length})`);
    assert.equal(new Set(state.clinical.note_list.map((n) => n.id)).size, state.clinical.note_list.length, "none twice");
  });
}
