// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";



export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "**/.turbo/**", "data/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { ecmaVersion: 2023, sourceType: "module" } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "off",
    },
  },
  {
    // The core is pure: no I/O, no clocks, no randomness (docs/adr/0002-pure-core.md).
    files: ["packages/core/src/**/*.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "process", message: "no process in core" }, { name: "crypto", message: "ids come from the command" }],
      "no-restricted-syntax": [
        "error",
        { selector: "MemberExpression[object.name='Date'][property.name='now']", message: "Date.now is forbidden in @batch/core" },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: "new Date() is forbidden in @batch/core" },
        { selector: "MemberExpression[object.name='Math'][property.name='random']", message: "Math.random is forbidden in @batch/core" },
        { selector: "Identifier[name='randomUUID']", message: "randomUUID is forbidden in @batch/core" },
      ],
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            { regex: "^(?!effect(/|$)|\\.\\.?/)", message: "@batch/core may import only effect and its own files." },
          ],
        },
      ],
    },
  },
);
