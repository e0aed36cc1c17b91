/** Refusals of identity administration (command-line tool and bootstrap); none reaches HTTP. */
import { Data } from "effect";

export class IdentityInputInvalid extends Data.TaggedError("Identity.InputInvalid")<{ readonly field: string; readonly message: string }> {}

export class TenantNotFound extends Data.TaggedError("Identity.TenantNotFound")<{ readonly tenantKey: string }> {
  override get message() {
    return `no tenant "${this.tenantKey}"`;
  }
}

export class OrganizationNotFound extends Data.TaggedError("Identity.OrganizationNotFound")<{ readonly tenantKey: string; readonly orgKey: string }> {
  override get message() {
    return `no organization "${this.orgKey}" in tenant "${this.tenantKey}"`;
  }
}
