export * as Decimal from "./decimal";
export * from "./currency";
export * from "./money";
export * from "./schema";
