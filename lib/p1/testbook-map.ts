import { RESULTS_FORMAT_VERSION, REMARKS_MAX, type TResultsFile, type TResultVerdict } from "../testbook/results";
import type { TTestbook } from "../testbook/testbook-schema";
import type { TP1Finding, TP1Report } from "./report";

/**
 * Which tests of the testbook's P1 chapter a check is evidence for, and the results set the
 * verdicts make. Tests bound to an object carry its id ("P1-007/energy-active-import-total").
 */
const BY_CHECK: Partial<Record<TP1Finding["check"], string[]>> = {
  "timing.first": ["P1-001"],
  "timing.interval": ["P1-001"],
  "timing.duration": ["P1-001"],
  "capture.between": ["P1-003"],
  "telegram.complete": ["P1-003"],
  "telegram.header": ["P1-003"],
  "telegram.empty-line": ["P1-003"],
  "telegram.line-ends": ["P1-003"],
  "telegram.characters": ["P1-003"],
  "telegram.data-lines": ["P1-003"],
  "telegram.end-line": ["P1-003"],
  "telegram.crc": ["P1-004"],
  "content.rows": ["P1-005"],
  "content.optional": ["P1-005"],
  "content.outside": ["P1-005"],
  "content.duplicates": ["P1-005"],
  "content.order": ["P1-005"],
  "content.version": ["P1-006"],
  "consistency.clock": ["P1-006"],
  "frame.encryption": ["P1-013"],
  "frame.tag": ["P1-013"],
  "frame.system-title": ["P1-013"],
  "frame.length": ["P1-013"],
  "frame.security-control": ["P1-013"],
  "frame.complete": ["P1-013"],
  "frame.decryption": ["P1-013"],
  "frame.counter": ["P1-014"],
  "frame.counter-reset": ["P1-014"],
  "frame.counter-overflow": ["P1-015"],
};

/** Checks whose lines are also evidence for the tests of the objects they concern. */
const PER_OBJECT = new Set<TP1Finding["check"]>(["content.rows", "content.format", "content.order", "content.duplicates", "consistency.registers"]);

const OBJECT_CASES: [RegExp, (id: string) => string[]][] = [
  [/^energy-(active|reactive)-(import|export)-total$/, (id) => [`P1-007/${id}`]],
  [/^(active|reactive)-power-(import|export)$/, (id) => [`P1-008/${id}`]],
  [/^disconnect-control$/, () => ["P1-009"]],
  [/^limiter$/, () => ["P1-010"]],
  [/^(p1-version|clock|logical-device-name)$/, () => ["P1-006"]],
  [/^p1-long-message$/, (id) => [`P1-012/${id}`]],
  [/^p1-long-message-ch(\d)$/, (id) => [`P1-011/mbus-client-ch${id.slice(-1)}`, `P1-012/${id}`]],
  [/^mbus-[a-z-]+-ch\d$/, (id) => [`P1-011/mbus-client-ch${id.slice(-1)}`]],
];

export function testIdsOf(finding: TP1Finding): string[] {
  const ids = new Set(BY_CHECK[finding.check] ?? []);
  if (PER_OBJECT.has(finding.check)) {
    const objects = finding.objectIds ?? [];
    for (const id of objects) for (const [pattern, cases] of OBJECT_CASES) if (pattern.test(id)) cases(id).forEach((c) => ids.add(c));
    if (objects.length === 0 && finding.check === "content.format") ids.add("P1-005");
  }
  return [...ids];
}

/** What a capture shows of each test; the rest of the test's steps need a DLMS client or a request line. */
const COVERAGE: Record<string, string> = {
  "P1-001": "intervals, delay after the request and sending time, from the receive times; not the silence without a request",
  "P1-003": "the structure of every telegram",
  "P1-004": "the CRC of every telegram",
  "P1-005": "the telegram lines against the profile's readout list; not the DLMS access to the readout list object",
  "P1-006": "the version, clock and logical device name lines; not their comparison with the COSEM values",
  "P1-013": "the frame layout and its decryption; not the security setup's access rights or policy changes",
  "P1-014": "the counters of consecutive frames; not the key transfer itself",
  "P1-015": "the frames after counter 0xFFFFFFFF",
};
const coverageOf = (testId: string) => COVERAGE[testId.split("/")[0]!] ?? "the line's presence and format; not its comparison with the COSEM value or its writing";

export type TP1TestVerdict = { testId: string; verdict: TResultVerdict; remarks: string };

/** One verdict per test the report has lines for: FAIL if any line fails, PASS if one passes, else INCONCLUSIVE. */
export function p1TestVerdicts(report: TP1Report): TP1TestVerdict[] {
  const byTest = new Map<string, TP1Report["lines"]>();
  for (const line of report.lines) for (const id of line.testIds) byTest.set(id, [...(byTest.get(id) ?? []), line]);
  return [...byTest.entries()]
    .sort(([a], [b]) => a.localeCompare(b, "en", { numeric: true }))
    .map(([testId, lines]) => {
      const verdict: TResultVerdict = lines.some((l) => l.status === "FAIL") ? "FAIL" : lines.some((l) => l.status === "PASS") ? "PASS" : "INCONCLUSIVE";
      const notable = lines.filter((l) => l.status !== "PASS");
      const shown = (notable.length > 0 ? notable : lines).slice(0, 12).map((l) => `${l.status} ${l.check}${l.unit ? ` #${l.unit}` : ""}: ${l.reason}`);
      const more = (notable.length > 0 ? notable : lines).length - shown.length;
      const head = `P1 capture check (${report.capture.source}, ${report.capture.checked} telegrams checked, ${report.checkedAt}); covers ${coverageOf(testId)}.`;
      const text = [head, ...shown, ...(more > 0 ? [`… and ${more} more lines in p1-report.json`] : [])].join("\n");
      return { testId, verdict, remarks: text.length > REMARKS_MAX ? `${text.slice(0, REMARKS_MAX - 1)}…` : text };
    });
}

export type TP1ResultsOptions = { date: string; laboratory?: string; tester?: string };

/**
 * The verdicts as a results set of the profile's testbook, for the tests the testbook has;
 * the meter is named from the telegram header (FLAG id and identification).
 */
export function p1ResultsFile(report: TP1Report, testbook: TTestbook, options: TP1ResultsOptions): TResultsFile {
  const titles = new Map(testbook.chapters.flatMap((c) => c.tests.map((t) => [t.id, t.title] as const)));
  const header = report.decoded.flatMap((u) => u.lines.filter((l) => l.kind === "header" && l.status === "PASS")).map((l) => l.text)[0] ?? "";
  const m = /^\/([A-Za-z]{3})5(.*)$/.exec(header);
  return {
    resultsFormatVersion: RESULTS_FORMAT_VERSION,
    testbook: { id: testbook.id, profileId: testbook.profile.id, catalogueVersion: testbook.catalogue.version },
    laboratory: { name: options.laboratory ?? "PRIME+ P1 checker", meter: { manufacturer: m?.[1] ?? "", model: (m?.[2] ?? "").slice(0, 200), serialNumber: "", firmwareVersion: "" } },
    results: p1TestVerdicts(report)
      .filter((v) => titles.has(v.testId))
      .map((v) => ({ testId: v.testId, title: titles.get(v.testId)!, verdict: v.verdict, tester: options.tester ?? "PRIME+ P1 checker", date: options.date, remarks: v.remarks })),
  };
}
