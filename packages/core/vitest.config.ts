// Tests run on the workspace packages' TypeScript sources (the "source" export condition).
export { default } from "../../vitest.config.base.ts";
