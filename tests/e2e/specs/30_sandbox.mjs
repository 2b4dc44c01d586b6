// The sandbox end to end: HearBridge and hearbridge-sandbox wired as scripts/demo wires them; the
// sandbox's Hint chart launches the app (signed handshake, server to server) into its 1024×768
// iframe; the SDK stand-in and the host page talk by postMessage with exact origin checks; webhooks
// from both platforms reach HearBridge signed and are acknowledged.
import assert from "node:assert/strict";
import { eventually, sandboxLaunch, startDemo } from "../lib/harness.mjs";
import { appFrame, screenshotApp, waitForState } from "../lib/app_frame.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const page = await t.newPage({ viewport: { width: 1400, height: 1100 } });

  const launch = (query) => sandboxLaunch(page, demo, query);

  t.step("a core_page launch from the sandbox's Hint chart shows the app in the 1024×768 iframe", async () => {
    const result = await launch("launch=core_page&roles=admin");
    assert.equal(result.handshake_status, 200);
    assert.match(result.iframe_url, /\/hint\/core_page\?session_key=/);
    const frame = await appFrame(page);
    const state = await waitForState(frame, "(s) => s.title === 'HearBridge'");
    assert.equal(state.surface, "core_page");
    assert.equal(state.session_key_present, true);
    const shot = await screenshotApp(page, "sandbox_core_page");
    assert.equal(shot.width, 1024);
    assert.equal(shot.height, 768);
  });

  t.step("the handshake HearBridge accepted carried the chosen roles, and ?roles= sends none", async () => {
    let launches = (await demo.sandbox.api("GET", "/api/sandbox/launches")).body;
    assert.deepEqual(launches.at(-1).roles, ["admin"]);
    assert.equal(launches.at(-1).handshake_status, 200);
    await launch("launch=clinical_chart&roles=");
    launches = (await demo.sandbox.api("GET", "/api/sandbox/launches")).body;
    assert.deepEqual(launches.at(-1).roles, []);
    assert.equal(launches.at(-1).surface, "clinical_chart");
    assert.ok(launches.at(-1).patient_id, "a clinical surface carries the patient");
  });

  t.step("HintSDK in the app frame gets its context from the host page and reports calls back", async () => {
    await launch("launch=clinical_interaction&roles=clinician");
    const frame = await appFrame(page);
    await waitForState(frame, "(s) => s.title === 'HearBridge'");
    const context = await frame.evaluate(() => new Promise((resolve) => window.HintSDK.init(() =>
      resolve({ user: window.HintSDK.user, patient: window.HintSDK.currentPatient, interaction: window.HintSDK.interaction }))));
    assert.deepEqual(context.user.partner_roles, ["clinician"]);
    assert.ok(context.patient && context.patient.id, "clinical_interaction has a current patient");
    assert.match(context.interaction.id, /^inter-/);

    await frame.evaluate(() => { window.HintSDK.updateQueryParams({ tab: "audiogram" }); window.HintSDK.updateFragment("latest"); });
    const log = await page.waitForFunction(() => {
      const types = window.sandbox.log.map((e) => e.type);
      return types.includes("init") && types.includes("updateQueryParams") && types.includes("updateFragment") && window.sandbox.log;
    }, null, { timeout: 5000 }).then((handle) => handle.jsonValue());
    assert.deepEqual(log.find((e) => e.type === "updateQueryParams").payload, { tab: "audiogram" });
  });

  t.step("switching patients on the host page fires the SDK's onCurrentPatientChanged", async () => {
    const frame = await appFrame(page);
    await frame.evaluate(() => { window.__patients = []; window.HintSDK.onCurrentPatientChanged((p) => window.__patients.push(p)); });
    const target = await page.evaluate(() => {
      const others = window.sandbox.state.patients.filter((p) => p.practice_id === window.sandbox.practiceId && p.id !== window.sandbox.patientId);
      return others[0];
    });
    await page.click(`li[data-patient-id="${target.id}"]`);
    await frame.waitForFunction((id) => window.__patients.some((p) => p && p.id === id), target.id, { timeout: 5000 });
    assert.equal(await frame.evaluate(() => window.HintSDK.currentPatient.name), target.name);
  });

  t.step("messages from the wrong window or origin are ignored on both sides", async () => {
    const frame = await appFrame(page);
    const before = await page.evaluate(() => window.sandbox.log.length);
    // The host page hears a forged SDK message from itself (not the iframe): ignored.
    await page.evaluate(() => window.postMessage({ source: "hint-sdk", type: "close", payload: null }, "*"));
    // The app frame hears a forged host message from itself (not window.parent): ignored.
    const patientBefore = await frame.evaluate(() => window.HintSDK.currentPatient);
    await frame.evaluate(() => window.postMessage({ source: "hint-host", type: "patientChanged", payload: { id: "pat-evil" } }, "*"));
    // A real round trip after the forged ones proves the listeners ran meanwhile.
    await frame.evaluate(() => window.HintSDK.updateFragment("after-forgery"));
    await page.waitForFunction(() => window.sandbox.log.some((e) => e.payload === "after-forgery"), null, { timeout: 5000 });
    const types = await page.evaluate((n) => window.sandbox.log.slice(n).map((e) => e.type), before);
    assert.deepEqual(types, ["updateFragment"]);
    assert.deepEqual(await frame.evaluate(() => window.HintSDK.currentPatient), patientBefore);
    assert.ok(await page.$("iframe#app[src]"), "the forged close did not close the app");
  });

  t.step("the seed's HearLink webhooks reach HearBridge signed and are acknowledged", async () => {
    const deliveries = await eventually(() => demo.sandbox.api("GET", "/api/sandbox/deliveries").then((r) => r.body.hearlink),
      (log) => log.deliveries.length > 0 && log.deliveries.every((d) => d.status === "delivered"), "all HearLink deliveries delivered");
    const types = new Set(deliveries.deliveries.map((d) => d.type));
    for (const type of ["patient.created", "hearing_test.created", "appointment.created", "invoice.created"]) assert.ok(types.has(type), type);
    assert.equal(deliveries.consecutive_failures, 0);
  });

  t.step("a patient created and archived on the Hint chart reaches HearBridge as signed webhooks", async () => {
    const created = await demo.sandbox.api("POST", "/api/sandbox/patients", { first_name: "Zoë", last_name: "Ågård", dob: "1950-05-05" });
    assert.equal(created.status, 201);
    await demo.sandbox.api("POST", `/api/sandbox/patients/${created.body.id}/archive`, {});
    const log = await eventually(() => demo.sandbox.api("GET", "/api/sandbox/deliveries").then((r) => r.body.hint),
      (l) => l.deliveries.length >= 2 && l.deliveries.every((d) => d.status === "delivered"), "Hint deliveries delivered");
    assert.deepEqual(log.deliveries.map((d) => d.type), ["patient.created", "patient.inactive"]);
  });
}
