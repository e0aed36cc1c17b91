// Adds up the vitest JSON reports of every package and prints one closing line, "N passed, N failed".
// Fails when no test ran at all, so a green run always means tests ran.
import { readFileSync, existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

let passed = 0, failed = 0, skipped = 0, files = 0;
// examples/embed is the example consumer that scripts/test-embed.mjs installs from the packed tarballs.
for (const group of ["packages", "apps", "examples"]) {
  if (!existsSync(group)) continue;
  for (const dir of readdirSync(group)) {
    const report = join(group, dir, "test-results.json");
    if (!existsSync(report)) continue;
    const r = JSON.parse(readFileSync(report, "utf8"));
    files += 1;
    passed += r.numPassedTests;
    failed += r.numFailedTests;
    skipped += r.numPendingTests + r.numTodoTests;
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
if (files === 0 || passed === 0 || failed > 0) process.exit(1);
