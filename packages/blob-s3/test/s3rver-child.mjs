// Runs s3rver for the tests in a child process, because its paged listing needs
// NODE_OPTIONS=--openssl-legacy-provider, which the test process should not carry.
// Usage: s3rver-child.mjs <directory> <bucket> [port]. Prints {"port": n} once listening; exits
// when its parent closes stdin (or dies).
//
// s3rver 3.7.1's filesystem store races with itself (docs/adr/0016-s3-deadlines-and-bounded-waits.md):
// DeleteObject removes the folders it leaves empty, and a PutObject into the same folder that has
// just created it then opens its file in a folder that is gone. PutObject's write stream has no
// error listener, so that ENOENT kills the whole server and every later request is refused. Real
// S3 has no folders; here DeleteObject deletes the object's files and leaves the folders.
import { unlink } from "node:fs/promises";
import { createRequire } from "node:module";
import process from "node:process";
import S3rver from "s3rver";

const require = createRequire(import.meta.url);
const FilesystemStore = require(require.resolve("s3rver/lib/stores/filesystem.js", { paths: [require.resolve("s3rver")] }));

const [directory, bucket, portText] = process.argv.slice(2);
if (directory === undefined || bucket === undefined) {
  process.stderr.write("usage: s3rver-child.mjs <directory> <bucket> [port]\n");
  process.exit(2);
}

FilesystemStore.prototype.deleteObject = async function (bucketName, key) {
  const absent = (error) => {
    if (error.code !== "ENOENT") throw error;
  };
  await Promise.all(["object", "object.md5", "metadata.json"].map((type) => unlink(this.getResourcePath(bucketName, key, type)).catch(absent)));
};

const port = portText === undefined ? 0 : Number(portText);
const server = new S3rver({ address: "127.0.0.1", port, directory, silent: true, configureBuckets: [{ name: bucket }] });
const listening = await server.run();
process.stdout.write(`${JSON.stringify({ port: listening.port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => server.close(() => process.exit(0)));
