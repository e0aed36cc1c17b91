/**
 * `BATCH_DATABASE_URL` (API.md): `sqlite:<path>` or `postgres://user@host:port/db`.
 *
 * SQLite paths are not URLs: `new URL("sqlite:./x").pathname` loses the dot, so the path is the
 * text after the `sqlite:` prefix, resolved against the working directory. `sqlite:///abs` (the
 * URL spelling some tools write) is read as `/abs`. `sqlite::memory:` is a private in-memory
 * database, for tests.
 *
 * PostgreSQL takes every libpq-style parameter `pg` understands (`sslmode`, `options`, ...) plus `schema`,
 * which this product defines: the tables live in that schema (created if missing), and the
 * connections' `search_path` is set to it alone, so two installations (or test runs) can share a
 * database without seeing each other.
 */
import { Either } from "effect";
import { isAbsolute, resolve } from "node:path";

export type DatabaseUrl =
  | { readonly _tag: "sqlite"; readonly path: string }
  | { readonly _tag: "sqlite-memory" }
  | {
      readonly _tag: "postgres";
      /** The URL without the `schema` and `options` parameters, as `pg` reads it. */
      readonly connectionString: string;
      readonly schema?: string;
      /** libpq's `options` (server settings such as `-c statement_timeout=5s`), kept apart so `schema` can join them. */
      readonly options?: string;
      /** For messages and logs: the URL with any password replaced. */
      readonly redacted: string;
    };

/** An unquoted PostgreSQL identifier, so it can be spliced into `search_path` safely. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export const parseDatabaseUrl = (url: string, cwd: string = process.cwd()): Either.Either<DatabaseUrl, string> => {
  const text = url.trim();
  if (text.startsWith("sqlite:")) {
    let path = text.slice("sqlite:".length);
    if (path === ":memory:") return Either.right({ _tag: "sqlite-memory" });
    if (path.startsWith("//")) path = path.slice(2);
    if (path === "") return Either.left("a sqlite: URL needs a file path, e.g. sqlite:./data/batchport.db");
    return Either.right({ _tag: "sqlite", path: isAbsolute(path) ? path : resolve(cwd, path) });
  }
  if (text.startsWith("postgres://") || text.startsWith("postgresql://")) {
    let parsed: URL;
    try {
      parsed = new URL(text);
    } catch {
      return Either.left("is not a valid postgres:// URL");
    }
    if (parsed.hostname === "" && !parsed.searchParams.has("host")) return Either.left("a postgres:// URL needs a host");
    if (parsed.pathname.length <= 1) return Either.left("a postgres:// URL needs a database name, e.g. postgres://user@host:5432/batchport");
    const schema = parsed.searchParams.get("schema") ?? undefined;
    if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
      return Either.left(`schema "${schema}" must be a lower-case identifier: letters, digits and "_", at most 63 characters, not starting with a digit`);
    }
    const options = parsed.searchParams.get("options") ?? undefined;
    parsed.searchParams.delete("schema");
    parsed.searchParams.delete("options");
    const connectionString = parsed.toString();
    const redactedUrl = new URL(connectionString);
    if (redactedUrl.password !== "") redactedUrl.password = "***";
    return Either.right({
      _tag: "postgres",
      connectionString,
      redacted: redactedUrl.toString() + (schema === undefined ? "" : `${redactedUrl.search === "" ? "?" : "&"}schema=${schema}`),
      ...(schema === undefined ? {} : { schema }),
      ...(options === undefined ? {} : { options }),
    });
  }
  // Only the scheme is echoed: the rest may hold a password.
  const scheme = /^[A-Za-z][A-Za-z0-9+.-]*:/.exec(text)?.[0];
  return Either.left(`must start with "sqlite:" or "postgres://"${scheme === undefined ? "" : `, got "${scheme}"`}`);
};
