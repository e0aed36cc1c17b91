/**
 * Upload baseline for the benchmark: a bare Node HTTP server that streams each request body to
 * a file and answers 201, nothing else (no parsing, hashing, authentication or database).
 * Prints `{"port"}` once listening.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const dir = mkdtempSync(path.join(tmpdir(), "bp-upload-baseline-"));
let n = 0;
const server = createServer((req, res) => {
  const file = path.join(dir, `body-${++n}`);
  pipeline(req, createWriteStream(file)).then(
    () => {
      res.statusCode = 201;
      res.end();
      rmSync(file, { force: true });
    },
    () => {
      res.statusCode = 500;
      res.end();
    },
  );
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === "object" && address !== null ? address.port : 0 })}\n`);
});
process.stdin.resume();
process.stdin.on("end", () => {
  server.close();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
});
