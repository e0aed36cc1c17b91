/** New API credentials: a public key and a secret shown once. */
import { randomBytes } from "node:crypto";

/** `bp_` + 24 base64url characters (144 bits): unique, and recognisable in logs and secret scanners. */
export const newApiKey = (): string => `bp_${randomBytes(18).toString("base64url")}`;

/** 43 base64url characters (256 bits). */
export const newApiSecret = (): string => randomBytes(32).toString("base64url");
