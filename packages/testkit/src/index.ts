export * from "./memory/memory-db";
export * from "./memory/clock";
