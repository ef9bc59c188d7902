import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ensurePrivateDir, PRIVATE_FILE } from "~/utils/private-files.server";

/**
 * Writes a running demo stand-in's address (`{ "url": ... }`) where its
 * simulate command reads it, readable by its owner only; returns what removes
 * it again when the stand-in stops.
 */
export function publishStandInAddress(infoFile: string, url: string) {
  ensurePrivateDir(path.dirname(infoFile));
  // A launcher that was killed (-9) leaves its file behind; this run's address replaces it.
  rmSync(infoFile, { force: true });
  writeFileSync(infoFile, JSON.stringify({ url }), PRIVATE_FILE);
  return () => rmSync(infoFile, { force: true });
}
