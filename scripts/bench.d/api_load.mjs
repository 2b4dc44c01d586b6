// scripts/bench api's load driver (see api.sh). Node's http module with a keep-alive Agent, 127.0.0.1 only.
// Sessions are opened as the browser opens them: a signed Hint handshake (X-Hint-Signature, as
// server/security/hint_signature.hpp and tests/support/hint_launch.hpp sign it; no access_token, so Hint
// is never asked), then POST /api/session/exchange for a bearer token.
//   node api_load.mjs load --port P --secret K --meta FILE [--seed 1] [--sequential 200] [--clients 16]
//        [--per-client 100] [--ingest-seconds 3] [--route-seconds 20] [--request-timeout 60] [--server-pid PID]
//        → one JSON result on stdout
//   node api_load.mjs housekeeping --port P --secret K --meta FILE --db FILE --retention S --started-at MS
//        --file-bytes-before B [--clients 16] [--limit-seconds 1800]       → one JSON result on stdout
//   node api_load.mjs table RESULT.json SERVER.json      → prints one size's table
//   node api_load.mjs housekeeping-table RESULT.json     → prints the housekeeping table; exit 1 on a failed request
//   node api_load.mjs growth RESULT.json…                → prints the growth table; exit 1 on any failed request
//                                                          or scoping check
// Every route: up to 5 warm-up requests (errors counted, times not), then `sequential` requests one after
// the other, then `clients` concurrent clients of `per-client` requests each (see measure() for the time
// bounds); latency is what the client saw (request written → last byte read). Ids and queries are drawn
// from the filled ranges with a fixed seed.
import http from "node:http";
import { createHmac } from "node:crypto";
import { execFile } from "node:child_process";
import { readFileSync, statSync } from "node:fs";

const TARGET_SEQ_P95 = 20;
const TARGET_CONC_P95 = 100;
const TARGET_GROWTH = 2;
const TARGET_RSS_MB = 150;
const TARGET_RESTART_MS = 2000;

const mode = process.argv[2];
const args = {};
for (let i = 3; i < process.argv.length; i++) {
  if (process.argv[i].startsWith("--")) args[process.argv[i].slice(2)] = process.argv[++i];
}

// --- helpers ----------------------------------------------------------------------------------------

function seeded(seed) {  // mulberry32: a small, fixed-seed generator
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const sign = (secret, body) => "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
const pad6 = (n) => String(n).padStart(6, "0");
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const range = (n) => Array.from({ length: n }, (_, i) => i);

class Client {
  constructor(port, sockets, timeoutMs = 60000) {
    this.port = port;
    this.timeoutMs = timeoutMs;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  }
  request(method, path, { token, body, headers = {} } = {}) {
    return new Promise((resolve) => {
      const h = { ...headers };
      if (token) h.Authorization = `Bearer ${token}`;
      let payload;
      if (body !== undefined) {
        payload = typeof body === "string" ? body : JSON.stringify(body);
        h["Content-Type"] = "application/json";
        h["Content-Length"] = Buffer.byteLength(payload);
      }
      const start = process.hrtime.bigint();
      const elapsed = () => Number(process.hrtime.bigint() - start) / 1e6;
      const options = { host: "127.0.0.1", port: this.port, method, path, headers: h, agent: this.agent };
      const req = http.request(options, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString(), ms: elapsed() }));
        res.on("error", (e) => resolve({ status: 0, body: e.message, ms: elapsed() }));
      });
      req.on("error", (e) => resolve({ status: 0, body: e.message, ms: elapsed() }));
      req.setTimeout(this.timeoutMs,
        () => req.destroy(new Error(`timeout: no answer within ${this.timeoutMs / 1000} s`)));
      if (payload !== undefined) req.write(payload);
      req.end();
    });
  }
  close() {
    this.agent.destroy();
  }
}

function summary(latencies, wallMs) {
  const s = Float64Array.from(latencies).sort();
  const q = (p) => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(p * s.length) - 1))] : null);
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: s.length ? s[s.length - 1] : null,
           rps: wallMs > 0 ? s.length / (wallMs / 1000) : null };
}

class Errors {
  constructor() {
    this.count = 0;
    this.samples = [];
  }
  check(res, ok = (r) => r.status >= 200 && r.status < 300, what = "") {
    if (ok(res)) return true;
    this.count++;
    if (this.samples.length < 5) this.samples.push(`${what}${res.status} ${String(res.body).slice(0, 200)}`);
    return false;
  }
}

