/**
 * API client secrets are stored only as scrypt hashes (RFC 7914) in PHC string format:
 * `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (base64 without padding). scrypt is memory-hard, so a
 * leaked identity table does not give the secrets away; the parameters travel with each hash, so
 * they can be raised later without invalidating stored secrets.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from "node:crypto";

const LOG_N = 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;

const derive = (secret: string, salt: Buffer, options: ScryptOptions & { N: number; r: number; p: number }, length: number) =>
  new Promise<Buffer>((resolve, reject) => {
    // maxmem must cover 128 * N * r bytes, or scrypt refuses the parameters.
    scrypt(secret, salt, length, { ...options, maxmem: 256 * options.N * options.r }, (error, key) => (error ? reject(error) : resolve(key)));
  });

const b64 = (bytes: Buffer) => bytes.toString("base64").replace(/=+$/, "");

export const hashSecret = async (secret: string): Promise<string> => {
  const salt = randomBytes(SALT_LENGTH);
  const key = await derive(secret, salt, { N: 2 ** LOG_N, r: R, p: P }, KEY_LENGTH);
  return `$scrypt$ln=${LOG_N},r=${R},p=${P}$${b64(salt)}$${b64(key)}`;
};

const PHC = /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/**
 * Whether `secret` matches `hash`, compared in constant time. A hash this code cannot read
 * matches nothing.
 */
export const verifySecret = async (secret: string, hash: string): Promise<boolean> => {
  const m = PHC.exec(hash);
  if (m === null) return false;
  const [logN, r, p] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (logN < 10 || logN > 20 || r < 1 || p < 1) return false;
  const expected = Buffer.from(m[5] ?? "", "base64");
  if (expected.length < 16) return false;
  const actual = await derive(secret, Buffer.from(m[4] ?? "", "base64"), { N: 2 ** logN, r, p }, expected.length);
  return timingSafeEqual(actual, expected);
};

/** A hash of a random secret, checked when the API key is unknown so that its answer takes as long as a wrong secret's. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashSecret(randomBytes(32).toString("base64url")));
