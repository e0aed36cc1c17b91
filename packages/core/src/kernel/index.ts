export * from "./decider";
export * from "./field-error";
export * from "./identity";
