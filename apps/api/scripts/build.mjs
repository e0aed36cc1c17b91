/**
 * Bundles the service (src/main.ts and the workspace packages it imports) into dist/main.mjs, the
 * program `pnpm start` runs. Running the TypeScript sources through tsx, as the tests and the
 * command-line tool do, keeps a compiler and its source maps in a second thread of the process:
 * about 100 MB of RSS and a slower start for a long-running service.
 *
 * Kept out of the bundle, and so dependencies of this package: better-sqlite3 (a native addon
 * found next to its own files) and pdfkit (reads its font metrics from its own folder); pg-native
 * is pg's optional native binding, never loaded.
 *
 * The source map is written beside the bundle but not loaded by `pnpm start`: node's
 * --enable-source-maps holds it in memory (about 100 MB); add the flag when a stack trace must
 * name the TypeScript lines.
 */
import { build } from "esbuild";
import { URL, fileURLToPath } from "node:url";

const appDir = fileURLToPath(new URL("..", import.meta.url));

await build({
  absWorkingDir: appDir,
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.mjs",
  bundle: true,
  platform: "node",
  target: "node20",
  format: "esm",
  keepNames: true,
  // The workspace packages' TypeScript sources, not their dist/ (ADR 0027).
  conditions: ["source"],
  sourcemap: "linked",
  external: ["better-sqlite3", "pdfkit", "pg-native"],
  // CommonJS packages in the bundle call require(); an ES module has to provide it.
  banner: { js: "import { createRequire as __batchportCreateRequire } from 'node:module'; const require = __batchportCreateRequire(import.meta.url);" },
  logLevel: "warning",
});
