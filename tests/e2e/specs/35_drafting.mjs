// Drafting and signing end to end through the sandbox: the sandbox's Hint launches the
// app (signed handshake) → the launch key is exchanged → a draft is created, edited twice and
// signed → the sandbox's Hint holds exactly one partner interaction, status signed, pointing back.
import assert from "node:assert/strict";
import { eventually, startDemo } from "../lib/harness.mjs";

export default async function (t) {
  const demo = await startDemo();
  t.cleanup(() => demo.stop());
  const api = async (method, path, token, body, headers = {}) => {
    const response = await fetch(demo.server.url + path, {
      method,
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}`, ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  };

  let token;
  let patient;
  let note;

  t.step("a clinical_chart launch from the sandbox's Hint exchanges into a clinician's session", async () => {
    const state = (await demo.sandbox.api("GET", "/api/sandbox/state")).body;
    patient = state.patients.find((p) => p.practice_id === "pra-sandbox01" && p.hearlink_uid);
    assert.ok(patient, "the seed has a patient with a HearLink record");
    const launch = await demo.sandbox.api("POST", "/api/sandbox/launch",
      { surface: "clinical_chart", patient_id: patient.id, roles: ["clinician"] });
    assert.equal(launch.status, 200, JSON.stringify(launch.body));
    const key = new URL(launch.body.iframe_url).searchParams.get("session_key");
    const exchange = await fetch(`${demo.server.url}/api/session/exchange`, {
      method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ session_key: key, surface: "clinical_chart" }),
    });
    assert.equal(exchange.status, 200);
    const reply = await exchange.json();
    token = reply.token;
    assert.equal(reply.context.patient_id, patient.id);
    assert.deepEqual(reply.context.permissions, ["view", "draft", "sign"]);
  });

  t.step("create a draft, edit it twice, sign it", async () => {
    const created = await api("POST", "/api/interactions", token,
      { patient_id: patient.id, title: "Hearing review", body: "First impressions." });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    note = created.body.note;
    let version = note.version;
    for (const text of ["Findings: mild loss, right ear.", "Findings: mild loss, right ear. Plan: review in 6 months."]) {
      const saved = await api("PUT", `/api/interactions/${note.id}`, token, { title: "Hearing review", body: text },
        { "If-Match": `"${version}"` });
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      version = saved.body.note.version;
    }
    const signed = await api("POST", `/api/interactions/${note.id}/sign`, token, { version });
    assert.equal(signed.status, 200, JSON.stringify(signed.body));
    assert.equal(signed.body.note.status, "signed");
  });

  t.step("the sandbox's Hint shows one partner interaction, status signed, pointing back to HearBridge", async () => {
    const mine = (list) => list.filter((i) => i.integration_record_id === note.id);
    const interactions = await eventually(
      async () => (await demo.sandbox.api("GET", "/api/sandbox/interactions")).body,
      (list) => mine(list).length === 1 && mine(list)[0].status === "signed",
      "Hint's partner interaction for the note is signed");
    const interaction = mine(interactions)[0];
    assert.equal(interactions.filter((i) => i.patient_id === patient.id && i.title === "Hearing review").length, 1);
    assert.equal(interaction.patient_id, patient.id);
    assert.equal(interaction.practice_id, "pra-sandbox01");
    assert.equal(interaction.integration_web_link, `${demo.server.url}/hint/clinical_interaction#note=${note.id}`);
    const synced = await eventually(async () => (await api("GET", `/api/interactions/${note.id}`, token)).body.note,
      (n) => n.hint.sync === "synced", "the note shows it is synced");
    assert.equal(synced.hint.interaction_id, interaction.id);
  });

  t.step("the patient's hearing record comes from the sandbox's HearLink webhooks", async () => {
    const hearing = await eventually(async () => (await api("GET", `/api/patients/${patient.id}/hearing`, token)).body,
      (h) => h && h.link && h.link.status === "linked" && h.hearing_tests.length > 0, "the hearing record is linked");
    assert.equal(hearing.link.hearlink_uid, patient.hearlink_uid);
    const test = hearing.hearing_tests[0];
    assert.match(test.test_date, /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(Object.keys(test.audiogram.right).length >= 4, JSON.stringify(test.audiogram));
    assert.ok(Object.keys(test.audiogram.left).length >= 4);
    const dates = hearing.hearing_tests.map((h) => h.test_date);
    assert.deepEqual([...dates].sort().reverse(), dates, "newest first");
    // Money crosses the API as whole pence (shared/money.hpp), never as a decimal.
    for (const invoice of hearing.invoices) {
      for (const field of ["total_pence", "paid_pence", "balance_pence"]) assert.ok(Number.isInteger(invoice[field]), JSON.stringify(invoice));
    }
    assert.ok(Number.isInteger(hearing.outstanding_balance_pence), JSON.stringify(hearing.outstanding_balance_pence));
    assert.equal(hearing.amounts_complete, true, "the sandbox's amounts are all readable");
    const worklist = (await api("GET", "/api/worklist", token)).body;
    assert.ok(Array.isArray(worklist.drafts) && Array.isArray(worklist.tests_without_note));
  });
}
