// Copy, cut and paste with the system clipboard from inside the sandbox's cross-origin iframe, which
// (like Hint's) grants no clipboard permission (allow=""): navigator.clipboard.writeText is refused
// there, so Ctrl+C / Ctrl+X must go through the browser's own copy/cut events. The host page (which
// this test lets read and write the clipboard) checks what arrived. The note body is long enough
// to word-wrap: the copied text must not contain the display-only line breaks.
// Screenshot: build/e2e/clipboard_body_wrapped.png.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";
import { appFrame, clickTarget, openNoteEditor, screenshotApp, typeText, waitForState } from "../lib/app_frame.mjs";

// Two UTF-8 bytes each for ë, Ł, ú: lengths in the state hook are bytes.
const kBody = "Zoë Łukasz reports muffled speech in noisy rooms; the right ear is worse than the left, " +
  "and the old aids whistled. Plan: new receiver-in-canal aids, review in four weeks.";
const kPasted = " — Ñúñez-Łukasz €";
const bytes = (text) => Buffer.byteLength(text, "utf8");

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 } });
  // Only the host page (Hint's origin) may use the clipboard API; the app's origin is not granted.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: demo.sandbox.url });
  const readClipboard = () => page.evaluate(() => navigator.clipboard.readText());
  const writeClipboard = (text) => page.evaluate((value) => navigator.clipboard.writeText(value), text);
  let frame;
  const click = (name) => clickTarget(page, frame, name);
  const key = async (combo, until) => {
    await page.keyboard.press(combo);
    return waitForState(frame, until);
  };

  t.step("inside the app's iframe navigator.clipboard.writeText is refused, as in Hint's", async () => {
    frame = await openNoteEditor(page, demo, "launch=clinical_chart&roles=clinician");
    const outcome = await frame.evaluate(() => navigator.clipboard.writeText("x").then(() => "written", (error) => error.name));
    assert.equal(outcome, "NotAllowedError");
  });

  t.step("Ctrl+A, Ctrl+C in a wrapped note body puts exactly its text on the system clipboard", async () => {
    await writeClipboard("stale");
    await click("note_body");
    await typeText(page, kBody);
    let state = await waitForState(frame, `(s) => s.clinical.note.body_length === ${bytes(kBody)}`);
    assert.ok(state.wrapped.note_body.soft_breaks >= 1, `the body wraps: ${JSON.stringify(state.wrapped)}`);
    await screenshotApp(page, "clipboard_body_wrapped");
    state = await key("Control+A", `(s) => s.selection_length === ${bytes(kBody)}`);
    await page.keyboard.press("Control+C");
    await eventually(readClipboard, (text) => text === kBody, "the clipboard holds the note body", 5000);
  });

  t.step("Ctrl+V pastes the system clipboard (non-ASCII too) into the title", async () => {
    await writeClipboard(kPasted);
    await click("note_title");
    await page.keyboard.press("End");
    const before = (await frame.evaluate(() => window.hearbridge.state)).clinical.note.title_length;
    await key("Control+V", `(s) => s.clinical.note.title_length === ${before + bytes(kPasted)}`);
    // Copy the whole title back out: it ends with exactly what was pasted.
    await key("Control+A", `(s) => s.selection_length === ${before + bytes(kPasted)}`);
    await page.keyboard.press("Control+C");
    const title = await eventually(readClipboard, (text) => text !== kPasted, "the title was copied", 5000);
    assert.ok(title.endsWith(kPasted), `copied title: ${JSON.stringify(title)}`);
    assert.equal(bytes(title), before + bytes(kPasted));
  });

  t.step("Ctrl+X cuts the body onto the clipboard and empties the field; Ctrl+V puts it back", async () => {
    await writeClipboard("stale");
    await click("note_body");
    await key("Control+A", `(s) => s.selection_length === ${bytes(kBody)}`);
    await key("Control+X", "(s) => s.clinical.note.body_length === 0");
    await eventually(readClipboard, (text) => text === kBody, "the clipboard holds the cut body", 5000);
    await key("Control+V", `(s) => s.clinical.note.body_length === ${bytes(kBody)}`);
  });
}
