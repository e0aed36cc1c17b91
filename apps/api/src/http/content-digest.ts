/**
 * RFC 9530 `Content-Digest`: a structured-field dictionary of algorithm to byte sequence,
 * `sha-256=:<base64>:` (other algorithms may be listed beside it). The service checks SHA-256.
 */
import { fail } from "./problem";

/** The SHA-256 the header announces, as lower-case hex; undefined when there is no header. A malformed header is a 400. */
export const sha256FromContentDigest = (header: string | string[] | undefined): string | undefined => {
  if (header === undefined) return undefined;
  const text = Array.isArray(header) ? header.join(", ") : header;
  if (text.length > 2048) return fail(400, "Request.ContentDigestInvalid", "Content-Digest is too long");
  let sha256: string | undefined;
  for (const member of text.split(",")) {
    const m = /^\s*([a-z][a-z0-9_.*-]*)\s*=\s*:([A-Za-z0-9+/]*={0,2}):\s*$/.exec(member);
    if (m === null) {
      return fail(400, "Request.ContentDigestInvalid", 'Content-Digest must be an RFC 9530 dictionary such as sha-256=:<base64 of the SHA-256>:');
    }
    if (m[1] !== "sha-256") continue;
    const bytes = Buffer.from(m[2] ?? "", "base64");
    if (bytes.length !== 32) return fail(400, "Request.ContentDigestInvalid", "the sha-256 of Content-Digest must be the base64 of 32 bytes");
    sha256 = bytes.toString("hex");
  }
  if (sha256 === undefined) return fail(400, "Request.ContentDigestInvalid", "Content-Digest must include sha-256 (the only algorithm this service checks)");
  return sha256;
};

/** A lower-case hex SHA-256 in RFC 9530 form. */
export const contentDigestOf = (sha256Hex: string): string => `sha-256=:${Buffer.from(sha256Hex, "hex").toString("base64")}:`;
