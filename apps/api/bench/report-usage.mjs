// Loaded with `--import` by bench/cli-validate.ts before the measured program: at exit, writes the
// process's own CPU time and peak RSS (`process.resourceUsage()`) to the file BENCH_USAGE_FILE names.
import { writeFileSync } from "node:fs";
import process from "node:process";

const target = process.env.BENCH_USAGE_FILE;
if (target !== undefined) {
  process.on("exit", () => {
    const { userCPUTime, systemCPUTime, maxRSS } = process.resourceUsage();
    writeFileSync(target, JSON.stringify({ userCPU: userCPUTime, systemCPU: systemCPUTime, maxRSS }));
  });
}
