export * from "./s3-blob-store";
export * from "./blob-store-url";
