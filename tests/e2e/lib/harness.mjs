// Browser-test harness: start the real server binary on port 0, a host page that frames the app
// like Hint does, and Debian's Chromium through playwright-core.
import { spawn } from "node:child_process";
import { createHmac } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const buildDir = path.join(repoRoot, "build");
export const artifactsDir = path.join(buildDir, "e2e");

// Flags that matter on a machine without internet (see README, "Browser tests").
const chromiumArgs = [
  "--headless", "--no-sandbox", "--disable-gpu", "--enable-unsafe-swiftshader", "--disable-quic",
  "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

// Spawns `binary` with `env` and resolves once its first stderr line (JSON) names the bound
// address. Every stderr line is kept in `logLines` (tests read them); stop() sends SIGTERM and waits.
async function spawnListening(name, binary, env) {
  const child = spawn(binary, [], { env: { ...process.env, ...env }, stdio: ["ignore", "inherit", "pipe"] });
  const logLines = [];
  const lines = readline.createInterface({ input: child.stderr });
  const address = await new Promise((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`${name} exited with ${code} before listening`)));
    lines.on("line", (line) => {
      logLines.push(line);
      if (logLines.length === 1) {
        try {
          resolve(JSON.parse(line).address);
        } catch {
          reject(new Error(`${name}'s first log line is not JSON: ${line}`));
        }
      }
    });
  });
  return {
    url: `http://${address}`,
    logLines,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
    },
  };
}

