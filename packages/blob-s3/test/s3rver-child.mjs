// Runs s3rver for the tests in a child process, because its paged listing needs
// NODE_OPTIONS=--openssl-legacy-provider, which the test process should not carry.
// Prints {"port": n} once listening; exits when its parent closes stdin (or dies).
import process from "node:process";
import S3rver from "s3rver";

const [directory, bucket] = process.argv.slice(2);
if (directory === undefined || bucket === undefined) {
  process.stderr.write("usage: s3rver-child.mjs <directory> <bucket>\n");
  process.exit(2);
}
const server = new S3rver({ address: "127.0.0.1", port: 0, directory, silent: true, configureBuckets: [{ name: bucket }] });
const { port } = await server.run();
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.stdin.resume();
process.stdin.on("end", () => server.close(() => process.exit(0)));