async function openSession(client, secret, practice, roles, who) {
  const handshake = {
    timestamp: new Date().toISOString(),
    user: { id: `user-${practice}-${who}`, email: `${who}@example.com`, name: `Bench ${who}`, partner_roles: roles },
    practice: { id: practice, name: `Practice ${practice}` },
    integration: { id: "int-bench" },
    access_context: "standard",
  };
  const body = JSON.stringify(handshake);
  const hs = await client.request("POST", "/hint/handshake",
    { body, headers: { "X-Hint-Signature": sign(secret, body) } });
  if (hs.status !== 200) throw new Error(`handshake for ${practice} answered ${hs.status}: ${hs.body}`);
  const ex = await client.request("POST", "/api/session/exchange",
    { body: { session_key: JSON.parse(hs.body).session_key, surface: "core_page" } });
  if (ex.status !== 200) throw new Error(`exchange for ${practice} answered ${ex.status}: ${ex.body}`);
  return { token: JSON.parse(ex.body).token, handshakeMs: hs.ms, exchangeMs: ex.ms };
}

// The server's CPU time (user + system) from /proc, in milliseconds.
function serverCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;  // utime, stime in 1/100 s
}

// Waits (bounded) until the server is idle: under 10% of a core over 250 ms. Between routes, so that
// work a route left behind (an abandoned slow request, background processing) is not charged to the next.
async function settle(pid, limitMs = 900000) {
  if (!pid) return 0;
  const t0 = performance.now();
  let before = serverCpuMs(pid);
  while (performance.now() - t0 < limitMs) {
    await sleep(250);
    const now = serverCpuMs(pid);
    if (now - before <= 25) break;
    before = now;
  }
  return performance.now() - t0;
}

// One route: warm-up (up to 5 requests, 5 s), then `sequential` requests one after the other, then
// `clients` at once of `perClient` each. Each phase stops sending after `budgetMs` (a route too slow to
// finish in time is measured on what it answered, and says so); the concurrent phase is skipped when
// a sequential request takes more than 2 s at the median (16 at once would only queue behind each
// other, and the target is out of reach anyway). `route.prepare(client, r, c)` (optional) makes each
// client's own state (e.g. its draft); `route.call(client, r, state)` makes one request.
async function measure(client, route, { seed, sequential, clients, perClient, budgetMs, serverPid }) {
  const settledMs = await settle(serverPid);
  const errors = new Errors();
  const ok = route.ok;
  const prepare = route.prepare ?? (async () => ({}));
  const warm = seeded(seed);
  const warmState = await prepare(client, warm, "warm-up", errors);
  let t0 = performance.now();
  for (let i = 0; i < 5 && performance.now() - t0 < Math.min(5000, budgetMs); i++) {
    errors.check(await route.call(client, warm, warmState), ok);
  }

  const rs = seeded(seed + 1);
  const seqState = await prepare(client, rs, "sequential", errors);
  const seqLatencies = [];
  t0 = performance.now();
  for (let i = 0; i < sequential && performance.now() - t0 < budgetMs; i++) {
    const res = await route.call(client, rs, seqState);
    seqLatencies.push(res.ms);
    errors.check(res, ok);
  }
  const seqWall = performance.now() - t0;
  const seq = { ...summary(seqLatencies, seqWall), asked: sequential };

  let conc = { n: 0, p50: null, p95: null, p99: null, max: null, rps: null, asked: clients * perClient,
               skipped: "sequential median over 2 s" };
  if (seq.p50 !== null && seq.p50 <= 2000) {
    const generators = range(clients).map((c) => seeded(seed * 7919 + 101 + c));
    const states = await Promise.all(range(clients).map((c) => prepare(client, generators[c], c, errors)));
    const latencies = [];
    t0 = performance.now();
    await Promise.all(range(clients).map(async (c) => {
      for (let i = 0; i < perClient && performance.now() - t0 < budgetMs; i++) {
        const res = await route.call(client, generators[c], states[c]);
        latencies.push(res.ms);
        errors.check(res, ok);
      }
    }));
    conc = { ...summary(latencies, performance.now() - t0), asked: clients * perClient };
  }
  return { name: route.name, seq, conc, clients, settled_ms: settledMs, errors: errors.count,
           error_samples: errors.samples };
}

