// Reading the app inside its iframe: the state the app publishes on window.hearbridge.state, and
// what it drew, from a screenshot of the iframe.
import { writeFileSync } from "node:fs";
import path from "node:path";
import assert from "node:assert/strict";
import { PNG } from "pngjs";
import { artifactsDir, sandboxLaunch } from "./harness.mjs";

export async function appFrame(page) {
  const handle = await page.waitForSelector("iframe#app");
  return handle.contentFrame();
}

// Waits until the published state satisfies `predicate` (a function source run in the frame) and
// returns that very state. Reading it again afterwards could return a later frame's, one the
// predicate never saw (the app publishes a new object every frame).
export async function waitForState(frame, predicate, timeout = 15000) {
  const matched = await frame.waitForFunction(`(() => { const s = window.hearbridge && window.hearbridge.state;
    return !!s && (${predicate})(s) ? JSON.stringify(s) : null; })()`, null, { timeout });
  return JSON.parse(await matched.jsonValue());
}

// Saves a screenshot of the iframe under build/e2e/<name>.png and returns pixel statistics.
export async function screenshotApp(page, name) {
  const iframe = await page.waitForSelector("iframe#app");
  const buffer = await iframe.screenshot();
  writeFileSync(path.join(artifactsDir, `${name}.png`), buffer);
  const png = PNG.sync.read(buffer);
  let nonWhite = 0;
  const colours = new Set();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
    if (r < 240 || g < 240 || b < 240) nonWhite++;
    colours.add((r << 16) | (g << 8) | b);
  }
  return { width: png.width, height: png.height, nonWhite, colours: colours.size };
}

// Clicks the centre of a widget the app published in state.targets ([x, y, w, h] in CSS pixels).
export async function clickTarget(page, frame, name) {
  const state = await frame.evaluate(() => window.hearbridge.state);
  const target = state.targets[name];
  assert.ok(target, `no target "${name}" in ${JSON.stringify(Object.keys(state.targets))}`);
  const iframe = await page.waitForSelector("iframe#app");
  await iframe.scrollIntoViewIfNeeded();  // the host page's launch log grows above it
  const box = await iframe.boundingBox();
  await page.mouse.click(box.x + target[0] + target[2] / 2, box.y + target[1] + target[3] / 2);
}

// Presses Tab (or `key`, e.g. "Shift+Tab") until the widget published as `name` has the keyboard
// focus (state.focused), each press waiting for the focus to move; fails after `limit` presses.
export async function tabTo(page, frame, name, limit = 15, key = "Tab") {
  let state = await waitForState(frame, "(s) => true");
  for (let i = 0; i < limit && state.focused !== name; i++) {
    const before = JSON.stringify(state.focused);
    await page.keyboard.press(key);
    state = await waitForState(frame, `(s) => s.focused !== ${before}`);
  }
  assert.equal(state.focused, name, `Tab never reached "${name}"`);
  return state;
}

// Types through CDP key events with `text`: Playwright's keyboard.type drops non-US characters
// into a canvas, this does not.
const cdpSessions = new WeakMap();
export async function typeText(page, text) {
  if (!cdpSessions.has(page)) cdpSessions.set(page, await page.context().newCDPSession(page));
  const cdp = cdpSessions.get(page);
  for (const ch of text) {
    await cdp.send("Input.dispatchKeyEvent", { type: "keyDown", text: ch, unmodifiedText: ch, key: ch });
    await cdp.send("Input.dispatchKeyEvent", { type: "keyUp", key: ch });
  }
}

// Launches the app from the sandbox's Hint chart with `query` and leaves an editable note open
// (the patient's draft, else a new note); resolves with the app's frame.
export async function openNoteEditor(page, demo, query) {
  await sandboxLaunch(page, demo, query);
  const frame = await appFrame(page);
  const state = await waitForState(frame, "(s) => s.clinical && s.clinical.notes === 'ready' && s.clinical.patient === 'ready'");
  if (!state.clinical.note.open || state.clinical.note.status === "signed") await clickTarget(page, frame, "new_note");
  await waitForState(frame, "(s) => s.clinical.note.open && !!s.targets.note_body && !!s.targets.note_title");
  return frame;
}
