export * from "./errors";
export * from "./clock";
export * from "./repository";
export * from "./unit-of-work";
export * from "./job-queue";
export * from "./blob-store";
export * from "./codecs";
export * from "./outbound";
