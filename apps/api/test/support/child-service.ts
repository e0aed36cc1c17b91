/**
 * The service as a real child process: for tests that kill a worker, run several, or stop one
 * with a signal. It runs the TypeScript sources (`node --import tsx src/main.ts`), or the bundle
 * `pnpm start` builds and runs (`dist/main.mjs`, built by `buildBundle`).
 */
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const APP_DIR = fileURLToPath(new URL("../..", import.meta.url));

export interface ChildService {
  readonly child: ChildProcessWithoutNullStreams;
  /** Every JSON line the process wrote to stdout so far. */
  readonly lines: () => ReadonlyArray<Record<string, unknown>>;
  readonly stderr: () => string;
  /** Resolves with the first stdout line matching, or rejects after `timeoutMs`. */
  readonly waitFor: (predicate: (line: Record<string, unknown>) => boolean, timeoutMs?: number) => Promise<Record<string, unknown>>;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<number | NodeJS.Signals>;
}

/** Builds dist/main.mjs as the start script does. */
export const buildBundle = (): void => {
  const built = spawnSync(process.execPath, [path.join(APP_DIR, "scripts/build.mjs")], { cwd: APP_DIR, encoding: "utf8" });
  if (built.status !== 0) throw new Error(`building the bundle failed: ${built.stderr}`);
};

export const spawnService = (env: Readonly<Record<string, string>>, program: "sources" | "bundle" = "sources"): ChildService => {
  const args = program === "bundle" ? [path.join(APP_DIR, "dist/main.mjs")] : ["--conditions=source", "--import", "tsx", path.join(APP_DIR, "src/main.ts")];
  const child = spawn(process.execPath, args, {
    cwd: APP_DIR,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", BATCH_LOG_LEVEL: "info", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  const parsed: Array<Record<string, unknown>> = [];
  const waiters: Array<{ predicate: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
  let pending = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (line.trim() === "") continue;
      let value: Record<string, unknown>;
      try {
        value = JSON.parse(line) as Record<string, unknown>;
      } catch {
        value = { text: line };
      }
      parsed.push(value);
      for (const waiter of [...waiters]) {
        if (waiter.predicate(value)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(value);
        }
      }
    }
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => (stderr += text));
  const exited = new Promise<number | NodeJS.Signals>((resolve) => child.once("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return {
    child,
    lines: () => parsed,
    stderr: () => stderr,
    exited,
    waitFor: (predicate, timeoutMs = 60_000) =>
      new Promise((resolve, reject) => {
        const found = parsed.find(predicate);
        if (found !== undefined) return resolve(found);
        const timer = setTimeout(() => reject(new Error(`no matching output within ${timeoutMs} ms\nstdout: ${parsed.slice(-20).map((l) => JSON.stringify(l)).join("\n")}\nstderr: ${stderr}`)), timeoutMs);
        waiters.push({ predicate, resolve: (line) => (clearTimeout(timer), resolve(line)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`the service exited (${code}) before the expected output\nstderr: ${stderr}`));
        });
      }),
  };
};
