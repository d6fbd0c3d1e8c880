import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { toCsv } from "@/lib/export/csv";
import { TESTBOOK_CSV_COLUMNS } from "@/lib/export/testbook-csv";
import { EXAMPLES_DIR } from "../../helpers/examples";
import { readCsvRows } from "../../helpers/csv";
import { tempDir } from "../../helpers/temp-dir";

// The route handlers use the process's database: an embedded PGlite in a fresh folder.
process.env.PRIME_PLUS_DATA_DIR = tempDir("results-routes");
delete process.env.DATABASE_URL;

const r = {
  importAnswers: await import("@/app/api/questionnaires/import/route"),
  start: await import("@/app/api/questionnaires/route"),
  questionnaire: await import("@/app/api/questionnaires/[id]/route"),
  draft: await import("@/app/api/questionnaires/[id]/draft/route"),
  answers: await import("@/app/api/questionnaires/[id]/answers/route"),
  submit: await import("@/app/api/questionnaires/[id]/submit/route"),
  share: await import("@/app/api/profiles/[id]/share/route"),
  results: await import("@/app/api/profiles/[id]/results/route"),
  resultsLinks: await import("@/app/api/profiles/[id]/results-links/route"),
  resultsLink: await import("@/app/api/profiles/[id]/results-links/[link]/route"),
  setJson: await import("@/app/api/profiles/[id]/results/[set]/results.json/route"),
  setJunit: await import("@/app/api/profiles/[id]/results/[set]/junit.xml/route"),
  setEvidence: await import("@/app/api/profiles/[id]/results/[set]/evidence.zip/route"),
  p1: await import("@/app/api/profiles/[id]/p1/route"),
  profileJson: await import("@/app/api/profiles/[id]/profile.json/route"),
  answersJson: await import("@/app/api/profiles/[id]/answers.json/route"),
  objectsCsv: await import("@/app/api/profiles/[id]/objects.csv/route"),
  gurux: await import("@/app/api/profiles/[id]/gurux/[client]/route"),
  testbookJson: await import("@/app/api/profiles/[id]/testbook.json/route"),
  testbookCsv: await import("@/app/api/profiles/[id]/testbook.csv/route"),
  template: await import("@/app/api/profiles/[id]/results-template.json/route"),
  testlink: await import("@/app/api/profiles/[id]/testlink.xml/route"),
  xray: await import("@/app/api/profiles/[id]/xray.csv/route"),
};
const { getDatabase } = await import("@/lib/server/db");
const { loadVersionByRef } = await import("@/lib/server/profiles");
const { resultsView } = await import("@/lib/server/results-view");
const { authorize } = await import("@/lib/server/access");
const { signUp } = await import("../../helpers/accounts");
const account = await signUp({ workspace: "Utility A" });
const signedIn = { cookie: account.cookie };

type TParams<T extends Record<string, string>> = { params: Promise<T> };
const p = (id: string): TParams<{ id: string }> => ({ params: Promise.resolve({ id }) });
const url = (query = "") => `http://test/api${query}`;
const json = (method: string, body: unknown, query = "") => new Request(url(query), { method, headers: { "content-type": "application/json", ...signedIn }, body: typeof body === "string" ? body : JSON.stringify(body) });
const csvRequest = (text: string, query = "") => new Request(url(query), { method: "POST", headers: { "content-type": "text/csv", ...signedIn }, body: text });
const get = () => new Request(url(), { headers: signedIn });
const del = () => new Request(url(), { method: "DELETE", headers: signedIn });
/** The bytes as sent, byte order mark included (Response.text() drops it). */
const textOf = async (response: Response) => new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
const body = async (response: Response) => (await response.json()) as Record<string, any>;
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function submitExample(name: string): Promise<string> {
  const imported = await body(await r.importAnswers.POST(json("POST", readFileSync(join(EXAMPLES_DIR, `${name}.answers.json`), "utf8"))));
  const submitted = await r.submit.POST(json("POST", { revision: imported.revision }), p(imported.id));
  expect(submitted.status).toBe(201);
  return (await body(submitted)).versionId as string;
}

