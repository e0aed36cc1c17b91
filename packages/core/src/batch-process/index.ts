export * from "./batch-process";
export * from "./batch-process.state";
export * from "./batch-process.commands";
export * from "./batch-process.events";
export * from "./batch-process.errors";
export * from "./batch-process.invariants";
export * from "./batch-process.view";
export * from "./batch-process.blob-keys";
