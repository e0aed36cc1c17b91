/**
 * Bundles the command-line tool (src/cli/main.ts) into dist/cli/, the program the `batchport`
 * bin runs (bin/batchport.mjs): plain JavaScript, so a command starts without a TypeScript
 * compiler in the process (ADR 0028).
 *
 * `validate` must start small and stay small: the identity commands (inversify, the SQL stores,
 * pino) are a separate chunk loaded only when one of them runs, and the workspace packages are
 * side-effect free, so what `validate` does not reach (pdfkit, the AWS SDK, express) is not in
 * its part of the bundle. Kept out of the bundle, as for the service: better-sqlite3 (a native
 * addon), pdfkit (reads its font files from its own folder) and pg-native (never loaded).
 */
import { build } from "esbuild";
import { rmSync } from "node:fs";
import process from "node:process";
import { URL, fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("..", import.meta.url));
rmSync(new URL("../dist/cli", import.meta.url), { recursive: true, force: true });

await build({
  absWorkingDir: appDir,
  entryPoints: { batchport: "src/cli/main.ts" },
  outdir: "dist/cli",
  outExtension: { ".js": ".mjs" },
  bundle: true,
  splitting: true,
  chunkNames: "chunks/[name]-[hash]",
  platform: "node",
  target: "node20",
  format: "esm",
  // No keepNames: its __name wrappers define a property on every closure made per record (about
  // 4% of validate's CPU); the command prints no class or function names.
  // The workspace packages' TypeScript sources, not their dist/ (ADR 0027).
  conditions: ["source"],
  sourcemap: "linked",
  external: ["better-sqlite3", "pdfkit", "pg-native"],
  // CommonJS packages in the bundle call require(); an ES module has to provide it.
  banner: { js: "import { createRequire as __batchportCreateRequire } from 'node:module'; const require = __batchportCreateRequire(import.meta.url);" },
  metafile: process.argv.includes("--analyze"),
  logLevel: "warning",
}).then(async (result) => {
  if (result.metafile) {
    const { analyzeMetafile } = await import("esbuild");
    process.stdout.write(await analyzeMetafile(result.metafile));
  }
});