async function template(ref: string): Promise<Record<string, any>> {
  return JSON.parse(await (await r.template.GET(get(), p(ref))).text()) as Record<string, any>;
}

async function filled(ref: string, lab: string, verdicts: Record<number, string>): Promise<Record<string, any>> {
  const t = await template(ref);
  t.laboratory.name = lab;
  for (const [i, v] of Object.entries(verdicts)) Object.assign(t.results[Number(i)], { verdict: v, tester: "M. Ortega", date: "2026-11-20" });
  return t;
}

async function setCount(versionId: string): Promise<number> {
  return (await getDatabase()).prisma.resultsSet.count({ where: { versionId } });
}

let owner: string;
let share: string;
let resultsToken: string;

beforeAll(async () => {
  owner = await submitExample("three-phase-hls-cellular");
  share = (await body(await r.share.POST(json("POST", {}), p(owner)))).token as string;
  const created = await r.resultsLinks.POST(json("POST", { laboratory: "Laboratorio Central", expiresOn: inDays(30) }), p(owner));
  expect(created.status).toBe(201);
  resultsToken = (await body(created)).token as string;
});

describe("a share link is read-only", () => {
  test("every write route answers 403 and stores nothing", async () => {
    const before = await setCount(owner);
    const linksBefore = (await body(await r.resultsLinks.GET(get(), p(owner)))).links.length;
    const attempts: [string, () => Promise<Response>][] = [
      ["POST results (results file)", async () => r.results.POST(json("POST", await filled(owner, "Intruder", { 0: "PASS" })), p(share))],
      ["POST results (CSV)", () => r.results.POST(csvRequest("test_id,step,result\r\nASSOC-001/public,1,pass\r\n", "?laboratory=Intruder"), p(share))],
      ["POST share", () => r.share.POST(json("POST", {}), p(share))],
      ["POST results-links", () => r.resultsLinks.POST(json("POST", { laboratory: "Intruder", expiresOn: inDays(5) }), p(share))],
      ["GET results-links", () => r.resultsLinks.GET(get(), p(share))],
      ["DELETE results-links/[link]", () => r.resultsLink.DELETE(del(), { params: Promise.resolve({ id: share, link: resultsToken }) })],
      ["GET results", () => r.results.GET(get(), p(share))],
      ["GET results/1/junit.xml", () => r.setJunit.GET(get(), { params: Promise.resolve({ id: share, set: "1" }) })],
    ];
    for (const [name, attempt] of attempts) {
      const response = await attempt();
      expect(response.status, name).toBe(403);
      expect((await body(response)).error, name).toMatch(/share link/);
    }
    expect(await setCount(owner)).toBe(before);
    expect((await body(await r.resultsLinks.GET(get(), p(owner)))).links).toHaveLength(linksBefore);
    const link = await (await getDatabase()).prisma.resultsLink.findUnique({ where: { token: resultsToken } });
    expect(link?.revokedAt).toBeNull();
  });

  test("the questionnaire's write routes do not know a share token (404), and reading still works", async () => {
    expect((await r.draft.PUT(json("PUT", { revision: 0, draft: { formatVersion: "1.0", step: "x", values: {} } }), p(share))).status).toBe(404);
    expect((await r.submit.POST(json("POST", { revision: 0 }), p(share))).status).toBe(404);
    expect((await r.questionnaire.GET(get(), p(share))).status).toBe(404);
    for (const route of [r.profileJson, r.testbookJson, r.testbookCsv, r.template, r.testlink, r.xray]) expect((await route.GET(get(), p(share))).status).toBe(200);
    expect((await loadVersionByRef(get(), share)).readOnly).toBe(true);
  });
});

