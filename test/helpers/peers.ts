import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { ROOT } from "./examples";

/**
 * The independent DLMS/COSEM peers (Gurux, GPL-2.0) live outside the repository and are only ever
 * run as separate processes: by default in ../shared/peers beside the repository, or wherever the
 * environment variable PRIME_PLUS_PEERS points.
 */
export const PEERS_ENV = "PRIME_PLUS_PEERS";

export type TPeerTool = "python3" | "gcc" | "make";

/** What tests with the Gurux C meter need: gcc and make to build it, python3 for gurux-read.py. */
export const METER_TOOLS: readonly TPeerTool[] = ["python3", "gcc", "make"];

export type TPeers = {
  /** The folder looked at, absolute. */
  dir: string;
  /** The folder as the user would write it: the variable's value, or ../shared/peers. */
  shown: string;
  /** The folder holds gurux-read.py, build-gurux-meter.sh and both Gurux libraries. */
  present: boolean;
  tools: Record<TPeerTool, boolean>;
};

const PEER_FILES = ["gurux-read.py", "build-gurux-meter.sh", "gurux-dlms-python/gurux_dlms", "gurux-dlms-c/development"];

function toolAvailable(tool: TPeerTool): boolean {
  const r = spawnSync(tool, ["--version"], { stdio: "ignore", timeout: 10_000 });
  return r.error === undefined && r.status === 0;
}

let cached: TPeers | undefined;

/** Where the peers are, whether they are there, and which of the tools they need are on PATH. */
export function peers(): TPeers {
  if (cached) return cached;
  const fromEnv = process.env[PEERS_ENV];
  const shown = fromEnv && fromEnv.length > 0 ? fromEnv : "../shared/peers";
  const dir = isAbsolute(shown) ? shown : resolve(ROOT, shown);
  const present = PEER_FILES.every((f) => existsSync(join(dir, f)));
  const tools = { python3: toolAvailable("python3"), gcc: toolAvailable("gcc"), make: toolAvailable("make") };
  cached = { dir, shown, present, tools };
  return cached;
}

/** Why tests needing `needs` cannot run here, or undefined when they can. */
export function peersMissing(needs: readonly TPeerTool[] = METER_TOOLS): string | undefined {
  const p = peers();
  if (!p.present) return `${p.shown} not found (set ${PEERS_ENV})`;
  const absent = needs.filter((t) => !p.tools[t]);
  if (absent.length > 0) return `${absent.join(", ")} not found on PATH`;
  return undefined;
}

/** Peers that must be present, for scripts: throws with the reason otherwise. */
export function requirePeers(needs: readonly TPeerTool[] = METER_TOOLS): TPeers {
  const missing = peersMissing(needs);
  if (missing) throw new Error(`the Gurux peers cannot run: ${missing}`);
  return peers();
}

/** Versions as the peers' README states them (the sources carry no version string). */
export function peerVersions(): Record<string, string> {
  const readme = readFileSync(join(peers().dir, "README.md"), "utf8");
  const versions: Record<string, string> = {};
  for (const name of ["Gurux.DLMS.Python", "GuruxDLMS.c"]) {
    const m = new RegExp(`${name.replace(/\./g, "\\.")} (\\d+(?:\\.\\d+)+)`).exec(readme);
    versions[name] = m?.[1] ?? "unknown";
  }
  return versions;
}