// Signed Hint patient.updated events for patients of the practice (their stored bodies, a newer
// updated_at), distinct event ids, `clients` at once for `seconds`.
async function ingest(client, secret, meta, { seconds, clients, tag }) {
  const errors = new Errors();
  const latencies = [];
  const base = Date.now();
  let next = 0;
  const deadline = performance.now() + seconds * 1000;
  const t0 = performance.now();
  await Promise.all(range(clients).map(async () => {
    while (performance.now() < deadline) {
      const k = next++;
      const sample = meta.samples[k % meta.samples.length];
      const body = JSON.stringify({
        id: `evt-bench-${tag}-${k}`,
        created_at: new Date(base + k).toISOString(),
        type: "patient.updated",
        practice_id: meta.practice,
        object: { ...sample.body, updated_at: new Date(base + k).toISOString() },
      });
      const res = await client.request("POST", "/webhooks/hint",
        { body, headers: { "X-Hint-Signature": sign(secret, body) } });
      latencies.push(res.ms);
      errors.check(res, (r) => r.status === 200 && JSON.parse(r.body).duplicate === false, "webhook: ");
    }
  }));
  const wall = performance.now() - t0;
  const result = { ...summary(latencies, wall), clients, seconds, errors: errors.count, error_samples: errors.samples };
  return { result, latencies };
}

async function inboxPending(client) {
  const res = await client.request("GET", "/metrics");
  const line = res.body.split("\n").find((l) => l.startsWith("hearbridge_webhook_inbox_pending "));
  return line ? Number(line.split(" ")[1]) : NaN;
}

// Polls /metrics every 100 ms until nothing is pending (bounded); the time it took.
async function drain(client, limitMs = 300000) {
  const t0 = performance.now();
  while (performance.now() - t0 < limitMs) {
    if ((await inboxPending(client)) === 0) return performance.now() - t0;
    await sleep(100);
  }
  return null;
}

const encode = encodeURIComponent;

function routes(meta, tokens, noteIds, staticPath) {
  const patient = (r) => `pat-bench-${pad6(Math.floor(r() * meta.patients))}`;
  const letters = (n) => new RegExp(`^\\p{L}{${n}}`, "u");
  const prefixes = meta.samples.map((s) => s.last.slice(0, 2)).filter((p) => letters(2).test(p));
  const fragments = meta.samples.map((s) => s.last.slice(1, 4)).filter((p) => letters(3).test(p));
  const dobs = meta.samples.map((s) => s.dob);
  const get = (name, path, token) =>
    ({ name, call: (client, r) => client.request("GET", path(r), { token: token && tokens[token] }) });
  const search = (r, list) => `/api/patients?query=${encode(pick(r, list))}`;
  const list = [
    get("GET /healthz", () => "/healthz"),
    get("GET /metrics", () => "/metrics"),
    get("GET /hint/core_page (app shell)", () => "/hint/core_page"),
  ];
  if (staticPath) list.push(get("GET /static/…/app.js", () => staticPath));
  list.push(
    get("GET /api/session", () => "/api/session", "clinician"),
    get("GET /api/session/recovery-key", () => "/api/session/recovery-key", "clinician"),
    get("GET /api/patients/{id}", (r) => `/api/patients/${patient(r)}`, "clinician"),
    get("GET /api/patients/{id}/hearing", (r) => `/api/patients/${patient(r)}/hearing`, "clinician"),
    get("GET /api/patients?query=<2-letter prefix>", (r) => search(r, prefixes), "clinician"),
    get("GET /api/patients?query=<3-letter fragment>", (r) => search(r, fragments), "clinician"),
    get("GET /api/patients?query=<full name>", (r) => {
      const s = pick(r, meta.samples);
      return `/api/patients?query=${encode(`${s.first} ${s.last}`)}`;
    }, "clinician"),
    get("GET /api/patients?query=<dob>", (r) => search(r, dobs), "clinician"),
    get("GET /api/patients?query= (all, by name)", () => "/api/patients?query=", "clinician"),
    get("GET /api/worklist", () => "/api/worklist", "clinician"),
    get("GET /api/worklist?tests_offset=500", () => "/api/worklist?tests_offset=500&drafts_offset=40", "clinician"),
    get("GET /api/interactions?patient_id=", (r) =>
      `/api/interactions?patient_id=${r() < 0.5 ? pick(r, meta.note_patients) : patient(r)}`, "clinician"),
  );
  if (noteIds.length) {
    list.push(get("GET /api/interactions/{id}", (r) => `/api/interactions/${pick(r, noteIds)}`, "clinician"));
  }
  list.push(
    get("GET /api/settings", () => "/api/settings", "admin"),
    get("GET /api/settings/directory", () => "/api/settings/directory", "admin"),
    get("GET /api/admin/audit", () => "/api/admin/audit", "admin"),
    get("GET /api/admin/outbox", () => "/api/admin/outbox", "admin"),
    get("GET /api/admin/webhooks", () => "/api/admin/webhooks", "admin"),
    noteSave(meta, tokens),
  );
  return list;
}

