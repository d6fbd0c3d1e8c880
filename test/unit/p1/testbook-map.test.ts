import { describe, expect, test } from "vitest";
import { captureFromChunks } from "@/lib/p1/capture";
import { checkP1Capture } from "@/lib/p1/check";
import { p1ResultsFile, p1TestVerdicts, testIdsOf } from "@/lib/p1/testbook-map";
import { buildTestbook } from "@/lib/testbook/build";
import { getCatalogue } from "@/lib/testbook/catalogue";
import { parseResults } from "@/lib/testbook/results";
import { exampleLayout, exampleProfile, frameOf, P1_AUTH_KEY, P1_KEY, sentAt, sendTime, telegramAt } from "../../helpers/p1-meter";

function reportOf(name: "full" | "three-phase-hls-cellular", edit: (frames: Uint8Array[]) => void = () => {}) {
  const layout = exampleLayout(name);
  const frames = [0, 1, 2].map((i) => frameOf(telegramAt(layout, i), 10 + i));
  edit(frames);
  const capture = captureFromChunks("p1.jsonl", sentAt(frames), sendTime(0) - 200, null);
  return checkP1Capture(capture, layout, { keys: { encryption: [P1_KEY], authentication: P1_AUTH_KEY }, checkedAt: "2026-03-10T12:00:00.000Z" });
}

describe("testIdsOf", () => {
  test("maps a check to its P1 chapter case, and a value to the test of its object", () => {
    expect(testIdsOf({ check: "telegram.crc", status: "FAIL", reason: "" })).toEqual(["P1-004"]);
    expect(testIdsOf({ check: "content.format", status: "PASS", reason: "", objectIds: ["energy-reactive-export-total"] })).toEqual(["P1-007/energy-reactive-export-total"]);
    expect(testIdsOf({ check: "content.rows", status: "PASS", reason: "", objectIds: ["mbus-value-ch3"] })).toEqual(["P1-005", "P1-011/mbus-client-ch3"]);
    expect(testIdsOf({ check: "content.format", status: "PASS", reason: "", objectIds: ["p1-long-message-ch2"] })).toEqual(["P1-011/mbus-client-ch2", "P1-012/p1-long-message-ch2"]);
    expect(testIdsOf({ check: "frame.counter-overflow", status: "PASS", reason: "" })).toEqual(["P1-015"]);
    expect(testIdsOf({ check: "capture.cut", status: "WARN", reason: "" })).toEqual([]);
  });
});

describe("p1TestVerdicts", () => {
  test.each(["full", "three-phase-hls-cellular"] as const)("every test id of a good capture of %s is a test of the profile's testbook", (name) => {
    const testbook = buildTestbook(exampleProfile(name), getCatalogue());
    const ids = new Set(testbook.chapters.flatMap((c) => c.tests.map((t) => t.id)));
    const verdicts = p1TestVerdicts(reportOf(name));
    expect(verdicts.filter((v) => !ids.has(v.testId)).map((v) => v.testId)).toEqual([]);
    expect(verdicts.every((v) => v.verdict === "PASS")).toBe(true);
  });

  test("a failing check fails its test and its remarks give the reason", () => {
    const verdicts = p1TestVerdicts(reportOf("three-phase-hls-cellular", (f) => (f[1]![13] = 0x20)));
    const v = verdicts.find((x) => x.testId === "P1-013")!;
    expect(v.verdict).toBe("FAIL");
    expect(v.remarks).toContain("FAIL frame.security-control #2: byte 13 (security control) is 0x20");
    expect(verdicts.find((x) => x.testId === "P1-004")!.verdict).toBe("PASS");
  });
});

describe("p1ResultsFile", () => {
  test("is a results set of the profile's testbook, which parseResults accepts", () => {
    const testbook = buildTestbook(exampleProfile("full"), getCatalogue());
    const results = p1ResultsFile(reportOf("full"), testbook, { date: "2026-03-10" });
    const parsed = parseResults(results, testbook);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.summary.pass).toBe(results.results.length);
    expect(results.laboratory.meter).toMatchObject({ manufacturer: "PRM", model: "\\2PRIME-PLUS-T210" });
    expect(results.results.map((r) => r.testId)).toEqual(expect.arrayContaining(["P1-001", "P1-003", "P1-004", "P1-005", "P1-006", "P1-007/energy-active-import-total", "P1-011/mbus-client-ch4", "P1-013", "P1-014"]));
  });
});
