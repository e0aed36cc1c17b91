/**
 * The packages as a user gets them (ADR 0027), part of the test command after the build:
 *
 * 1. `pnpm pack` each published package into .packs/ and check every tarball: its manifest has
 *    no `workspace:` or `catalog:` left, names a licence and a repository, and every file its
 *    `exports` map points at is inside it; nothing from src/ or test/ is.
 * 2. Install examples/embed (a plain Node project outside the workspace) from the tarballs with
 *    plain `npm install`, type-check and compile it with tsc (NodeNext, as a Node user would),
 *    run its program, and run its tests (its own property test and the testkit's contract suite
 *    on its own repository). The tests' vitest report joins the closing summary.
 *
 * Prints each tarball's size and the example's output.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const packs = path.join(root, ".packs");
const example = path.join(root, "examples/embed");
export const PUBLISHED = ["core", "testkit", "store-sql", "blob-fs", "blob-s3", "codecs"];

const run = (command, args, cwd, options = {}) => {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", stdio: options.capture ? "pipe" : "inherit", env: { ...process.env, ...options.env } });
  if (result.status !== 0) {
    if (options.capture) process.stderr.write(`${result.stdout ?? ""}${result.stderr ?? ""}`);
    console.error(`test-embed: \`${command} ${args.join(" ")}\` failed in ${path.relative(root, cwd) || "."} (exit ${result.status})`);
    process.exit(1);
  }
  return result.stdout ?? "";
};

const failures = [];
const check = (ok, message) => {
  if (!ok) failures.push(message);
};

// 1. Pack and check.
rmSync(packs, { recursive: true, force: true });
mkdirSync(packs, { recursive: true });
const pnpm = path.join(root, "node_modules/.bin/pnpm");
const sizes = [];
for (const name of PUBLISHED) {
  const dir = path.join(root, "packages", name);
  if (!existsSync(path.join(dir, "dist"))) {
    console.error(`test-embed: packages/${name}/dist is missing: build first (pnpm build)`);
    process.exit(1);
  }
  const packed = JSON.parse(run(pnpm, ["pack", "--json", "--pack-destination", packs], dir, { capture: true }));
  const tarball = packed.filename;
  const files = packed.files.map((file) => file.path);
  const listing = run("tar", ["-xzOf", tarball, "package/package.json"], packs, { capture: true });
  const manifest = JSON.parse(listing);
  const specs = ["dependencies", "peerDependencies", "optionalDependencies"].flatMap((field) => Object.entries(manifest[field] ?? {}));
  for (const [dep, spec] of specs) check(!/^(workspace|catalog):/.test(spec), `${manifest.name}: ${dep} is still "${spec}" in the packed manifest`);
  check(manifest.license === "Apache-2.0", `${manifest.name}: license is ${manifest.license}`);
  check(typeof manifest.repository?.url === "string", `${manifest.name}: no repository`);
  check(manifest.private !== true, `${manifest.name}: private`);
  for (const required of ["LICENSE", "README.md", "package.json"]) check(files.includes(required), `${manifest.name}: ${required} is not in the tarball`);
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    check(target.source === undefined, `${manifest.name}: exports["${subpath}"] still has the "source" condition`);
    for (const file of [target.types, target.default]) check(files.includes(file.replace(/^\.\//, "")), `${manifest.name}: exports["${subpath}"] names ${file}, not in the tarball`);
  }
  check(!files.some((file) => /^(src|test|bench)\//.test(file)), `${manifest.name}: ships sources or tests`);
  // `tar -tvzf`: "-rw-r--r-- 0/0 12345 date time package/..." (the size is the third column).
  const unpacked = run("tar", ["-tvzf", tarball], packs, { capture: true })
    .split("\n")
    .filter((line) => line.trim() !== "")
    .reduce((sum, line) => sum + Number(line.trim().split(/\s+/)[2]), 0);
  sizes.push({ name: manifest.name, file: path.basename(tarball), packed: statSync(tarball).size, unpacked, files: files.length });
}
if (failures.length > 0) {
  console.error(`test-embed: the tarballs are not what a user can install:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("\nPacked tarballs (.packs/):");
for (const s of sizes) console.log(`  ${s.file.padEnd(28)} ${(s.packed / 1024).toFixed(1).padStart(7)} KiB packed, ${(s.unpacked / 1024).toFixed(1).padStart(7)} KiB unpacked, ${s.files} files`);

// 2. The example consumer, from the tarballs only.
rmSync(path.join(example, "node_modules"), { recursive: true, force: true });
rmSync(path.join(example, "dist"), { recursive: true, force: true });
rmSync(path.join(example, "test-results.json"), { force: true });
const npmEnv = { npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" };
console.log("\nexamples/embed: npm install (from .packs/*.tgz and the npm registry)");
run("npm", ["install", "--no-package-lock", "--no-audit", "--no-fund", "--loglevel=error"], example, { env: npmEnv });
const linked = readFileSync(path.join(example, "node_modules/@batch/core/package.json"), "utf8");
check(!JSON.parse(linked).exports["."].source, "examples/embed: @batch/core was not installed from the tarball");
console.log("examples/embed: tsc (NodeNext)");
run(path.join(example, "node_modules/.bin/tsc"), ["-p", "tsconfig.json"], example);
console.log("examples/embed: node dist/src/life-cycle.js");
const output = run(process.execPath, ["dist/src/life-cycle.js"], example, { capture: true });
process.stdout.write(output.replace(/^/gm, "  "));
console.log("examples/embed: vitest run");
run(
  path.join(example, "node_modules/.bin/vitest"),
  ["run", "--dir", "test", "--testTimeout=60000", "--reporter=default", "--reporter=json", "--outputFile.json=test-results.json"],
  example,
);
if (failures.length > 0) {
  console.error(`test-embed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
