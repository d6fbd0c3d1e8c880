import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { evidenceArchive, evidenceFiles } from "@/lib/conformance/archive";
import { RUNNER_NAME, runResultsFile } from "@/lib/conformance/results";
import { runConformance, type TRunResult } from "@/lib/conformance/run";
import type { TCheck } from "@/lib/conformance/check";
import { getAutomation } from "@/lib/testbook/automation";
import type { TTestbook } from "@/lib/testbook/testbook-schema";
import { channelFor, parseMeterAddress, type TMeterAddress } from "@/lib/transport/meter-address";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { exampleSecrets, startExampleMeter, type TTestMeter } from "../../helpers/simulator";
import { tempDir } from "../../helpers/temp-dir";

// The route handlers and addResultsSet use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("runner-sets");
delete process.env.DATABASE_URL;

const importRoute = await import("@/app/api/questionnaires/import/route");
const submitRoute = await import("@/app/api/questionnaires/[id]/submit/route");
const evidenceRoute = await import("@/app/api/profiles/[id]/results/[set]/evidence.zip/route");
const junitRoute = await import("@/app/api/profiles/[id]/results/[set]/junit.xml/route");
const resultsRoute = await import("@/app/api/profiles/[id]/results/route");
const { getDatabase } = await import("@/lib/server/db");
const { addResultsSet } = await import("@/lib/server/results");
const { loadVersion, testbookOf } = await import("@/lib/server/profiles");
const { signUp } = await import("../../helpers/accounts");
const account = await signUp({ workspace: "Utility A" });
const signedIn = { cookie: account.cookie };

const NAME = "three-phase-hls-cellular";
const post = (body: string) => new Request("http://test/", { method: "POST", headers: { "content-type": "application/json", ...signedIn }, body });
const get = () => new Request("http://test/", { headers: signedIn });

let versionId: string;
let testbook: TTestbook;

beforeAll(async () => {
  const imported = (await (await importRoute.POST(post(readFileSync(join(EXAMPLES_DIR, `${NAME}.answers.json`), "utf8")))).json()) as { id: string; revision: number };
  const submitted = (await (await submitRoute.POST(post(JSON.stringify({ revision: imported.revision })), { params: Promise.resolve({ id: imported.id }) })).json()) as { versionId: string };
  versionId = submitted.versionId;
  testbook = testbookOf((await loadVersion(get(), versionId)).profile);
});

/** A small run as the runner records it: three tests, one passing, one failing, one not run. */
function syntheticRun(): TRunResult {
  const tests = testbook.chapters.flatMap((c) => c.tests).slice(0, 3);
  const check = (testId: string, verdict: TCheck["verdict"], n: number): TCheck => ({
    id: `${testId}#${n}`,
    testId,
    step: 1,
    title: `Reading client: GET 0-0:1.0.0.255 attribute 2 (${n})`,
    verdict,
    message: verdict === "PASS" ? "as expected" : "the meter answered object-undefined",
    requirements: ["client:reading"],
    evidence: [0, 0],
    startedAt: 0,
    durationMs: 12,
  });
  const verdicts = ["PASS", "FAIL", "NOT-RUN"] as const;
  return {
    runnerVersion: "1.0.0",
    meter: { address: "tcp://127.0.0.1:4059", framing: "wrapper", identity: { logicalDeviceName: "ACM0000001", manufacturer: "ACM", serialNumber: "SN-42", firmwareVersion: "2.1" } },
    only: [],
    operator: false,
    profile: { id: testbook.profile.id, company: testbook.profile.company },
    clientNames: {},
    testbook: { id: testbook.id },
    startedAt: "2026-11-20T09:00:00.000Z",
    finishedAt: "2026-11-20T09:05:00.000Z",
    cancelled: false,
    tests: tests.map((t, i) => ({ testId: t.id, caseId: t.caseId, chapter: t.chapter, title: t.title, mode: "automatic", verdict: verdicts[i]!, checks: [check(t.id, verdicts[i]!, 1)] })),
    traffic: [],
    stats: { checks: 3, executed: 2, roundTrips: 0, bytes: 0, associations: 0, reads: 0, seconds: 300 },
  };
}

