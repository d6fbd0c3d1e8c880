import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { RenderPool } from "@/lib/documents/pool";

const root = join(import.meta.dirname, "../../..");
const loader = pathToFileURL(join(root, "lib/workers/load.mjs")).href;
const manifestFile = join(root, "node_modules/.cache/prime-plus/worker-jobs.json");
const bundleFile = join(root, "node_modules/.cache/prime-plus/worker-jobs.mjs");

/** Loads the render worker's module the way a worker does, in a plain Node process. */
function loadInNode(): string {
  const script = `const { loadWorkerModule } = await import(${JSON.stringify(loader)}); const m = await loadWorkerModule("lib/documents/engine/worker-jobs.ts"); console.log(typeof m.runWorkerJob, typeof m.warmUp);`;
  return execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }).trim();
}

describe("loading the render engine in a worker", () => {
  test("comes from an esbuild bundle, rebuilt when a source is newer than the one it was built from", () => {
    expect(loadInNode()).toBe("function function");
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as { inputs: Record<string, number> };
    expect(Object.keys(manifest.inputs)).toEqual(expect.arrayContaining(["lib/documents/engine/pdf-blocks.tsx", "lib/documents/text-layout.ts", "lib/documents/merge.ts"]));
    expect(readFileSync(bundleFile, "utf8")).toContain("function wrapRuns(");

    // As if text-layout.ts had been saved after the build.
    manifest.inputs["lib/documents/text-layout.ts"] = 0;
    writeFileSync(manifestFile, JSON.stringify(manifest));
    expect(loadInNode()).toBe("function function");
    const rebuilt = JSON.parse(readFileSync(manifestFile, "utf8")) as { inputs: Record<string, number> };
    expect(rebuilt.inputs["lib/documents/text-layout.ts"]).toBe(statSync(join(root, "lib/documents/text-layout.ts")).mtimeMs);
  });
});

describe("RenderPool.warm", () => {
  test("resolves once every worker has loaded and rendered the sample part; jobs then run at once", async () => {
    const pool = new RenderPool(2);
    try {
      const warming = pool.warm({ warmUp: true });
      expect(pool.readyWorkers).toBe(0);
      await warming;
      expect(pool.readyWorkers).toBe(2);
      const pdf = await pool.run({ kind: "part", part: { id: "p", runningTitle: "", orientation: "portrait", blocks: [{ kind: "paragraph", spans: [{ text: "Hello" }] }] } });
      expect(Buffer.from(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    } finally {
      await pool.close();
    }
  });
});
