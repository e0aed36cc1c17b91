export * from "./memory/memory-db";
export * from "./memory/clock";
export * from "./memory/memory-blob-store";
export * from "./contracts/blob-store.contract";
export * from "./memory/identity-store";
export * from "./contracts/identity-store.contract";
