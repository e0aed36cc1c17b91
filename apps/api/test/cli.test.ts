/**
 * The command-line tool's identity commands: tenants, organizations, API clients; secrets shown
 * once and stored only as scrypt hashes; refusals with exit status 1, usage errors with 2.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase, type IdentityTables } from "@batch/store-sql";
import { runIdentityCommand } from "../src/cli/identity-commands";
import { verifySecret } from "../src/identity/secret-hash";

describe("identity commands", () => {
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bp-cli-"));
    env = { BATCH_DATABASE_URL: `sqlite:${path.join(dir, "batchport.db")}`, BATCH_BLOB_URL: `file:${path.join(dir, "blobs")}` };
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...argv: Array<string>) => {
    let out = "";
    let err = "";
    const status = await runIdentityCommand(argv, env, { out: (t) => void (out += t), err: (t) => void (err += t) });
    return { status, out: out === "" ? undefined : (JSON.parse(out) as unknown), err };
  };

  it("creates and lists tenants, organizations and clients; prints the secret once, stores only its hash", async () => {
    expect((await run("tenants", "create", "acme", "--name", "Acme Corp")).out).toMatchObject({ key: "acme", name: "Acme Corp" });
    expect((await run("orgs", "create", "--tenant", "acme", "main")).out).toMatchObject({ tenantKey: "acme", key: "main" });
    const created = await run("clients", "create", "--tenant", "acme", "--org", "main", "--scopes", "erp,ap,ebill,payments", "--format", "INVOICE=CSV");
    expect(created.status).toBe(0);
    const { apiKey, apiSecret } = created.out as { apiKey: string; apiSecret: string };
    expect(Object.keys(created.out as object).sort()).toEqual(["apiKey", "apiSecret"]);

    const listed = (await run("clients", "list", "--tenant", "acme", "--org", "main")).out as Array<Record<string, unknown>>;
    expect(listed).toEqual([expect.objectContaining({ apiKey, scopes: ["erp", "ap", "ebill", "payments"], formats: { INVOICE: "CSV" }, revoked: false })]);
    expect(JSON.stringify(listed)).not.toContain(apiSecret);
    expect((await run("tenants", "list")).out).toEqual([expect.objectContaining({ key: "acme" })]);
    expect((await run("orgs", "list", "--tenant", "acme")).out).toEqual([expect.objectContaining({ key: "main" })]);

    const database = await openDatabase(env.BATCH_DATABASE_URL ?? "", { migrate: false });
    try {
      const row = await database.db.withTables<IdentityTables>().selectFrom("api_clients").select("secret_hash").where("api_key", "=", apiKey).executeTakeFirstOrThrow();
      expect(row.secret_hash).toMatch(/^\$scrypt\$ln=15,r=8,p=1\$/);
      expect(row.secret_hash).not.toContain(apiSecret);
      expect(await verifySecret(apiSecret, row.secret_hash)).toBe(true);
      expect(await verifySecret(`${apiSecret}x`, row.secret_hash)).toBe(false);
    } finally {
      await database.close();
    }

    expect((await run("clients", "revoke", apiKey)).out).toEqual({ apiKey, revoked: true });
    const again = await run("clients", "revoke", apiKey);
    expect(again.status).toBe(1);
    expect(again.err).toContain("no active API client");
  });

  it("refuses unknown tenants, organizations, scopes and formats (1), and bad usage (2)", async () => {
    expect((await run("orgs", "create", "--tenant", "nobody", "main")).err).toContain('no tenant "nobody"');
    expect((await run("clients", "create", "--tenant", "acme", "--org", "nowhere", "--scopes", "erp")).err).toContain('no organization "nowhere"');
    const scope = await run("clients", "create", "--tenant", "acme", "--org", "main", "--scopes", "erp,admin");
    expect(scope.status).toBe(1);
    expect(scope.err).toContain('unknown scope "admin"');
    expect((await run("clients", "create", "--tenant", "acme", "--org", "main", "--scopes", "erp", "--format", "INVOICE=PDF")).err).toContain("format must be TYPE=FORMAT");
    expect((await run("tenants", "create", "bad key!")).err).toContain("tenant must be");
    expect((await run("tenants", "create", "acme")).status).toBe(1);
    expect((await run("clients", "create", "--tenant", "acme")).status).toBe(2);
    expect((await run("clients", "explode")).status).toBe(2);
    expect((await run("tenants", "create", "x", "--unknown-option")).status).toBe(2);
  });
});
