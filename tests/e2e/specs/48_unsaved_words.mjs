// No typed word is lost, through the sandbox's Hint:
// - words the server never got (saves failing, then the tab crashed) are kept on the device as AES-GCM
//   ciphertext only (nothing readable in the browser's storage), and the next launch offers them
//   back: "Restore 18 characters typed at 14:32 …?" → restored → saved (a tab that closes normally
//   sends its words on the way out, a keepalive save, so a crash is what leaves them unsent);
// - when the session ends (idle timeout) with words unsaved, the note stays on screen read-only and
//   selectable under a banner, and a new launch offers the words back;
// - words kept for a note someone changed meanwhile come back through the conflict view;
// - typing counts as activity: a clinician who types on for longer than the idle timeout stays in.
// HearBridge runs with a 10 s idle timeout here, so a session ends within the test.
// Screenshots: build/e2e/unsaved_*.png.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, openNoteEditor, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

const kIdleS = 10;

export default async function (t) {
  const demo = await startDemo({ serverEnv: { HEARBRIDGE_SESSION_IDLE_TIMEOUT: String(kIdleS) } });
  t.cleanup(() => demo.stop());
  // One browser profile for the whole spec: a tab that crashes leaves its storage to the next tab.
  const context = await t.browser.newContext({ viewport: { width: 1024, height: 768 } });
  t.cleanup(() => context.close());
  let page = await context.newPage();
  // Leaving with unsaved words raises the app's beforeunload prompt: the clinician leaves anyway.
  const acceptPrompts = (p) => p.on("dialog", (dialog) => dialog.accept());
  acceptPrompts(page);
  let frame;
  let patientId;
  const click = (name) => clickTarget(page, frame, name);
  const saves = "**/api/interactions**";
  const isSave = (request) => request.method() === "PUT" || request.method() === "POST";
  // A launch that leaves whatever the previous app had unsaved (unlike sandboxLaunch, which waits).
  const relaunch = async () => {
    await page.goto(demo.hostPage(`launch=clinical_chart&roles=clinician&patient=${patientId}`));
    await page.waitForFunction(() => window.sandbox && window.sandbox.lastLaunch && !window.sandbox.launching, null,
      { timeout: 15000 });
    frame = await appFrame(page);
    return waitForState(frame,
      "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.device.open && s.clinical.note.open");
  };
  // The tab crashes (no unload handlers, no last save) and the clinician opens a new one.
  const crashTab = async () => {
    const crashed = new Promise((resolve) => page.once("crash", resolve));
    const cdp = await context.newCDPSession(page);
    cdp.send("Page.crash").catch(() => {});  // the renderer is gone before it answers
    await crashed;
    page = await context.newPage();
    acceptPrompts(page);
  };
  // A working token of another session of the sandbox practice (another clinician's device).
  const otherSession = async () => {
    const launch = await demo.sandbox.api("POST", "/api/sandbox/launch",
      { surface: "clinical_chart", patient_id: patientId, roles: ["clinician"] });
    const key = new URL(launch.body.iframe_url).searchParams.get("session_key");
    const reply = await (await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_key: key, surface: "clinical_chart" }),
    })).json();
    return reply.token;
  };
  // Every value HearBridge keeps in the frame's localStorage.
  const stored = () => frame.evaluate(() => Object.keys(localStorage)
    .filter((k) => k.startsWith("hearbridge.unsaved/")).map((k) => [k, localStorage.getItem(k)]));

  t.step("words never sent survive a reload, encrypted on the device, and come back when restored", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    patientId = state.patients.find((p) => p.practice_id === "pra-sandbox01").id;
    frame = await openNoteEditor(page, demo, `launch=clinical_chart&roles=clinician&patient=${patientId}`);
    await click("note_body");
    await typeText(page, "Seen today.");
    let s = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !!s.clinical.note.id && !s.clinical.note.dirty");
    const noteId = s.clinical.note.id;
    const saved = s.clinical.note.body_length;
    // The server stops answering saves; the clinician types on.
    await page.route(saves, (route) => (isSave(route.request()) ? route.abort("connectionrefused") : route.continue()));
    await page.keyboard.press("Control+End");
    await typeText(page, " Words never sent.");
    s = await waitForState(frame, `(s) => s.clinical.note.dirty && s.clinical.device.current && s.clinical.note.body_length === ${saved + 18}`);
    // Every copy the app asked for is encrypted and written (the browser does that asynchronously).
    await frame.waitForFunction(() => window.Module.hbDevice &&
      window.Module.hbDevice.writes === window.hearbridge.state.clinical.device.writes, null, { timeout: 10000 });
    const copies = await stored();
    assert.equal(copies.length, 1, "one encrypted copy in localStorage");
    const [slot, value] = copies[0];
    assert.match(slot, new RegExp(`^hearbridge\\.unsaved/pra-sandbox01/[^/]+/${noteId}/\\d+$`),
      "the slot is named by ids only: practice, user, note, launch");
    assert.ok(!value.includes("never sent") && !value.includes("Seen today"), "nothing readable is stored");
    const envelope = JSON.parse(value);
    assert.equal(envelope.v, 1);
    assert.ok(envelope.iv && envelope.ct.length > 40, "AES-GCM ciphertext with its IV");
    // The tab crashes before the words were sent; the clinician opens Hint again in a new tab (same
    // browser profile, so the same device storage).
    await crashTab();
    s = await relaunch();
    s = await waitForState(frame, "(s) => s.clinical.device.offer && !!s.targets.restore_words");
    assert.match(s.clinical.device.offer_text, /^Restore 18 characters typed at \d\d:\d\d \S+\?$/);
    await screenshotApp(page, "unsaved_offer");
    await click("restore_words");
    s = await waitForState(frame, `(s) => s.clinical.note.save === 'clean' && !s.clinical.note.dirty && s.clinical.note.body_length === ${saved + 18}`);
    assert.equal(s.clinical.note.id, noteId);
    await eventually(stored, (list) => list.length === 0, "the copy removed once saved");
  });

  t.step("a session that ends with words unsaved keeps them on screen, read-only, and offers them after a new launch", async () => {
    let s = await relaunch();
    const started = Date.now();
    const before = s.clinical.note.body_length;
    // Saves are lost until the session has surely idled out; the next try then meets the ended session.
    await page.route(saves, (route) => (isSave(route.request()) && Date.now() - started < (kIdleS + 2) * 1000
      ? route.abort("connectionrefused") : route.continue()));
    await click("note_body");
    await page.keyboard.press("Control+End");
    await typeText(page, " Typed as the session ended.");
    s = await waitForState(frame, "(s) => s.error === 'session_expired' && !!s.targets.ended_banner", 40000);
    assert.equal(s.screen, "home", "the words stay on screen");
    assert.equal(s.clinical.note.body_length, before + 28);
    assert.equal(s.clinical.note.sign_enabled, false);
    assert.ok(s.clinical.device.kept, "and on the device");
    // Selectable and copyable: Ctrl+A in the read-only body selects it all.
    await click("note_body");
    await page.keyboard.press("Control+A");
    s = await waitForState(frame, `(s) => s.selection_length === ${before + 28}`);
    await screenshotApp(page, "unsaved_session_ended");
    await page.unroute(saves);
    s = await relaunch();
    s = await waitForState(frame, "(s) => s.clinical.device.offer && !!s.targets.restore_words");
    assert.match(s.clinical.device.offer_text, /^Restore 28 characters typed at /);
    await click("restore_words");
    await waitForState(frame, `(s) => s.clinical.note.save === 'clean' && !s.clinical.note.dirty && s.clinical.note.body_length === ${before + 28}`);
  });

  t.step("typing counts as activity: typing on for longer than the idle timeout never ends the session", async () => {
    let s = await relaunch();
    const started = Date.now();
    await click("note_body");
    await page.keyboard.press("Control+End");
    // Bursts of typing with the pauses people make (each saved), for longer than the idle timeout.
    let bursts = 0;
    while (Date.now() - started < (kIdleS + 4) * 1000) {
      await typeText(page, ` Burst ${++bursts}.`);
      s = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !s.clinical.note.dirty");
    }
    assert.equal(s.error, null, "the session is still alive");
    assert.equal(s.screen, "home");
    assert.ok(bursts >= 3, `typed in ${bursts} bursts`);
  });

  t.step("words kept for a note someone changed meanwhile come back through the conflict view", async () => {
    let s = await relaunch();
    const noteId = s.clinical.note.id;
    await page.route(saves, (route) => (isSave(route.request()) ? route.abort("connectionrefused") : route.continue()));
    await click("note_body");
    await page.keyboard.press("Control+End");
    await typeText(page, " Mine.");
    s = await waitForState(frame, "(s) => s.clinical.note.dirty && s.clinical.device.current");
    await frame.waitForFunction(() => window.Module.hbDevice &&
      window.Module.hbDevice.writes === window.hearbridge.state.clinical.device.writes, null, { timeout: 10000 });
    await crashTab();
    // Meanwhile a colleague saves the same note elsewhere.
    const token = await otherSession();
    const headers = { "Content-Type": "application/json", Authorization: `Bearer ${token}` };
    const current = await (await fetch(`${demo.server.url}/api/interactions/${noteId}`, { headers })).json();
    const theirs = await fetch(`${demo.server.url}/api/interactions/${noteId}`, {
      method: "PUT", headers: { ...headers, "If-Match": `"${current.note.version}"` },
      body: JSON.stringify({ title: current.note.title, body: current.note.body + " Theirs." }),
    });
    assert.equal(theirs.status, 200);
    s = await relaunch();
    s = await waitForState(frame, "(s) => s.clinical.device.offer && !!s.targets.restore_words");
    await click("restore_words");
    s = await waitForState(frame, "(s) => s.clinical.note.conflict && !!s.targets.keep_mine && !!s.targets.use_theirs");
    await screenshotApp(page, "unsaved_restored_conflict");
    await click("keep_mine");
    s = await waitForState(frame, "(s) => s.clinical.note.save === 'clean' && !s.clinical.note.dirty && !s.clinical.note.conflict");
    const saved = await (await fetch(`${demo.server.url}/api/interactions/${noteId}`, { headers })).json();
    assert.ok(saved.note.body.endsWith(" Mine."), "my restored words won");
  });
}
