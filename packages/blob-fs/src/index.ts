export * from "./fs-blob-store";
export * from "./fs-signed-url";