describe("a results link uploads results and does nothing else", () => {
  test("it uploads a results file and the filled CSV, each a new set under its laboratory's name", async () => {
    const t = await filled(resultsToken, "Some other name", { 0: "pass", 1: "FAIL" });
    const first = await r.results.POST(json("POST", t), p(resultsToken));
    expect(first.status).toBe(201);
    expect(await body(first)).toMatchObject({ laboratory: "Laboratorio Central", source: "upload", summary: { pass: 1, fail: 1 } });
    const rows = readCsvRows(await textOf(await r.testbookCsv.GET(get(), p(resultsToken))), TESTBOOK_CSV_COLUMNS);
    rows[0]!.result = "passed";
    const csv = toCsv([[...TESTBOOK_CSV_COLUMNS], ...rows.map((row) => TESTBOOK_CSV_COLUMNS.map((c) => row[c]))]);
    const second = await r.results.POST(csvRequest(csv, "?laboratory=Ignored"), p(resultsToken));
    expect(second.status).toBe(201);
    expect(await body(second)).toMatchObject({ laboratory: "Laboratorio Central", source: "csv", summary: { pass: 1, fail: 0 } });
  });

  test("it reads the testbook it answers in every format, and its own sets", async () => {
    for (const route of [r.testbookJson, r.testbookCsv, r.template, r.testlink, r.xray]) expect((await route.GET(get(), p(resultsToken))).status).toBe(200);
    const sets = (await body(await r.results.GET(get(), p(resultsToken)))).sets as { number: number; laboratory: string }[];
    expect(sets.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sets.map((s) => s.laboratory))).toEqual(new Set(["Laboratorio Central"]));
    expect((await r.setJunit.GET(get(), { params: Promise.resolve({ id: resultsToken, set: String(sets[0]!.number) }) })).status).toBe(200);
  });

  test("every other route answers 403 (or 404 for another's set), and the profile pages do not open", async () => {
    const ownSet = await r.results.POST(json("POST", await filled(owner, "Owner's own lab", { 2: "PASS" })), p(owner));
    const ownerSetNumber = String((await body(ownSet)).number);
    const refused: [string, () => Promise<Response>][] = [
      ["GET profile.json", () => r.profileJson.GET(get(), p(resultsToken))],
      ["GET answers.json", () => r.answersJson.GET(get(), p(resultsToken))],
      ["GET objects.csv", () => r.objectsCsv.GET(get(), p(resultsToken))],
      ["GET gurux", () => r.gurux.GET(get(), { params: Promise.resolve({ id: resultsToken, client: "management" }) })],
      ["POST share", () => r.share.POST(json("POST", {}), p(resultsToken))],
      ["POST results-links", () => r.resultsLinks.POST(json("POST", { laboratory: "Another", expiresOn: inDays(5) }), p(resultsToken))],
      ["GET results-links", () => r.resultsLinks.GET(get(), p(resultsToken))],
      ["DELETE its own link", () => r.resultsLink.DELETE(del(), { params: Promise.resolve({ id: resultsToken, link: resultsToken }) })],
      ["POST p1", () => r.p1.POST(json("POST", { capture: { name: "c.txt", base64: "AA==" }, keys: { encryption: "", authentication: "" } }), p(resultsToken))],
    ];
    for (const [name, attempt] of refused) {
      const response = await attempt();
      expect(response.status, name).toBe(403);
      expect((await body(response)).error, name).toBe("A results link can read the testbook it answers and upload results for it, and nothing else.");
    }
    const others = await r.setJunit.GET(get(), { params: Promise.resolve({ id: resultsToken, set: ownerSetNumber }) });
    expect(others.status).toBe(404);
    expect((await r.setJson.GET(get(), { params: Promise.resolve({ id: resultsToken, set: ownerSetNumber }) })).status).toBe(404);
    await expect(loadVersionByRef(get(), resultsToken)).rejects.toThrow(/No user profile/);
    expect((await r.draft.PUT(json("PUT", { revision: 0, draft: { formatVersion: "1.0", step: "x", values: {} } }), p(resultsToken))).status).toBe(404);
  });

  test("an expired or revoked link refuses everything, saying why", async () => {
    const make = async (lab: string) => (await body(await r.resultsLinks.POST(json("POST", { laboratory: lab, expiresOn: inDays(1) }), p(owner)))).token as string;
    const expired = await make("Expired lab");
    await (await getDatabase()).prisma.resultsLink.update({ where: { token: expired }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const up = await r.results.POST(json("POST", await filled(owner, "x", { 0: "PASS" })), p(expired));
    expect(up.status).toBe(403);
    expect((await body(up)).error).toMatch(/^This results link expired after \d{4}-\d\d-\d\d\. Ask Réseau Électrique du Nord for a new one\.$/);
    expect((await r.testbookCsv.GET(get(), p(expired))).status).toBe(403);
    const revoked = await make("Revoked lab");
    const revoke = await r.resultsLink.DELETE(del(), { params: Promise.resolve({ id: owner, link: revoked }) });
    expect(revoke.status).toBe(200);
    const after = await r.results.POST(json("POST", await filled(owner, "x", { 0: "PASS" })), p(revoked));
    expect(after.status).toBe(403);
    expect((await body(after)).error).toMatch(/revoked on/);
  });

  test(`uploads are limited in count: the 21st is refused with the limit named`, async () => {
    const token = (await body(await r.resultsLinks.POST(json("POST", { laboratory: "Busy lab", expiresOn: inDays(3) }), p(owner)))).token as string;
    const file = await filled(owner, "Busy lab", { 0: "PASS" });
    for (let i = 0; i < 20; i++) expect((await r.results.POST(json("POST", file), p(token))).status).toBe(201);
    const refused = await r.results.POST(json("POST", file), p(token));
    expect(refused.status).toBe(429);
    expect((await body(refused)).error).toBe("This results link has been used for 20 uploads, the most it accepts. Ask the profile's owner for a new results link.");
  });

  test("uploads are limited in size: over 16 MiB is refused before it is read, naming the limit", async () => {
    const big = `test_id,step,result,remarks\r\n${`ASSOC-001/public,1,pass,${"x".repeat(1000)}\r\n`.repeat(17 * 1024)}`;
    const response = await r.results.POST(csvRequest(big), p(resultsToken));
    expect(response.status).toBe(413);
    expect((await body(response)).error).toBe("The file is larger than 16 MiB, the most one upload of results may be.");
  });
});

describe("results are a history", () => {
  test("two uploads make two sets; the first is still there, unchanged, and the difference between them is shown", async () => {
    const version = await submitExample("single-phase-plc");
    const a = await r.results.POST(json("POST", await filled(version, "Laboratorio Central", { 0: "PASS", 1: "FAIL", 2: "PASS" })), p(version));
    const b = await r.results.POST(json("POST", await filled(version, "Laboratorio Central", { 0: "PASS", 1: "PASS", 2: "FAIL", 3: "INCONCLUSIVE" })), p(version));
    expect([a.status, b.status]).toEqual([201, 201]);
    expect([(await body(a)).number, (await body(b)).number]).toEqual([1, 2]);
    const sets = (await body(await r.results.GET(get(), p(version)))).sets as { number: number; summary: { pass: number; fail: number } }[];
    expect(sets.map((s) => [s.number, s.summary.pass, s.summary.fail])).toEqual([[2, 2, 1], [1, 2, 1]]);
    const first = JSON.parse(await (await r.setJson.GET(get(), { params: Promise.resolve({ id: version, set: "1" }) })).text()) as { results: { verdict: string | null }[] };
    expect(first.results.slice(0, 4).map((x) => x.verdict)).toEqual(["PASS", "FAIL", "PASS", null]);
    const view = await resultsView(await authorize(get(), version, "read-results"));
    expect(view.latest.map((s) => s.number)).toEqual([2]);
    expect(view.comparison?.from.number).toBe(1);
    expect(view.comparison?.diff.changes.map((c) => [c.before, c.after])).toEqual([["FAIL", "PASS"], ["PASS", "FAIL"], [null, "INCONCLUSIVE"]]);
    const junit = await r.setJunit.GET(get(), { params: Promise.resolve({ id: version, set: "1" }) });
    expect(junit.headers.get("content-type")).toContain("application/xml");
    expect(await junit.text()).toContain('<property name="results-set" value="1"/>');
  });

  test("the filled testbook.csv of the full profile imports through the route: over 4 MB filled in, where the limit was 1 MiB", async () => {
    const version = await submitExample("full");
    const rows = readCsvRows(await textOf(await r.testbookCsv.GET(get(), p(version))), TESTBOOK_CSV_COLUMNS);
    rows.forEach((row, i) => Object.assign(row, { result: i % 50 === 7 ? "fail" : "pass", tester: "Ana Pérez", date: "20/11/2026", remarks: `Observed on bench 3 with meter SN 0042, capture ${i}.pcap; answered within 120 ms without retries` }));
    const csv = toCsv([[...TESTBOOK_CSV_COLUMNS], ...rows.map((row) => TESTBOOK_CSV_COLUMNS.map((c) => row[c]))]);
    expect(Buffer.byteLength(csv)).toBeGreaterThan(4_000_000);
    const response = await r.results.POST(csvRequest(csv, `?laboratory=${encodeURIComponent("Laboratório Nacional")}`), p(version));
    const result = await body(response);
    expect(response.status, JSON.stringify(result).slice(0, 500)).toBe(201);
    expect(result.source).toBe("csv");
    expect(result.laboratory).toBe("Laboratório Nacional");
    expect(result.summary.pass + result.summary.fail).toBe(result.summary.total);
    expect(result.summary.fail).toBe(new Set(rows.filter((_, i) => i % 50 === 7).map((row) => row.test_id)).size);
  });

  test("lower-case verdicts import, from a results file and from a CSV", async () => {
    const json1 = await r.results.POST(json("POST", await filled(owner, "Lab minúsculas", { 0: "pass", 1: "failed", 2: "inconclusive", 3: "ok", 4: "n/a" })), p(owner));
    expect(json1.status).toBe(201);
    expect((await body(json1)).summary).toMatchObject({ pass: 2, fail: 1, inconclusive: 1 });
    const rows = readCsvRows(await textOf(await r.testbookCsv.GET(get(), p(owner))), TESTBOOK_CSV_COLUMNS);
    const firstSteps = rows.filter((row) => row.step === "1").slice(0, 3);
    firstSteps.forEach((row, i) => (row.result = ["pass", "fail", "ok"][i]!));
    const csv = toCsv([[...TESTBOOK_CSV_COLUMNS], ...rows.map((row) => TESTBOOK_CSV_COLUMNS.map((c) => row[c]))]);
    const response = await r.results.POST(csvRequest(csv, "?laboratory=Lab"), p(owner));
    expect(response.status).toBe(201);
    expect((await body(response)).summary).toMatchObject({ pass: 2, fail: 1 });
  });
});

describe("bad input is answered with a 4xx naming the field, never a 500", () => {
  test.each([
    ["a body that is not JSON", () => json("POST", "{not json"), 400, "not valid JSON"],
    ["a content type that is neither JSON nor CSV", () => new Request(url(), { method: "POST", headers: { "content-type": "image/png", ...signedIn }, body: "x" }), 415, "application/json"],
    ["a CSV without the laboratory's name", () => csvRequest("test_id,step,result\r\nASSOC-001/public,1,pass\r\n"), 400, "laboratory:"],
    ["a laboratory name of 201 characters", () => csvRequest("test_id,step,result\r\n", `?laboratory=${"x".repeat(201)}`), 400, "laboratory: at most 200"],
    ["a CSV with no verdict at all", () => csvRequest("test_id,step,result\r\nASSOC-001/public,1,\r\n", "?laboratory=Lab"), 422, "records no verdict"],
    ["a results file of another testbook", () => json("POST", { resultsFormatVersion: "1.0", testbook: { id: "0".repeat(64), profileId: "0".repeat(64), catalogueVersion: "1" }, laboratory: { name: "x", meter: { manufacturer: "", model: "", serialNumber: "", firmwareVersion: "" } }, results: [] }), 422, "The results file has 1 problem"],
  ])("an upload with %s", async (_, request, status, message) => {
    const response = await r.results.POST(request(), p(owner));
    expect(response.status).toBe(status);
    expect((await body(response)).error).toContain(message);
  });

  test("a CSV with many problems lists the first 50, one per test and step, and counts the rest", async () => {
    const lines = Array.from({ length: 70 }, (_, i) => `ASSOC-001/public,${(i % 3) + 1},maybe${i}`);
    const response = await r.results.POST(csvRequest(`test_id,step,result\r\n${lines.join("\r\n")}\r\n`, "?laboratory=Lab"), p(owner));
    const result = await body(response);
    expect(response.status).toBe(422);
    expect(result.error).toBe("The CSV has 70 problems; the first 50 are listed. It does not fit this testbook; nothing was stored.");
    expect(result.issues).toHaveLength(50);
    expect(result.more).toBe(20);
    expect(result.lines[0]).toBe('row 2, result (test ASSOC-001/public step 1): "maybe0" is not a verdict: write pass, passed, ok, fail, failed, inconclusive or n/a, in any case');
  });

  test.each([
    [{ laboratory: "", expiresOn: inDays(3) }, "laboratory: the laboratory's name is required"],
    [{ laboratory: "Lab", expiresOn: "tomorrow" }, "expiresOn: the last day the link works, as YYYY-MM-DD"],
    [{ laboratory: "Lab" }, "expiresOn"],
    [{ laboratory: "Lab", expiresOn: inDays(3), extra: 1 }, "extra"],
  ])("a results link request %j is refused naming the field", async (request, message) => {
    const response = await r.resultsLinks.POST(json("POST", request), p(owner));
    expect(response.status).toBe(400);
    expect(JSON.stringify(await body(response))).toContain(message);
  });

  test("a results link expiring in the past or beyond a year is refused", async () => {
    const past = await r.resultsLinks.POST(json("POST", { laboratory: "Lab", expiresOn: "2020-01-01" }), p(owner));
    expect((await body(past)).error).toMatch(/^expiresOn: 2020-01-01 is in the past/);
    const far = await r.resultsLinks.POST(json("POST", { laboratory: "Lab", expiresOn: inDays(400) }), p(owner));
    expect((await body(far)).error).toMatch(/^expiresOn: a results link works for at most 366 days/);
  });

  test("a set that is not a number, or does not exist, or has no evidence", async () => {
    const bad = await r.setJunit.GET(get(), { params: Promise.resolve({ id: owner, set: "abc" }) });
    expect([bad.status, (await body(bad)).error]).toEqual([400, "set: must be a results set number such as 3."]);
    expect((await r.setJunit.GET(get(), { params: Promise.resolve({ id: owner, set: "9999" }) })).status).toBe(404);
    const none = await r.setEvidence.GET(get(), { params: Promise.resolve({ id: owner, set: "1" }) });
    expect([none.status, (await body(none)).error]).toEqual([404, "set: results set 1 has no evidence archive (only conformance runs have one)."]);
    expect((await r.resultsLink.DELETE(del(), { params: Promise.resolve({ id: owner, link: "no-such-link" }) })).status).toBe(404);
  });
});
