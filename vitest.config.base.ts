/**
 * Shared vitest configuration: every package's `vitest.config.ts` re-exports it.
 *
 * Workspace packages export their TypeScript sources under the "source" condition and their
 * built `dist/` files otherwise (ADR 0027). Tests run on the sources, so no build is needed
 * before a test and a change in one package is seen at once by the packages that import it.
 */
import process from "node:process";
import { defineConfig } from "vitest/config";

// "source" first, then vite's server defaults ("development|production" is its placeholder for the mode), less
// "module": named here it also picked the untranspiled ES builds of CommonJS-first packages (the
// AWS SDK's dist-es, whose extensionless imports Node cannot load) for externalized dependencies.
const conditions = ["source", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    // Child processes a test starts (`node --import tsx src/main.ts`, a worker, a script) resolve
    // the workspace packages the same way, whoever writes the spawn.
    env: { NODE_OPTIONS: [process.env.NODE_OPTIONS, "--conditions=source"].filter((option) => option !== undefined && option !== "").join(" ") },
  },
});
