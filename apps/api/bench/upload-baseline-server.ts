/**
 * Upload baselines for the benchmark: a bare Node HTTP server that streams each request body to
 * a file and answers 201, nothing else (no parsing, hashing, authentication or database).
 *
 * A request under `/durable/` is answered only once the file's data is on disk (`fdatasync`), the
 * least any server must do before telling a client it may forget what it sent. That is the ceiling
 * the disk sets on a service that keeps what it acknowledges. Prints `{"port"}` once listening.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { open } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";

const dir = mkdtempSync(path.join(tmpdir(), "bp-upload-baseline-"));
let n = 0;

const datasync = async (file: string) => {
  const handle = await open(file, "r+");
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
};

const server = createServer((req, res) => {
  const file = path.join(dir, `body-${++n}`);
  const durable = req.url?.startsWith("/durable/") === true;
  pipeline(req, createWriteStream(file))
    .then(() => (durable ? datasync(file) : undefined))
    .then(
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
