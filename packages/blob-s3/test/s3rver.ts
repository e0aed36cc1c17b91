/**
 * A real S3-compatible server for the tests: s3rver in a child process on a free port of
 * 127.0.0.1, over a temp folder. If it cannot start, starting fails and the tests fail with it;
 * if it dies on its own, stopping it fails with what it printed, so a crash is never silent.
 * Fault tests kill it and start it again on the same port and folder.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
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
  /** Kills the server at once (SIGKILL), as a crash would; `restart` brings it back. */
  readonly kill: () => Promise<void>;
  /** Freezes the server (SIGSTOP): connections open, nothing answers, as a hung server. */
  readonly pause: () => void;
  /** Lets a paused server run again (SIGCONT). */
  readonly resume: () => void;
  /** Starts the server again on the same port, over the same folder. */
  readonly restart: () => Promise<void>;
  /** Stops the server and removes its folder; fails when the server had died on its own. */
  readonly stop: () => Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 5_000;
const SCRIPT = fileURLToPath(new URL("./s3rver-child.mjs", import.meta.url));

interface Child {
  readonly process: ChildProcessWithoutNullStreams;
  readonly port: number;
  /** Settles when the process has exited, however. */
  readonly exited: Promise<void>;
  readonly stderr: () => string;
}

const spawnChild = async (directory: string, bucket: string, port: number): Promise<Child> => {
  const child = spawn(process.execPath, [SCRIPT, directory, bucket, String(port)], {
    env: { ...process.env, NODE_OPTIONS: "--openssl-legacy-provider" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  // Registered at once, so an exit is never missed however early it comes.
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const bound = await new Promise<number>((resolve, reject) => {
    let stdout = "";
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(new Error(`s3rver did not start: ${why}\n${stderr}`));
    };
    const timer = setTimeout(() => fail(`no port within ${STARTUP_TIMEOUT_MS} ms`), STARTUP_TIMEOUT_MS);
    child.once("error", (e) => fail(e.message));
    const onEarlyExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited with ${code ?? signal}`);
    child.once("exit", onEarlyExit);
    child.stdout.setEncoding("utf8").on("data", (text: string) => {
      stdout += text;
      const line = stdout.split("\n", 1)[0];
      if (!stdout.includes("\n") || line === undefined) return;
      clearTimeout(timer);
      child.off("exit", onEarlyExit);
      const parsed: unknown = JSON.parse(line);
      if (typeof parsed === "object" && parsed !== null && "port" in parsed && typeof parsed.port === "number") resolve(parsed.port);
      else fail(`unexpected output ${line}`);
    });
  });
  return { process: child, port: bound, exited, stderr: () => stderr };
};

const hasExited = (child: Child) => child.process.exitCode !== null || child.process.signalCode !== null;

export const startS3rver = async (bucket = "batchport-test"): Promise<RunningS3rver> => {
  const directory = mkdtempSync(path.join(tmpdir(), "s3rver-"));
  let child = await spawnChild(directory, bucket, 0);
  const port = child.port;
  /** Set while the server is down because a test killed it. */
  let killed = false;

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
    kill: async () => {
      killed = true;
      child.process.kill("SIGKILL");
      await child.exited;
    },
    pause: () => {
      child.process.kill("SIGSTOP");
    },
    resume: () => {
      child.process.kill("SIGCONT");
    },
    restart: async () => {
      if (!hasExited(child)) throw new Error("s3rver is still running; kill it before restarting it");
      child = await spawnChild(directory, bucket, port);
      killed = false;
    },
    stop: async () => {
      client.destroy();
      const diedOnItsOwn = hasExited(child) && !killed;
      if (!hasExited(child)) {
        child.process.kill("SIGCONT");
        child.process.stdin.end();
        const timer = setTimeout(() => child.process.kill("SIGKILL"), STOP_TIMEOUT_MS);
        await child.exited;
        clearTimeout(timer);
      }
      rmSync(directory, { recursive: true, force: true });
      if (diedOnItsOwn) {
        throw new Error(`s3rver died during the tests (exit ${child.process.exitCode ?? child.process.signalCode}):\n${child.stderr().slice(-4000)}`);
      }
    },
  };
};