// Starts build/native/server/hearbridge (HEARBRIDGE_E2E_SERVER: another build of the binary) with
// `env` on 127.0.0.1:0 and a fresh data dir.
export async function startServer(env = {}) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "hearbridge-e2e-"));
  const binary = process.env.HEARBRIDGE_E2E_SERVER ?? path.join(buildDir, "native/server/hearbridge");
  const server = await spawnListening("hearbridge", binary,
    { HEARBRIDGE_LISTEN: "127.0.0.1:0", HEARBRIDGE_DATA_DIR: dataDir, ...env });
  return {
    ...server,
    dataDir,
    async stop() {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Polls `read()` until `check(value)` holds (state that arrives asynchronously, e.g. webhook
// deliveries): bounded in time, never a bare sleep.
export async function eventually(read, check, what, timeout = 20000) {
  const deadline = Date.now() + timeout;
  let last;
  while (Date.now() < deadline) {
    last = await read();
    if (check(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: still not true after ${timeout} ms; last value ${JSON.stringify(last).slice(0, 600)}`);
}

// A stand-in for Hint's page: frames `src` at 1024×768, on its own origin (another port).
export async function startHostPage() {
  const server = http.createServer((req, res) => {
    const src = new URL(req.url, "http://host").searchParams.get("src") ?? "";
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(`<!doctype html><html><body style="margin:0;background:#f4f6fa">
<iframe id="app" src="${src.replace(/"/g, "&quot;")}" width="1024" height="768"
        style="border:0;display:block"></iframe></body></html>`);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    pageFor: (appUrl) => `${origin}/?src=${encodeURIComponent(appUrl)}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

// Plays Hint's handshake: POSTs a signed launch (X-Hint-Signature: sha256=<hex HMAC-SHA256 of the
// raw body>) for `practice`/`user` and resolves with the session_key the server returns.
export async function signedHandshake(serverUrl, secret, { roles = ["clinician"], practiceName = "Zoë's Practice",
  userName = "Zoë Ñúñez-Łukasz", accessContext = "standard", practiceId = "pra-e2e" } = {}) {
  const [first, ...rest] = userName.split(" ");
  const body = JSON.stringify({
    timestamp: new Date().toISOString(),
    user: { id: "user-e2e", email: "clinician@example.com", name: userName, first_name: first,
            last_name: rest.join(" "), partner_roles: roles },
    practice: { id: practiceId, name: practiceName },
    integration: { id: "int-e2e" },
    access_token: "hint-access-token-e2e",
    access_context: accessContext,
  });
  const signature = "sha256=" + createHmac("sha256", secret).update(body).digest("hex");
  const response = await fetch(`${serverUrl}/hint/handshake`, {
    method: "POST", body, headers: { "Content-Type": "application/json", "X-Hint-Signature": signature },
  });
  const reply = await response.json();
  if (response.status !== 200 || !reply.session_key) {
    throw new Error(`handshake answered ${response.status}: ${JSON.stringify(reply)}`);
  }
  return reply.session_key;
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: chromiumArgs });
}

// Runs one spec: `spec(t)` registers steps with t.step(name, fn) and cleanups with t.cleanup(fn);
// steps then run in order (a failed step is reported and the rest still run), cleanups in reverse.
// t.browser is the shared Chromium; t.newPage() opens a page whose console is kept for reports.
export async function runSpec(title, spec, browser) {
  mkdirSync(artifactsDir, { recursive: true });
  const steps = [];
  const cleanups = [];
  const consoleLines = [];
  const t = {
    browser,
    step: (name, run) => steps.push({ name, run }),
    cleanup: (fn) => cleanups.push(fn),
    async newPage(options = { viewport: { width: 1100, height: 820 } }) {
      const page = await browser.newPage(options);
      page.on("console", (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
      page.on("pageerror", (error) => consoleLines.push(`[pageerror] ${error.message}`));
      cleanups.push(() => page.close());
      return page;
    },
  };
  let passed = 0;
  let failed = 0;
  console.log(`# ${title}`);
  try {
    await spec(t);
    for (const { name, run } of steps) {
      const started = Date.now();
      try {
        await run();
        passed++;
        console.log(`ok   ${name} (${Date.now() - started} ms)`);
      } catch (error) {
        failed++;
        console.log(`FAIL ${name}\n     ${String(error?.stack ?? error).split("\n").join("\n     ")}`);
      }
    }
  } catch (error) {
    failed++;
    console.log(`FAIL ${title}: setup failed\n     ${String(error?.stack ?? error)}`);
  } finally {
    for (const fn of cleanups.reverse()) await fn().catch(() => {});
  }
  if (failed && consoleLines.length) console.log(`browser console:\n  ${consoleLines.join("\n  ")}`);
  return { passed, failed };
}

// --- The sandbox (Hint and HearLink on localhost) -------------------------------------------------

// A free TCP port on 127.0.0.1 (closed again at once), so two processes can be told each other's URL.
export async function freePort() {
  const net = await import("node:net");
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Starts build/native/sandbox/hearbridge-sandbox (HEARBRIDGE_E2E_SANDBOX: another build) with `env`
// (SANDBOX_* settings; SANDBOX_LISTEN defaults to 127.0.0.1:0) and resolves once its first stderr
// line names the bound address. Every stderr line is kept in `logLines`.
export async function startSandbox(env = {}) {
  const binary = process.env.HEARBRIDGE_E2E_SANDBOX ?? path.join(buildDir, "native/sandbox/hearbridge-sandbox");
  const sandbox = await spawnListening("hearbridge-sandbox", binary, { SANDBOX_LISTEN: "127.0.0.1:0", ...env });
  const url = sandbox.url;
  return {
    ...sandbox,
    // GET/POST the sandbox's own endpoints (e.g. "/api/sandbox/deliveries") as JSON.
    async api(method, pathname, body) {
      const response = await fetch(url + pathname, {
        method, headers: body === undefined ? {} : { "Content-Type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json().catch(() => null) };
    },
  };
}

// Opens the sandbox's Hint chart with `query` (e.g. "launch=core_page&roles=clinician") and waits
// until its launch (signed handshake, server to server) has answered; returns the launch answer
// ({iframe_url, surface, handshake_status, context}).
export async function sandboxLaunch(page, demo, query) {
  // Leaving a page whose app still has words unsaved or a save in flight rightly raises the app's
  // beforeunload prompt, and Playwright's default answer (stay) cancels the navigation: wait, as a
  // clinician would, until every app on the page says it has nothing left to save.
  for (const frame of page.frames()) {
    await frame.waitForFunction(() => {
      const note = window.hearbridge && window.hearbridge.state && window.hearbridge.state.clinical &&
        window.hearbridge.state.clinical.note;
      return !note || !note.open || (!note.dirty && note.save !== "saving" && note.save !== "retrying");
    }, null, { timeout: 15000 }).catch((error) => {
      if (!frame.isDetached()) throw error;
    });
  }
  await page.goto(demo.hostPage(query));
  await page.waitForFunction(() => window.sandbox && window.sandbox.lastLaunch && !window.sandbox.launching, null, { timeout: 15000 });
  const result = await page.evaluate(() => window.sandbox.lastLaunch);
  if (result.error) throw new Error(`launch failed: ${result.error}`);
  return result;
}

// HearBridge and the sandbox wired to each other exactly as scripts/demo wires them (fresh secrets,
// each told the other's URL); `serverEnv`/`sandboxEnv` add or override settings. Resolves with
// {server, sandbox, hostPage(query), secrets, stop()}; hostPage("launch=core_page&roles=admin") is the
// sandbox's Hint chart URL.
export async function startDemo({ serverEnv = {}, sandboxEnv = {} } = {}) {
  const { randomBytes } = await import("node:crypto");
  const secret = () => randomBytes(32).toString("hex");
  const secrets = { hint: secret(), hintApiKey: secret(), hearlinkApiKey: secret(), hearlink: secret() };
  const [serverPort, sandboxPort] = [await freePort(), await freePort()];
  const serverUrl = `http://127.0.0.1:${serverPort}`;
  const sandboxUrl = `http://127.0.0.1:${sandboxPort}`;
  const server = await startServer({
    HEARBRIDGE_LISTEN: `127.0.0.1:${serverPort}`,
    HEARBRIDGE_PUBLIC_URL: serverUrl,
    HEARBRIDGE_FRAME_ANCESTORS: sandboxUrl,
    HEARBRIDGE_HINT_SDK_URL: `${sandboxUrl}/hint-sdk.js`,
    HINT_WEBHOOK_SECRET: secrets.hint,
    HINT_API_URL: sandboxUrl,
    HINT_API_KEY: secrets.hintApiKey,
    HINT_PARTNER_ID: "ptn-sandbox01",
    HEARLINK_API_URL: `${sandboxUrl}/hearlink/api`,
    HEARLINK_WEBHOOK_SECRETS: `pra-sandbox01:${secrets.hearlink}`,
    ...serverEnv,
  });
  let sandbox;
  try {
    sandbox = await startSandbox({
      SANDBOX_LISTEN: `127.0.0.1:${sandboxPort}`,
      SANDBOX_PUBLIC_URL: sandboxUrl,
      SANDBOX_HEARBRIDGE_URL: serverUrl,
      SANDBOX_HINT_WEBHOOK_SECRET: secrets.hint,
      SANDBOX_HINT_PARTNER_ID: "ptn-sandbox01",
      SANDBOX_HINT_API_KEY: secrets.hintApiKey,
      SANDBOX_HEARLINK_API_KEY: secrets.hearlinkApiKey,
      SANDBOX_HEARLINK_WEBHOOK_SECRET: secrets.hearlink,
      SANDBOX_TIME_SCALE: "3600",
      ...sandboxEnv,
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    server,
    sandbox,
    secrets,
    hostPage: (query = "") => `${sandbox.url}/${query ? "?" + query : ""}`,
    async stop() {
      await sandbox.stop();
      await server.stop();
    },
  };
}
