/**
 * Builds the workspace package in the current directory into dist/, the files its tarball ships
 * (ADR 0027):
 *
 *   dist/<entry>.js       an ES module bundle of the package's own sources (every bare import,
 *                         @batch/* included, stays an import), with a linked source map that
 *                         carries the TypeScript sources
 *   dist/<entry>.d.ts     the declarations of that entry rolled into one file by API Extractor
 *
 * The entries are read from package.json: every `exports` entry that has a "source" condition is
 * built to the file its "default" condition names. A package whose package.json has `apiReport`
 * also gets its public API compared with the report checked in under api/: a difference fails
 * the build (and so the test command) until the report is updated with `--update-api-report`
 * and reviewed with the change.
 *
 * The repository's LICENSE is copied beside package.json so that `pnpm pack` ships it.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { Extractor, ExtractorConfig } from "@microsoft/api-extractor";

const packageDir = process.cwd();
const rootDir = path.resolve(fileURLToPath(new URL("..", import.meta.url)));
const updateApiReport = process.argv.includes("--update-api-report");
const manifest = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));

const fail = (message) => {
  console.error(`build ${manifest.name}: ${message}`);
  process.exit(1);
};

/** `{ "./url": { source: "./src/blob-store-url.ts", default: "./dist/url.js" } }` -> [{ source, js, dts }] */
const entries = Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
  if (typeof target !== "object" || target === null || typeof target.source !== "string") return [];
  if (typeof target.default !== "string" || typeof target.types !== "string") {
    fail(`exports["${subpath}"] needs "types" and "default" beside "source"`);
  }
  return [{ subpath, source: target.source, js: target.default, dts: target.types }];
});
if (entries.length === 0) fail("no exports entry has a \"source\" condition");

const buildDir = path.join(packageDir, ".build");
rmSync(path.join(packageDir, "dist"), { recursive: true, force: true });
rmSync(buildDir, { recursive: true, force: true });
mkdirSync(buildDir, { recursive: true });

// 1. JavaScript: one bundle per entry; code shared by two entries goes to a chunk.
await build({
  absWorkingDir: packageDir,
  entryPoints: entries.map((entry) => ({ in: entry.source, out: entry.js.replace(/^\.\/dist\//, "").replace(/\.js$/, "") })),
  outdir: "dist",
  bundle: true,
  splitting: entries.length > 1,
  chunkNames: "chunks/[name]-[hash]",
  packages: "external",
  platform: "node",
  target: "node20",
  format: "esm",
  keepNames: true,
  sourcemap: "linked",
  conditions: ["source"],
  logLevel: "warning",
});

// 2. Declarations of the sources, then one rolled-up .d.ts per entry.
const typesDir = path.join(buildDir, "types");
writeFileSync(
  path.join(buildDir, "tsconfig.json"),
  JSON.stringify({
    extends: "../tsconfig.json",
    include: ["../src"],
    // Other workspace packages are read from their built dist/*.d.ts (built first: turbo build
    // dependsOn ^build), so only this package's sources are compiled.
    compilerOptions: { noEmit: false, declaration: true, emitDeclarationOnly: true, rootDir: "../src", outDir: "types", types: ["node"], customConditions: [] },
  }),
);
const require = createRequire(import.meta.url);
const tsc = require.resolve("typescript/bin/tsc");
const emitted = spawnSync(process.execPath, [tsc, "-p", path.join(buildDir, "tsconfig.json")], { cwd: packageDir, stdio: "inherit" });
if (emitted.status !== 0) fail("tsc could not emit the declarations");

for (const entry of entries) {
  const declarationOf = (file) => path.join(typesDir, path.relative("src", file).replace(/\.ts$/, ".d.ts"));
  const report = manifest.apiReport === true && entry.subpath === ".";
  const config = ExtractorConfig.prepare({
    configObject: {
      projectFolder: packageDir,
      mainEntryPointFilePath: declarationOf(entry.source),
      bundledPackages: [],
      compiler: {
        overrideTsconfig: {
          compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: true, types: ["node"], lib: ["ES2023"] },
          files: [declarationOf(entry.source)],
        },
      },
      apiReport: {
        enabled: report,
        reportFileName: `${manifest.name.replace(/^@batch\//, "")}.api.md`,
        reportFolder: path.join(packageDir, "api"),
        reportTempFolder: path.join(buildDir, "api"),
      },
      docModel: { enabled: false },
      tsdocMetadata: { enabled: false },
      dtsRollup: { enabled: true, untrimmedFilePath: path.join(packageDir, entry.dts) },
      messages: {
        compilerMessageReporting: { default: { logLevel: "warning" } },
        extractorMessageReporting: {
          default: { logLevel: "warning" },
          // The packages document their API in README.md and docs/, not with TSDoc release tags.
          "ae-missing-release-tag": { logLevel: "none" },
          // A type reachable from an export but not exported itself is listed in the report.
          "ae-forgotten-export": { logLevel: "none" },
          "ae-undocumented": { logLevel: "none" },
        },
        tsdocMessageReporting: { default: { logLevel: "none" } },
      },
    },
    configObjectFullPath: path.join(packageDir, "api-extractor.json"),
    packageJsonFullPath: path.join(packageDir, "package.json"),
  });
  const result = Extractor.invoke(config, { localBuild: updateApiReport, showVerboseMessages: false });
  if (result.apiReportChanged && !updateApiReport) {
    fail(
      `the public API of ${entry.subpath} differs from api/${manifest.name.replace(/^@batch\//, "")}.api.md. ` +
        `If the change is meant, run \`pnpm --filter ${manifest.name} build --update-api-report\` and commit the report.`,
    );
  }
  if (!result.succeeded) fail(`API Extractor failed on ${entry.subpath} (${result.errorCount} errors)`);
}

copyFileSync(path.join(rootDir, "LICENSE"), path.join(packageDir, "LICENSE"));
rmSync(buildDir, { recursive: true, force: true });
console.log(`build ${manifest.name}: ${entries.map((entry) => entry.js).join(", ")}`);
