export * from "./iban";
export * from "./bic";
export * from "./schema";
