export * from "./kernel";
export * from "./money";
export * from "./banking";
export * from "./ports";
export * from "./records";
export * from "./ap-batch";
export * from "./use-cases/ap";
