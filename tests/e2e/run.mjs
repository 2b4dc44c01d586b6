// Browser tests, run by scripts/test after the native suites: every module in specs/ (in name
// order) default-exports `async (t) => { … }` and adds named steps with `t.step(name, fn)`.
// One Chromium serves all specs; each spec starts the servers it needs. Exit code 1 on any failure.
// Run one spec: node tests/e2e/run.mjs <substring of its file name>
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launchBrowser, runSpec } from "./lib/harness.mjs";

const specsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), "specs");
const filter = process.argv[2] ?? "";
const files = readdirSync(specsDir).filter((f) => f.endsWith(".mjs") && f.includes(filter)).sort();

const browser = await launchBrowser();
const total = { passed: 0, failed: 0 };
try {
  for (const file of files) {
    const spec = (await import(path.join(specsDir, file))).default;
    const result = await runSpec(file, spec, browser);
    total.passed += result.passed;
    total.failed += result.failed;
  }
} finally {
  await browser.close();
}
if (files.length === 0) total.failed++;  // a filter that matches nothing is a mistake, not a pass
console.log(`${total.passed} passed, ${total.failed} failed`);
process.exit(total.failed === 0 ? 0 : 1);
