/**
 * The identity commands of the command-line tool: tenants, organizations and API clients.
 *
 *   tenants create <key> [--name <name>]       tenants list
 *   orgs create --tenant <key> <key> [--name]  orgs list [--tenant <key>]
 *   clients create --tenant <key> --org <key> --scopes erp,ap,ebill,payments [--format TYPE=FORMAT]... [--name <name>]
 *   clients list [--tenant <key> [--org <key>]]
 *   clients revoke <apiKey>
 *
 * Output is JSON on stdout; `clients create` prints `{"apiKey", "apiSecret"}` and the secret is
 * shown only then (the store keeps its scrypt hash). Refusals go to stderr with exit status 1,
 * usage errors with 2. The database is BATCH_DATABASE_URL's, migrated on open like the service's.
 */
import { parseArgs } from "node:util";
import { Container, ContainerModule } from "inversify";
import { Effect, Either } from "effect";
import type { ApiClient } from "@batch/core";
import { decodeConfig } from "../config";
import { identityModule } from "../composition/identity-module";
import { storageModule } from "../composition/storage-module";
import { randomIds, systemClock } from "../composition/system";
import { resolve } from "../composition/token";
import { Tokens } from "../composition/tokens";
import type { IdentityService } from "../identity/identity-service";
import { makeLogger } from "../observability/logger";
import { IDENTITY_USAGE } from "./identity-usage";

export interface CommandOutput {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

class UsageError extends Error {}

const clientView = (client: ApiClient) => ({
  apiKey: client.apiKey,
  name: client.name,
  tenant: client.tenantKey,
  orgId: client.orgId,
  scopes: client.scopes,
  formats: client.defaultFormats,
  revoked: client.revoked,
  createdAt: client.createdAt,
  ...(client.revokedAt === undefined ? {} : { revokedAt: client.revokedAt }),
});

const parse = (args: ReadonlyArray<string>) =>
  parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      name: { type: "string" },
      tenant: { type: "string" },
      org: { type: "string" },
      scopes: { type: "string" },
      format: { type: "string", multiple: true },
    },
  });

const one = (positionals: ReadonlyArray<string>, what: string): string => {
  if (positionals.length !== 1 || positionals[0] === undefined) throw new UsageError(`expected exactly one ${what}`);
  return positionals[0];
};

const required = (value: string | undefined, option: string): string => {
  if (value === undefined || value === "") throw new UsageError(`--${option} is required`);
  return value;
};

/** Runs `effect`; a failure is reported as the command's refusal. */
const outcome = async <A, E extends { readonly message: string }>(effect: Effect.Effect<A, E>) => {
  const result = await Effect.runPromise(Effect.either(effect));
  return Either.mapLeft(result, (e) => e.message);
};

const execute = async (identity: IdentityService, command: string, action: string | undefined, rest: ReadonlyArray<string>): Promise<Either.Either<unknown, string>> => {
  const { values, positionals } = parse(rest);
  switch (`${command} ${action ?? ""}`) {
    case "tenants create":
      return outcome(identity.createTenant(one(positionals, "tenant key"), values.name));
    case "tenants list":
      return outcome(identity.listTenants);
    case "orgs create": {
      const org = positionals.length === 0 ? required(values.org, "org") : one(positionals, "organization key");
      return outcome(identity.createOrganization(required(values.tenant, "tenant"), org, values.name));
    }
    case "orgs list":
      return outcome(identity.listOrganizations(values.tenant));
    case "clients create": {
      const scopes = required(values.scopes, "scopes").split(",").map((s) => s.trim()).filter((s) => s !== "");
      const created = await outcome(
        identity.createClient({
          tenantKey: required(values.tenant, "tenant"),
          orgKey: required(values.org, "org"),
          scopes,
          formats: values.format ?? [],
          ...(values.name === undefined ? {} : { name: values.name }),
        }),
      );
      return Either.map(created, ({ client, apiSecret }) => ({ apiKey: client.apiKey, apiSecret }));
    }
    case "clients list": {
      const listed = await outcome(
        identity.listClients({ ...(values.tenant === undefined ? {} : { tenantKey: values.tenant }), ...(values.org === undefined ? {} : { orgKey: values.org }) }),
      );
      return Either.map(listed, (clients) => clients.map(clientView));
    }
    case "clients revoke": {
      const apiKey = one(positionals, "API key");
      const revoked = await outcome(identity.revokeClient(apiKey));
      return Either.flatMap(revoked, (done) => (done ? Either.right({ apiKey, revoked: true }) : Either.left(`no active API client with key ${apiKey}`)));
    }
    default:
      throw new UsageError(`unknown command "${[command, action].filter((s) => s !== undefined).join(" ")}"`);
  }
};

/** Runs one identity command; answers the process exit status. */
export const runIdentityCommand = async (argv: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>, io: CommandOutput): Promise<number> => {
  const [command = "", action, ...rest] = argv;
  const config = decodeConfig(env);
  if (Either.isLeft(config)) {
    io.err(`batchport: invalid configuration: ${config.left.message}\n`);
    return 1;
  }
  const container = new Container({ defaultScope: "Singleton" });
  const base = new ContainerModule(({ bind }) => {
    bind(Tokens.Config).toConstantValue(config.right);
    // Logs go to stderr so stdout holds only the command's JSON.
    bind(Tokens.Logger).toConstantValue(makeLogger("warn", process.stderr));
    bind(Tokens.Clock).toConstantValue(systemClock);
    bind(Tokens.Ids).toConstantValue(randomIds);
  });
  try {
    await container.loadAsync(base, storageModule, identityModule);
    const result = await execute(await resolve(container, Tokens.Identity), command, action, rest);
    if (Either.isLeft(result)) {
      io.err(`batchport: ${result.left}\n`);
      return 1;
    }
    io.out(`${JSON.stringify(result.right, null, 2)}\n`);
    return 0;
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && "code" in error && String(error.code).startsWith("ERR_PARSE_ARGS"))) {
      io.err(`batchport: ${error.message}\nusage:\n${IDENTITY_USAGE}\n`);
      return 2;
    }
    io.err(`batchport: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await container.unbindAllAsync();
  }
};