describe("a conformance run stored as a results set", () => {
  test("addResultsSet keeps the runner's results and its evidence archive, downloadable from the history", async () => {
    const run = syntheticRun();
    const profile = (await loadVersion(get(), versionId)).profile;
    const archive = evidenceArchive(evidenceFiles(run, testbook, profile, exampleSecrets(NAME)), "prime-plus-run", run.finishedAt);
    const set = await addResultsSet(await getDatabase(), versionId, { source: "runner", laboratory: RUNNER_NAME, file: runResultsFile(run, testbook), archive });
    expect(set).toMatchObject({ source: "runner", laboratory: RUNNER_NAME, testbookId: testbook.id, summary: { pass: 1, fail: 1, inconclusive: 0 }, evidence: { size: archive.byteLength } });
    expect(set.meter).toEqual({ manufacturer: "ACM", model: "ACM0000001", serialNumber: "SN-42", firmwareVersion: "2.1" });

    const listed = (await (await resultsRoute.GET(get(), { params: Promise.resolve({ id: versionId }) })).json()) as { sets: { number: number; source: string; evidence: unknown }[] };
    expect(listed.sets[0]).toMatchObject({ number: set.number, source: "runner", evidence: { size: archive.byteLength } });

    const download = await evidenceRoute.GET(get(), { params: Promise.resolve({ id: versionId, set: String(set.number) }) });
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    expect(download.headers.get("content-disposition")).toContain(`set${set.number}.zip`);
    const bytes = new Uint8Array(await download.arrayBuffer());
    expect(Buffer.from(bytes).equals(Buffer.from(archive))).toBe(true);
    const files = unzipSync(bytes);
    const results = JSON.parse(new TextDecoder().decode(files["prime-plus-run/results.json"])) as { results: { verdict: string | null }[] };
    expect(results.results.slice(0, 3).map((r) => r.verdict)).toEqual(["PASS", "FAIL", null]);

    const junit = await (await junitRoute.GET(get(), { params: Promise.resolve({ id: versionId, set: String(set.number) }) })).text();
    expect(junit).toContain('<property name="source" value="runner"/>');
    expect(junit).toMatch(/<failure message="[^"]*FAIL/);
  });

  test("a runner file for another testbook is refused, and only a run may bring an archive", async () => {
    const file = runResultsFile(syntheticRun(), testbook);
    file.testbook.id = "0".repeat(64);
    await expect(addResultsSet(await getDatabase(), versionId, { source: "runner", laboratory: RUNNER_NAME, file })).rejects.toMatchObject({ status: 422 });
    await expect(addResultsSet(await getDatabase(), versionId, { source: "upload", laboratory: "Lab", file: runResultsFile(syntheticRun(), testbook), archive: new Uint8Array(10) })).rejects.toMatchObject({ status: 400 });
  });
});

describe("a real conformance run against the simulator, stored as a results set", () => {
  let meter: TTestMeter;
  beforeAll(async () => {
    meter = await startExampleMeter(NAME);
  }, 60_000);
  afterAll(() => meter.close());

  test("the runner's results file of the associations chapter is accepted as the next set", async () => {
    expect(meter.profile.id).toBe(testbook.profile.id);
    const address = parseMeterAddress(meter.wrapper) as TMeterAddress;
    const run = await runConformance({
      profile: meter.profile,
      secrets: meter.secrets,
      testbook,
      automation: getAutomation(),
      target: { description: meter.wrapper, channel: (clientSap) => channelFor(address, { clientSap }) },
      framing: "wrapper",
      only: ["associations"],
    });
    const archive = evidenceArchive(evidenceFiles(run, testbook, meter.profile, meter.secrets), "run", run.finishedAt);
    const set = await addResultsSet(await getDatabase(), versionId, { source: "runner", laboratory: RUNNER_NAME, file: runResultsFile(run, testbook), archive });
    const associations = testbook.chapters.find((c) => c.id === "associations")!.tests.length;
    expect(set.summary.pass + set.summary.fail + set.summary.inconclusive).toBe(run.tests.filter((t) => t.verdict !== "NOT-RUN").length);
    expect(set.summary.pass).toBeGreaterThan(0);
    expect(run.tests).toHaveLength(associations);
    expect(set.evidence?.size).toBe(archive.byteLength);
  }, 120_000);
});
