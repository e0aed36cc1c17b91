export * from "./payload-object-type";
export * from "./item-applier";
export * from "./fields";
export * from "./invoice";
export * from "./customer";
export * from "./receivable-document";
export * from "./line-item";
