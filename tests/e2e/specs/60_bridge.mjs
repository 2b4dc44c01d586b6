// The HearLink bridge end to end through the sandbox: an admin sets the
// practice's HearLink key and defaults (PUT /api/settings) and tests the connection → a new Hint
// patient (sandbox: POST /api/sandbox/patients → signed patient.created webhook) becomes exactly
// one HearLink patient whose tracking.ids names it → HearBridge shows it linked → a hearing test
// added in HearLink shows with its audiogram and, auto-draft on, becomes a draft "Hearing test <date>".
// A patient without a phone is shown as needs_phone and never sent.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const api = async (method, path, token, body) => {
    const response = await fetch(demo.server.url + path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };
  const hearlinkPatientsFor = async (hintId) =>
    ((await demo.sandbox.api("GET", "/api/sandbox/hearlink")).body.patients ?? [])
      .filter((p) => p.tracking && p.tracking.ids && p.tracking.ids.hint_patient_id === hintId);

  let token;
  let patient;
  let hearlinkUid;

  t.step("an admin session saves the HearLink key and defaults, and the connection test passes", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    const anyPatient = state.patients.find((p) => p.practice_id === "pra-sandbox01");
    const launch = await demo.sandbox.api("POST", "/api/sandbox/launch",
      { surface: "settings", patient_id: anyPatient.id, roles: ["admin"] });
    assert.equal(launch.status, 200, JSON.stringify(launch.body));
    const key = new URL(launch.body.iframe_url).searchParams.get("session_key");
    const exchange = await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_key: key, surface: "settings" }),
    });
    assert.equal(exchange.status, 200);
    token = (await exchange.json()).token;

    const before = await api("POST", "/api/settings/test-connection", token, {});
    assert.deepEqual(before.body, { ok: false, reason: "No HearLink API key is set." });
    const saved = await api("PUT", "/api/settings", token, {
      hearlink_api_key: demo.secrets.hearlinkApiKey,
      default_clinic: { name: "Manchester" },
      default_referral: { name: "Hint" },
      default_status: { name: "Patient Created" },
      auto_draft_from_hearing_tests: true,
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const tested = await api("POST", "/api/settings/test-connection", token, {});
    assert.equal(tested.status, 200);
    assert.deepEqual(tested.body, { ok: true });
  });

  t.step("a new Hint patient becomes exactly one HearLink patient naming it", async () => {
    const created = await demo.sandbox.api("POST", "/api/sandbox/patients", {
      practice_id: "pra-sandbox01", first_name: "Bridget", last_name: "Okafor-Lindqvist",
      phone: "+15550104477", email: "bridget@example.com", dob: "1958-03-14",
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    patient = created.body;
    const twins = await eventually(() => hearlinkPatientsFor(patient.id), (list) => list.length === 1,
      "the sandbox's HearLink holds the new patient");
    hearlinkUid = twins[0].uid;
    assert.equal(twins[0].tracking.provider, "hint");
    assert.equal(twins[0].fullName, "Bridget Okafor-Lindqvist");
    assert.equal(twins[0].phoneNumber, "+15550104477");
    assert.equal(twins[0].dob, "1958-03-14");
    assert.equal(twins[0].primaryClinic.name, "Manchester");
  });

  t.step("HearBridge shows the patient linked, and a Hint update does not make a second HearLink patient", async () => {
    const hearing = await eventually(async () => (await api("GET", `/api/patients/${patient.id}/hearing`, token)).body,
      (h) => h && h.link && h.link.status === "linked", "the link is reported");
    assert.equal(hearing.link.hearlink_uid, hearlinkUid);
    const updated = await demo.sandbox.api("PATCH", `/api/sandbox/patients/${patient.id}`, { email: "b.okafor@example.com" });
    assert.ok(updated.status < 300, JSON.stringify(updated.body));
    // The update is processed (the local copy shows the new e-mail) before counting again.
    await eventually(async () => (await api("GET", `/api/patients/${patient.id}`, token)).body,
      (p) => p && p.patient && p.patient.email === "b.okafor@example.com", "the update reached HearBridge");
    assert.equal((await hearlinkPatientsFor(patient.id)).length, 1);
    const outbox = await api("GET", "/api/admin/outbox", token);
    assert.equal(outbox.status, 200);
  });

  t.step("a hearing test added in HearLink shows with its audiogram and becomes a draft note", async () => {
    const added = await demo.sandbox.api("POST", "/api/sandbox/hearlink/hearing_tests", { patient_uid: hearlinkUid });
    assert.ok(added.status < 300, JSON.stringify(added.body));
    const hearing = await eventually(async () => (await api("GET", `/api/patients/${patient.id}/hearing`, token)).body,
      (h) => h && h.hearing_tests && h.hearing_tests.length === 1, "the hearing test is shown");
    const test = hearing.hearing_tests[0];
    assert.ok(test.audiogram && test.audiogram.right && Object.keys(test.audiogram.right).length > 0);
    const notes = await eventually(
      async () => (await api("GET", `/api/interactions?patient_id=${encodeURIComponent(patient.id)}`, token)).body,
      (body) => body && (body.notes ?? body.items ?? []).some((n) => n.title === `Hearing test ${test.test_date}`),
      "the draft note exists");
    const drafts = (notes.notes ?? notes.items).filter((n) => n.title === `Hearing test ${test.test_date}`);
    assert.equal(drafts.length, 1);
    assert.equal(drafts[0].status ?? "draft", "draft");
  });

  t.step("a patient without a phone is never sent and shows needs_phone", async () => {
    const created = await demo.sandbox.api("POST", "/api/sandbox/patients",
      { practice_id: "pra-sandbox01", first_name: "Noam", last_name: "Phoneless" });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const hearing = await eventually(async () => (await api("GET", `/api/patients/${created.body.id}/hearing`, token)).body,
      (h) => h && h.link && h.link.status === "needs_phone", "needs_phone is reported");
    assert.match(hearing.link.reason, /phone number/);
    assert.equal((await hearlinkPatientsFor(created.body.id)).length, 0);
  });
}
