/**
 * A real S3-compatible server for the tests: s3rver in a child process on a free port of
 * 127.0.0.1, over a temp folder. If it cannot start, starting fails and the tests fail with it.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { S3Client } from "@aws-sdk/client-s3";

export interface RunningS3rver {
  readonly endpoint: string;
  readonly bucket: string;
  /** A client set up as TOOLCHAIN.md says test servers need. */
  readonly client: S3Client;
  readonly stop: () => Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;

export const startS3rver = async (bucket = "batchport-test"): Promise<RunningS3rver> => {
  const directory = mkdtempSync(path.join(tmpdir(), "s3rver-"));
  const script = fileURLToPath(new URL("./s3rver-child.mjs", import.meta.url));
  const child = spawn(process.execPath, [script, directory, bucket], {
    env: { ...process.env, NODE_OPTIONS: "--openssl-legacy-provider" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));

  const port = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`s3rver did not start: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no port within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.once("error", (e) => fail(e.message));
    child.once("exit", (code, signal) => fail(`exited with ${code ?? signal}`));
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const line = stdout.split("\n", 1)[0];
      if (!stdout.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === "object" && parsed !== null && "port" in parsed && typeof parsed.port === "number") resolve(parsed.port);
      else fail(`unexpected output ${line}`);
    });
  });

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    endpoint,
    bucket,
    client,
    stop: async () => {
      client.destroy();
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
      rmSync(directory, { recursive: true, force: true });
    },
  };
};
