// Checks the hexagon mechanically: dependencies point inward, core imports only effect, no cycles.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "core-imports-only-effect",
      severity: "error",
      comment: "@batch/core is pure: it may import effect and its own files, nothing else (no node:*, drivers, express, inversify).",
      from: { path: "^packages/core/src" },
      to: { pathNot: ["^packages/core/src", "node_modules/effect/", "node_modules/fast-check/", "node_modules/@standard-schema/"] },
    },
    {
      name: "no-circular",
      severity: "error",
      comment: "No import cycles that exist at run time; a cycle made only of `import type` edges is erased by the compiler and allowed.",
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ["type-only"] } },
    },
    {
      name: "adapters-do-not-import-the-app",
      severity: "error",
      from: { path: "^packages/" },
      to: { path: "^apps/" },
    },
    {
      name: "core-does-not-import-adapters",
      severity: "error",
      from: { path: "^packages/(core|testkit)/" },
      to: { path: "^packages/(store-sql|blob-fs|blob-s3|codecs)/" },
    },
    {
      name: "not-to-unresolvable",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["node_modules", "\\.turbo", "dist", "\\.build"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.base.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["source", "import", "require", "node", "default", "types"], extensions: [".ts", ".js", ".cjs", ".mjs", ".json"] },
    combinedDependencies: true,
  },
};
