import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { runConformance, type TRunResult } from "@/lib/conformance/run";
import { DEVIATIONS, DEVIATION_NAMES, type TDeviation } from "@/lib/simulator/deviations";
import { getAutomation } from "@/lib/testbook/automation";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { channelFor, parseMeterAddress, type TMeterAddress } from "@/lib/transport/meter-address";
import { startExampleMeter, type TTestMeter } from "../../helpers/simulator";

/** Runs the example profile's testbook against a simulator of it (over the wrapper), with or without a deviation. */
async function runAgainst(meter: TTestMeter, only?: string[]): Promise<TRunResult> {
  const address = parseMeterAddress(meter.wrapper) as TMeterAddress;
  return runConformance({
    profile: meter.profile,
    secrets: meter.secrets,
    testbook: buildTestbook(meter.profile, getCatalogue()),
    automation: getAutomation(),
    target: { description: meter.wrapper, channel: (clientSap) => channelFor(address, { clientSap }) },
    framing: "wrapper",
    ...(only ? { only } : {}),
  });
}

const checksOf = (r: TRunResult) => r.tests.flatMap((t) => t.checks.map((c) => ({ ...c, chapter: t.chapter })));

describe.each(["single-phase-plc", "three-phase-hls-cellular", "full"])("conformance run against a faithful simulator of %s", (name) => {
  let meter: TTestMeter;
  let result: TRunResult;
  beforeAll(async () => {
    meter = await startExampleMeter(name);
    result = await runAgainst(meter);
  }, 120_000);
  afterAll(() => meter.close());

  test("no check fails", () => {
    expect(checksOf(result).filter((c) => c.verdict === "FAIL").map((c) => `${c.id} ${c.title}: ${c.message}`)).toEqual([]);
  });

  test("every test of the testbook gets an outcome, and every check names its test and its evidence in the traffic", () => {
    expect(result.tests.length).toBe(buildTestbook(meter.profile, getCatalogue()).chapters.reduce((n, c) => n + c.tests.length, 0));
    for (const c of checksOf(result)) {
      expect(c.id.startsWith(`${c.testId}#`)).toBe(true);
      expect(c.evidence[0]).toBeLessThanOrEqual(c.evidence[1]);
      expect(c.evidence[1]).toBeLessThanOrEqual(result.traffic.length);
    }
  });

  test("a NOT-RUN check always says why", () => {
    expect(checksOf(result).filter((c) => c.verdict === "NOT-RUN" && c.message.length < 15)).toEqual([]);
  });

  test("no secret of the secrets file appears in the traffic log", () => {
    const text = JSON.stringify(result.traffic).toLowerCase();
    for (const s of Object.values(meter.secrets.clients)) {
      if (s?.password) {
        expect(text).not.toContain(Buffer.from(s.password, "latin1").toString("hex"));
        expect(text).not.toContain(s.password.toLowerCase());
      }
      if (s?.hlsSecret) expect(text).not.toContain(s.hlsSecret.toLowerCase());
    }
  });

  if (name === "full") {
    test("the full profile gives at least 2,000 executed checks", () => {
      expect(result.stats.executed).toBeGreaterThanOrEqual(2000);
    });
  }
});

describe("conformance run against a simulator with a deviation", () => {
  test.each(DEVIATION_NAMES)("%s is reported as a FAIL in its chapter, with a message naming what differs", async (deviation: TDeviation) => {
    const meter = await startExampleMeter("full", { deviations: [deviation] });
    try {
      const chapter = DEVIATIONS[deviation].chapter;
      const result = await runAgainst(meter, [chapter]);
      const fails = checksOf(result).filter((c) => c.verdict === "FAIL" && c.chapter === chapter);
      expect(fails.length, `no FAIL in ${chapter}`).toBeGreaterThan(0);
      expect(fails[0]!.message.length).toBeGreaterThan(10);
    } finally {
      await meter.close();
    }
  }, 120_000);
});
