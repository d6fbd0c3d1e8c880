import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ROOT } from "../../helpers/examples";
import { runConformance, type TRunResult } from "@/lib/conformance/run";
import { evidenceFiles } from "@/lib/conformance/archive";
import { getAutomation } from "@/lib/testbook/automation";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { channelFor } from "@/lib/transport/meter-address";
import { startGuruxMeter, type TGuruxMeter } from "../../helpers/gurux-meter";
import { describeWithPeers } from "../../helpers/peer-suite";
import { exampleProfile, exampleSecrets } from "../../helpers/simulator";

/**
 * The conformance runner against a meter nobody here wrote, with a profile that does not describe
 * it: Gurux's example meter (52 objects, clients 16 without security and 17 with LLS) judged
 * against the single-phase PLC profile. The run must end, on every test, and name what differs.
 */
describeWithPeers("conformance run against the Gurux C meter", () => {
  let meter: TGuruxMeter;
  let result: TRunResult;
  const profile = exampleProfile("single-phase-plc");
  const testbook = buildTestbook(profile, getCatalogue());
  beforeAll(async () => {
    meter = await startGuruxMeter();
    result = await runConformance({
      profile,
      testbook,
      secrets: exampleSecrets("single-phase-plc"),
      automation: getAutomation(),
      target: { description: `Gurux meter on tcp://127.0.0.1:${meter.ports.lnWrapper}`, channel: (clientSap) => channelFor({ kind: "wrapper", host: "127.0.0.1", port: meter.ports.lnWrapper }, { clientSap }) },
      framing: "wrapper",
      timeoutMs: 3000,
    });
  }, 600_000);
  afterAll(async () => {
    await meter?.stop();
  });

  test("the run reaches every test of the testbook and ends", () => {
    expect(result.cancelled).toBe(false);
    expect(result.tests).toHaveLength(testbook.chapters.reduce((n, c) => n + c.tests.length, 0));
  });

  test("the differences are FAILs that name what differs", () => {
    const fails = result.tests.flatMap((t) => t.checks).filter((c) => c.verdict === "FAIL");
    expect(fails.length).toBeGreaterThan(10);
    // The Gurux meter lacks the PRIME+ objects: the Public client's object list misses them.
    expect(fails.some((c) => /missing from the Public client's object list/.test(c.message))).toBe(true);
    // Its clock is not the profile's: time zone or daylight saving settings differ, or its time.
    expect(fails.some((c) => c.testId.startsWith("TIME-"))).toBe(true);
  });

  test("clients the meter does not serve are inconclusive, not crashes", () => {
    const stopped = result.tests.flatMap((t) => t.checks).filter((c) => /the procedure stopped/.test(c.message));
    expect(stopped.map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  test("the inspect command lists the Gurux meter's 52 objects and reads every value it declares readable", () => {
    const inspect = (...args: string[]) => spawnSync(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "lib/cli/index.ts"), "inspect", `tcp://127.0.0.1:${meter.ports.lnWrapper}`, ...args, "--json"], { cwd: ROOT, encoding: "utf8", timeout: 120_000 });
    const listed = inspect("--client", "16");
    expect(listed.status, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as { objects: unknown[] }).objects).toHaveLength(52);
    const read = inspect("--client", "17", "--auth", "lls", "--password", "Gurux", "--read");
    expect(read.status, read.stderr).toBe(0);
    const r = JSON.parse(read.stdout) as { reads: number; errors: number; released: boolean };
    expect(r.reads).toBeGreaterThan(200);
    // The example meter answers one profile buffer with temporary-failure: a refusal, not a failure to read.
    expect(r.errors).toBeLessThanOrEqual(1);
    expect(r.released).toBe(true);
  });

  test("the evidence of the run is written whole", () => {
    const files = evidenceFiles(result, testbook, profile, exampleSecrets("single-phase-plc"));
    expect(files.map((f) => f.name)).toContain("report.html");
    expect(files.find((f) => f.name === "report.html")!.bytes.length).toBeGreaterThan(10_000);
  });
});
