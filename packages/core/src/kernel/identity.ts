/** Who and where: every command names its organization and actor, and carries its time. */
import { Schema } from "effect";

/** The organization everything belongs to; no read or write crosses it (DOMAIN.md, Tenancy). */
export const OrganizationId = Schema.String.pipe(Schema.minLength(1), Schema.brand("OrganizationId"));
export type OrganizationId = typeof OrganizationId.Type;

/** The API client or user acting: `id` is a GUID, `name` its display name. */
export interface Actor {
  readonly id: string;
  readonly name: string;
}

/** An ISO 8601 UTC timestamp, supplied by the caller (the core never reads a clock). */
export type Instant = string;

export const Uuid = Schema.UUID;
