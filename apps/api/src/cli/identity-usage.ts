/**
 * The identity commands' names and usage, apart from identity-commands.ts so that `--help` and
 * `validate` do not load the container and the SQL stores those commands need.
 */
export const IDENTITY_COMMANDS = ["tenants", "orgs", "clients"] as const;

export const IDENTITY_USAGE = `  tenants create <key> [--name <name>]
  tenants list
  orgs create --tenant <tenantKey> <orgKey> [--name <name>]
  orgs list [--tenant <tenantKey>]
  clients create --tenant <tenantKey> --org <orgKey> --scopes erp,ap,ebill,payments [--format TYPE=FORMAT]... [--name <name>]
  clients list [--tenant <tenantKey> [--org <orgKey>]]
  clients revoke <apiKey>`;
