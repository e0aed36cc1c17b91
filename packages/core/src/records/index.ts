export * from "./payload-object-type";
export * from "./item-applier";
export * from "./fields";
export * from "./invoice";
