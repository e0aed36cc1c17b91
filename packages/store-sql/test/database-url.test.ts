import { describe, expect, it } from "vitest";
import { Either } from "effect";
import { openDatabase, parseDatabaseUrl } from "../src";

const parse = (url: string) => parseDatabaseUrl(url, "/srv/batchport");

describe("BATCH_DATABASE_URL", () => {
  it("reads sqlite paths relative to the working directory, absolute, URL-style and in memory", () => {
    expect(parse("sqlite:./data/batchport.db")).toEqual(Either.right({ _tag: "sqlite", path: "/srv/batchport/data/batchport.db" }));
    expect(parse("sqlite:data.db")).toEqual(Either.right({ _tag: "sqlite", path: "/srv/batchport/data.db" }));
    expect(parse("sqlite:/var/lib/bp.db")).toEqual(Either.right({ _tag: "sqlite", path: "/var/lib/bp.db" }));
    expect(parse("sqlite:///var/lib/bp.db")).toEqual(Either.right({ _tag: "sqlite", path: "/var/lib/bp.db" }));
    expect(parse("sqlite::memory:")).toEqual(Either.right({ _tag: "sqlite-memory" }));
  });

  it("reads postgres URLs, takes the schema parameter out and hides the password", () => {
    const parsed = Either.getOrThrow(parse("postgres://bp:s3cret@db.internal:5433/batchport?sslmode=require&schema=bp_prod"));
    expect(parsed).toEqual({
      _tag: "postgres",
      connectionString: "postgres://bp:s3cret@db.internal:5433/batchport?sslmode=require",
      schema: "bp_prod",
      redacted: "postgres://bp:***@db.internal:5433/batchport?sslmode=require&schema=bp_prod",
    });
    expect(Either.getOrThrow(parse("postgres://u@h/db?options=-c%20statement_timeout%3D5s&schema=s1"))).toMatchObject({
      connectionString: "postgres://u@h/db",
      schema: "s1",
      options: "-c statement_timeout=5s",
    });
    expect(Either.getOrThrow(parse("postgresql://postgres@127.0.0.1/test"))).toMatchObject({ _tag: "postgres", redacted: "postgresql://postgres@127.0.0.1/test" });
  });

  it("refuses what it cannot use, with a message naming the rule and never the password", () => {
    const problem = (url: string) => Either.getLeft(parse(url)).pipe((o) => (o._tag === "Some" ? o.value : "accepted"));
    expect(problem("sqlite:")).toContain("needs a file path");
    expect(problem("postgres://u@h:5432/")).toContain("needs a database name");
    expect(problem("postgres://u@h/db?schema=Bad-Name")).toContain("lower-case identifier");
    expect(problem("postgres://u@h/db?schema=x;drop")).toContain("lower-case identifier");
    expect(problem("mysql://root:hunter2@h/db")).toBe('must start with "sqlite:" or "postgres://", got "mysql:"');
    expect(problem("")).toBe('must start with "sqlite:" or "postgres://"');
  });

  it("openDatabase names the variable when the URL is bad", async () => {
    await expect(openDatabase("mongodb://x")).rejects.toThrow(/^BATCH_DATABASE_URL must start with/);
  });
});
