/**
 * `npm run bench:board`: the board loader benchmark, then the realtime
 * benchmark, one after the other so they never compete for the machine.
 * Each prints its own markdown table.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";

const benches = ["tests/bench/board-loader.ts", "tests/bench/sse.ts"];
let failed = false;
for (const file of benches) {
  console.error(`\n[bench] ${file}`);
  const result = spawnSync(process.execPath, ["--import", "tsx", path.resolve(file)], { stdio: "inherit", env: process.env });
  if (result.status !== 0) {
    console.error(`[bench] ${file} failed (${result.signal ?? `exit ${result.status}`})`);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