const SENTENCES = [
  "Reports better hearing in quiet rooms.", "Struggles in restaurants and at family gatherings.",
  "Hearing aids worn most of the day.", "Tinnitus unchanged, not troublesome.", "Domes changed to closed.",
  "Programme adjusted for music.", "Advised on cleaning and battery care.", "Review in six months.",
];

// Each client saves its own draft: created first (POST), then PUT with If-Match = the version of the
// previous answer and a body that grows a sentence per save. A 409 or any non-2xx is an error.
function noteSave(meta, tokens) {
  return {
    name: "PUT /api/interactions/{id} (note save)",
    prepare: async (client, r, who, errors) => {
      const res = await client.request("POST", "/api/interactions", {
        token: tokens.clinician,
        body: { patient_id: `pat-bench-${pad6(Math.floor(r() * meta.patients))}`, title: `Bench note (${who})`,
                body: "Hearing review." },
      });
      if (!errors.check(res, (x) => x.status === 201, "create draft: ")) return null;
      const note = JSON.parse(res.body).note;
      return { id: note.id, version: note.version, title: note.title, body: note.body };
    },
    call: async (client, r, state) => {
      if (!state) return { status: 0, body: "no draft (its creation failed)", ms: 0 };
      state.body += " " + pick(r, SENTENCES);
      const res = await client.request("PUT", `/api/interactions/${state.id}`, {
        token: tokens.clinician,
        body: { title: state.title, body: state.body },
        headers: { "If-Match": `"${state.version}"` },
      });
      if (res.status === 200) state.version = JSON.parse(res.body).note.version;
      return res;
    },
  };
}

// The clinician of pra-bench must not see pra-other: its patient is 404 (record and hearing), and a name
// only pra-other has finds nothing; pra-other's own clinician finds both (so the probe is real).
async function scoping(client, tokens, meta) {
  const other = `pat-other-${pad6(0)}`;
  const name = meta.other_only_name;
  const checks = [];
  const add = (what, res, pass) => checks.push({ what, status: res.status, pass });
  let res = await client.request("GET", `/api/patients/${other}`, { token: tokens.clinician });
  add(`pra-bench GET /api/patients/${other} → 404`, res, res.status === 404);
  res = await client.request("GET", `/api/patients/${other}/hearing`, { token: tokens.clinician });
  add(`pra-bench GET /api/patients/${other}/hearing → 404`, res, res.status === 404);
  res = await client.request("GET", `/api/patients?query=${encode(name)}`, { token: tokens.clinician });
  add(`pra-bench search "${name}" → 0 found`, res, res.status === 200 && JSON.parse(res.body).total === 0);
  res = await client.request("GET", `/api/patients/${other}`, { token: tokens.other });
  add(`pra-other GET /api/patients/${other} → 200 (control)`, res, res.status === 200);
  res = await client.request("GET", `/api/patients?query=${encode(name)}`, { token: tokens.other });
  const found = res.status === 200 ? JSON.parse(res.body).total : -1;
  add(`pra-other search "${name}" → ${found} found, ≥ 1 (control)`, res, found >= 1);
  return { pass: checks.every((c) => c.pass), checks };
}

// --- modes ------------------------------------------------------------------------------------------

async function load() {
  const meta = JSON.parse(readFileSync(args.meta, "utf8"));
  const secret = args.secret;
  const seed = Number(args.seed ?? 1);
  const clients = Number(args.clients ?? 16);
  const opts = { seed, sequential: Number(args.sequential ?? 200), clients, perClient: Number(args["per-client"] ?? 100),
                 budgetMs: Number(args["route-seconds"] ?? 20) * 1000, serverPid: args["server-pid"] };
  const client = new Client(Number(args.port), clients, Number(args["request-timeout"] ?? 60) * 1000);
  try {
    const clinician = await openSession(client, secret, meta.practice, ["clinician"], "clinician");
    const admin = await openSession(client, secret, meta.practice, ["admin"], "admin");
    const other = await openSession(client, secret, meta.other_practice, ["clinician"], "clinician");
    const tokens = { clinician: clinician.token, admin: admin.token, other: other.token };

    // Webhook ingest first; its processing then finishes before the reads are timed.
    await settle(opts.serverPid);
    const { result: ingested } = await ingest(client, secret, meta,
      { seconds: Number(args["ingest-seconds"] ?? 3), clients, tag: `${meta.patients}-${Date.now().toString(36)}` });
    const drainMs = await drain(client);

    const noteIds = [];
    for (const id of meta.note_patients) {
      const res = await client.request("GET", `/api/interactions?patient_id=${id}`, { token: tokens.clinician });
      if (res.status === 200) for (const note of JSON.parse(res.body).notes ?? []) noteIds.push(note.id);
    }
    const shell = await client.request("GET", "/hint/core_page");
    const staticPath = (shell.body.match(/\/static\/[^"'\s]+\/app\.js/) ?? [])[0];

    const results = [];
    for (const [i, route] of routes(meta, tokens, noteIds, staticPath).entries()) {
      results.push(await measure(client, route, { ...opts, seed: seed * 1000 + i * 10 }));
      process.stderr.write(".");
    }
    process.stderr.write("\n");
    const scope = await scoping(client, tokens, meta);
    const errors = results.reduce((n, r) => n + r.errors, 0) + ingested.errors;
    console.log(JSON.stringify({
      patients: meta.patients, other_patients: meta.other_patients, fill: meta.fill, options: opts,
      sessions: { handshake_ms: clinician.handshakeMs, exchange_ms: clinician.exchangeMs },
      routes: results, ingest: ingested, drain_ms: drainMs, note_ids: noteIds.length, scoping: scope, errors,
    }));
  } finally {
    client.close();
  }
}

// The inbox purge, outbox cleanup and session sweep at work, with note saves and webhooks meanwhile.
async function housekeeping() {
  const meta = JSON.parse(readFileSync(args.meta, "utf8"));
  const secret = args.secret;
  const clients = Number(args.clients ?? 16);
  const startedAt = Number(args["started-at"]);
  const retention = Number(args.retention);
  const db = args.db;
  const client = new Client(Number(args.port), clients);
  const since = () => (Date.now() - startedAt) / 1000;
  const startSeconds = Math.floor(startedAt / 1000);
  const query = [
    `SELECT (SELECT COUNT(*) FROM webhook_inbox WHERE received_at < ${startSeconds - Math.max(7 * 86400, retention)}),`,
    `(SELECT COUNT(*) FROM webhook_inbox WHERE body IS NOT NULL AND status <> 'pending' AND received_at < ${startSeconds - retention}),`,
    `(SELECT COUNT(*) FROM outbox WHERE status = 'done' AND updated_at < ${startSeconds - 30 * 86400}),`,
    "(SELECT COUNT(*) FROM sessions WHERE id >= 'bench-exp-' AND id < 'bench-exp.');",
    "PRAGMA freelist_count;",
  ].join(" ");
  const poll = () => new Promise((resolve) => {
    execFile("sqlite3", ["-readonly", db, query], (error, stdout) => {
      if (error) return resolve(null);
      const lines = stdout.trim().split("\n");
      const [rows, bodies, outbox, sessions] = lines[0].split("|").map(Number);
      resolve({ rows, bodies, outbox, sessions, free: Number(lines[1]), at: since() });
    });
  });
  const fileBytes = () => {
    const size = (f) => { try { return statSync(f).size; } catch { return 0; } };
    return { main: size(db), wal: size(`${db}-wal`) };
  };

  const first = await poll();
  const state = { first, last: first, beganAt: null, sessionsGoneAt: null, rowsGoneAt: null, outboxGoneAt: null,
                  purgeDoneAt: null,
                  reclaimedAt: null, filesAtPurgeEnd: null };
  let polling = true;
  const poller = (async () => {
    while (polling) {
      const s = await poll();
      if (s) {
        state.last = s;
        // Housekeeping runs a minute after the server starts (never before its "listening" line).
        if (state.beganAt === null && first && (s.rows < first.rows || s.bodies < first.bodies ||
            s.outbox < first.outbox || s.sessions < first.sessions)) state.beganAt = s.at;
        if (state.sessionsGoneAt === null && s.sessions === 0) state.sessionsGoneAt = s.at;
        if (state.rowsGoneAt === null && s.rows === 0 && s.bodies === 0) state.rowsGoneAt = s.at;
        if (state.outboxGoneAt === null && s.outbox === 0) state.outboxGoneAt = s.at;
        if (state.purgeDoneAt === null && s.rows === 0 && s.bodies === 0 && s.outbox === 0 && s.sessions === 0) {
          state.purgeDoneAt = s.at;
          state.filesAtPurgeEnd = fileBytes();
        }
        // Reclaimed: at most one step's worth (1,024 pages) of free pages left.
        if (state.purgeDoneAt !== null && state.reclaimedAt === null && s.free <= 1024) state.reclaimedAt = s.at;
      }
      await sleep(1000);
    }
  })();

  const errors = new Errors();
  try {
    // Handshakes never sweep (a background thread does, a minute after start): both should be quick.
    const clinician = await openSession(client, secret, meta.practice, ["clinician"], "clinician");
    const second = await openSession(client, secret, meta.practice, ["clinician"], "clinician");
    const tokens = { clinician: clinician.token };
    const save = noteSave(meta, tokens);
    const during = { save: [], ingest: [], ingestEvents: 0, ingestMs: 0 };
    const after = { save: [], ingest: [], ingestEvents: 0, ingestMs: 0 };
    const round = async (into, saves, seconds, k) => {
      const generators = range(clients).map((c) => seeded(9000 + k * 100 + c));
      const states = await Promise.all(range(clients).map((c) => save.prepare(client, generators[c], `hk ${k}.${c}`, errors)));
      await Promise.all(range(clients).map(async (c) => {
        for (let i = 0; i < saves; i++) {
          const res = await save.call(client, generators[c], states[c]);
          into.save.push(res.ms);
          errors.check(res);
        }
      }));
      const { result, latencies } = await ingest(client, secret, meta,
        { seconds, clients, tag: `hk-${k}-${Date.now().toString(36)}` });
      into.ingest.push(...latencies);
      into.ingestEvents += result.n;
      into.ingestMs += result.rps ? (result.n / result.rps) * 1000 : 0;
      errors.count += result.errors;
      errors.samples.push(...result.error_samples.slice(0, Math.max(0, 5 - errors.samples.length)));
    };
    const limitS = Number(args["limit-seconds"] ?? 1800);
    let k = 0;
    while (state.beganAt === null && state.purgeDoneAt === null && since() < limitS) await sleep(250);
    while (state.purgeDoneAt === null && since() < limitS) await round(during, 20, 2, k++);
    const roundsDuring = k;
    while (state.reclaimedAt === null && since() < limitS) await sleep(500);
    await drain(client);
    await round(after, 20 * Math.max(1, Math.min(roundsDuring, 5)), 2 * Math.max(1, Math.min(roundsDuring, 5)), k++);
    polling = false;
    await poller;
    const filesAfter = fileBytes();
    const rate = (x) => (x.ingestMs > 0 ? x.ingestEvents / (x.ingestMs / 1000) : null);
    console.log(JSON.stringify({
      handshake_first_ms: clinician.handshakeMs, handshake_next_ms: second.handshakeMs,
      state, rounds_during: roundsDuring,
      during: { save: summary(during.save, 0), ingest: summary(during.ingest, 0), ingest_rate: rate(during) },
      after: { save: summary(after.save, 0), ingest: summary(after.ingest, 0), ingest_rate: rate(after) },
      files_before: { main: Number(args["file-bytes-before"]), wal: 0 }, files_after: filesAfter,
      fill: meta.fill, errors: errors.count, error_samples: errors.samples,
    }));
  } finally {
    polling = false;
    client.close();
  }
}

// --- tables -----------------------------------------------------------------------------------------

const num = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? "—" :
  v.toLocaleString("en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const int = (v) => num(v, 0);
const mark = (ok) => (ok ? "✓" : "✗");
const meets = (v, target) => v !== null && v !== undefined && v <= target;  // unmeasured is not met
const mb = (bytes) => `${num(bytes / 1048576, 1)} MB`;
const padEnd = (s, n) => String(s).padEnd(n);
const padStart = (s, n) => String(s).padStart(n);

function table(resultFile, serverFile) {
  const r = JSON.parse(readFileSync(resultFile, "utf8"));
  const s = JSON.parse(readFileSync(serverFile, "utf8"));
  const f = r.fill;
  const c = r.options.clients;
  console.log(`\n=== ${int(r.patients)} patients in pra-bench (pra-other: ${int(r.other_patients)}) ===`);
  console.log(`fill ${int(f.from)} → ${int(f.to)}, written directly into the store (not through webhooks): ` +
    `${int(f.patients)} patients, ${int(f.notes)} notes, ${int(f.rows)} rows in ${num(f.seconds)} s ` +
    `(${int(f.rows_per_second)} rows/s)`);
  console.log(`load: ${r.options.sequential} sequential + ${c}×${r.options.perClient} concurrent requests per route ` +
    `(each phase at most ${r.options.budgetMs / 1000} s), ${num(s.load_seconds)} s in all; milliseconds as the client ` +
    `saw them; targets p95 ≤ ${TARGET_SEQ_P95} ms sequential, ≤ ${TARGET_CONC_P95} ms at ${c}×`);
  const w = 46;
  console.log(`${padEnd("route", w)}${padStart("seq p50", 9)}${padStart("seq p95", 11)}${padStart(`${c}× p50`, 9)}` +
    `${padStart(`${c}× p95`, 11)}${padStart(`${c}× req/s`, 11)}${padStart("errors", 8)}`);
  for (const x of r.routes) {
    console.log(`${padEnd(x.name, w)}${padStart(num(x.seq.p50, 2), 9)}` +
      `${padStart(`${num(x.seq.p95, 2)} ${mark(meets(x.seq.p95, TARGET_SEQ_P95))}`, 11)}${padStart(num(x.conc.p50, 2), 9)}` +
      `${padStart(`${num(x.conc.p95, 2)} ${mark(meets(x.conc.p95, TARGET_CONC_P95))}`, 11)}` +
      `${padStart(int(x.conc.rps), 11)}${padStart(x.errors, 8)}`);
    if (x.seq.n < x.seq.asked) {
      console.log(`    sequential: ${x.seq.n} of ${x.seq.asked} requests within the ${r.options.budgetMs / 1000} s budget`);
    }
    if (x.conc.skipped) console.log(`    ${c}× skipped: ${x.conc.skipped}`);
    else if (x.conc.n < x.conc.asked) {
      console.log(`    ${c}×: ${x.conc.n} of ${x.conc.asked} requests within the ${r.options.budgetMs / 1000} s budget`);
    }
    for (const e of x.error_samples) console.log(`    error: ${e}`);
  }
  const g = r.ingest;
  console.log(`webhook ingest, POST /webhooks/hint (signed patient.updated, distinct ids, ${g.clients}× for ${g.seconds} s): ` +
    `${int(g.rps)} events/s, p50 ${num(g.p50, 2)} ms, p99 ${num(g.p99, 2)} ms, ${g.errors} errors; ` +
    `processed ${r.drain_ms === null ? "NOT within 300 s" : `${num(r.drain_ms / 1000, 1)} s after the last`}`);
  for (const e of g.error_samples) console.log(`    error: ${e}`);
  console.log(`session: handshake ${num(r.sessions.handshake_ms, 2)} ms, exchange ${num(r.sessions.exchange_ms, 2)} ms`);
  console.log(`scoping: ${r.scoping.pass ? "PASS" : "FAIL"}`);
  for (const x of r.scoping.checks) console.log(`    ${x.pass ? "pass" : "FAIL"}  ${x.what} (answered ${x.status})`);
  const rss = s.rss_kb / 1024, hwm = s.hwm_kb / 1024;
  console.log(`server RSS after the load: ${num(rss)} MB ${mark(rss <= TARGET_RSS_MB)}, peak (VmHWM) ${num(hwm)} MB ` +
    `${mark(hwm <= TARGET_RSS_MB)}   target ≤ ${TARGET_RSS_MB} MB`);
  console.log(`restart to /healthz 200: ${int(s.restart_ms)} ms ${mark(s.restart_ms <= TARGET_RESTART_MS)} ` +
    `(SIGTERM → exit ${int(s.stop_ms)} ms, start → 200 ${int(s.start_ms)} ms)   target ≤ ${int(TARGET_RESTART_MS)} ms`);
  console.log(`data file: ${mb(s.file_bytes)} (+ WAL ${mb(s.wal_bytes)}) after the restart`);
}

function growth(files) {
  const runs = files.map((f) => JSON.parse(readFileSync(f, "utf8"))).sort((a, b) => a.patients - b.patients);
  let failed = false;
  for (const r of runs) {
    if (r.errors > 0) failed = true;
    if (!r.scoping.pass) failed = true;
  }
  if (runs.length >= 2) {
    const small = runs[0], large = runs[runs.length - 1];
    const c = large.options.clients;
    console.log(`\n=== growth ${int(small.patients)} → ${int(large.patients)} patients: p95 at ${int(large.patients)} ÷ ` +
      `p95 at ${int(small.patients)} (target ≤ ${TARGET_GROWTH}×) ===`);
    const w = 46;
    console.log(`${padEnd("route", w)}${padStart("seq p95", 19)}${padStart("ratio", 10)}${padStart(`${c}× p95`, 21)}` +
      `${padStart("ratio", 10)}${padStart("seq p50 ratio", 15)}`);
    const ratio = (a, b) => (a > 0 && b !== null && b !== undefined ? b / a : null);
    const rows = large.routes.map((x) => [x.name, small.routes.find((y) => y.name === x.name), x]);
    rows.push(["webhook ingest (p95 of POST /webhooks/hint)", { seq: {}, conc: small.ingest }, { seq: {}, conc: large.ingest }]);
    for (const [name, a, b] of rows) {
      if (!a) continue;
      const rs = ratio(a.seq.p95, b.seq.p95), rc = ratio(a.conc.p95, b.conc.p95);
      const r50 = ratio(a.seq.p50, b.seq.p50);
      const cell = (x, y) => `${num(x, 2)} → ${num(y, 2)}`;
      const verdict = (v) => (v === null ? `— ${mark(false)}` : `${num(v, 2)}× ${mark(v <= TARGET_GROWTH)}`);
      const hasSeq = a.seq.p95 !== undefined;
      console.log(`${padEnd(name, w)}${padStart(hasSeq ? cell(a.seq.p95, b.seq.p95) : "—", 19)}` +
        `${padStart(hasSeq ? verdict(rs) : "", 10)}${padStart(cell(a.conc.p95, b.conc.p95), 21)}` +
        `${padStart(verdict(rc), 10)}${padStart(r50 === null ? "" : `${num(r50, 2)}×`, 15)}`);
    }
  }
  const errors = runs.reduce((n, r) => n + r.errors, 0);
  console.log(`\nrequests that failed: ${errors}; scoping: ${runs.every((r) => r.scoping.pass) ? "PASS" : "FAIL"}`);
  return failed ? 1 : 0;
}

function housekeepingTable(resultFile) {
  const r = JSON.parse(readFileSync(resultFile, "utf8"));
  const f = r.fill;
  const at = (v) => (v === null ? "not within the limit" : `${num(v, 1)} s after the start`);
  console.log(`\n=== housekeeping: ${int(f.inbox_rows)} processed inbox rows (~1 KB, received 8–30 days ago), ` +
    `${int(f.old_outbox_rows)} outbox jobs done > 30 days ago, ${int(f.expired_sessions)} expired sessions ===`);
  console.log(`added directly into the store: ${int(f.rows)} rows in ${num(f.seconds)} s (${int(f.rows_per_second)} rows/s)`);
  console.log(`housekeeping began: ${at(r.state.beganAt)}`);
  console.log(`first handshake: ${num(r.handshake_first_ms, 1)} ms; the next: ` +
    `${num(r.handshake_next_ms, 1)} ms`);
  console.log(`expired sessions gone: ${at(r.state.sessionsGoneAt)}`);
  console.log(`inbox: no row past max(7 days, retention) and no body past the retention: ${at(r.state.rowsGoneAt)}`);
  console.log(`old done outbox jobs gone: ${at(r.state.outboxGoneAt)}`);
  console.log(`free pages given back (≤ 1,024 left): ${at(r.state.reclaimedAt)}`);
  const w = 34;
  console.log(`${padEnd("", w)}${padStart("during housekeeping", 30)}${padStart("after it", 30)}`);
  console.log(`${padEnd("", w)}${padStart("p50", 10)}${padStart("p99", 10)}${padStart("n", 10)}` +
    `${padStart("p50", 10)}${padStart("p99", 10)}${padStart("n", 10)}`);
  const row = (name, a, b) => console.log(`${padEnd(name, w)}${padStart(num(a.p50, 2), 10)}${padStart(num(a.p99, 2), 10)}` +
    `${padStart(int(a.n), 10)}${padStart(num(b.p50, 2), 10)}${padStart(num(b.p99, 2), 10)}${padStart(int(b.n), 10)}`);
  row("note save PUT (16×), ms", r.during.save, r.after.save);
  row("webhook POST (16×), ms", r.during.ingest, r.after.ingest);
  console.log(`${padEnd("webhook ingest, events/s", w)}${padStart(int(r.during.ingest_rate), 30)}${padStart(int(r.after.ingest_rate), 30)}`);
  const fb = r.files_before, fp = r.state.filesAtPurgeEnd, fa = r.files_after;
  console.log(`data file: ${mb(fb.main)} before → ${fp ? `${mb(fp.main)} (+ WAL ${mb(fp.wal)}) when the purge was done` : "—"} → ` +
    `${mb(fa.main)} (+ WAL ${mb(fa.wal)}) at the end`);
  console.log(`requests that failed: ${r.errors}`);
  for (const e of r.error_samples) console.log(`    error: ${e}`);
  return r.errors > 0 ? 1 : 0;
}

if (mode === "load") await load();
else if (mode === "housekeeping") await housekeeping();
else if (mode === "table") table(process.argv[3], process.argv[4]);
else if (mode === "growth") process.exitCode = growth(process.argv.slice(3));
else if (mode === "housekeeping-table") process.exitCode = housekeepingTable(process.argv[3]);
else {
  console.error("usage: node api_load.mjs load|housekeeping|table|growth|housekeeping-table …");
  process.exitCode = 2;
}
