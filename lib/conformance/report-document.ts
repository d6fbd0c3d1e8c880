import { heading, frontPart } from "../documents/front-matter";
import { paragraph, type TBlock, type TDocumentModel, type TPart } from "../documents/model";
import type { TTestbook } from "../testbook/testbook-schema";
import { CHECK_VERDICTS } from "./check";
import { RUNNER_NAME } from "./results";
import type { TRunResult } from "./run";
import type { TRunSummary, TVerdictCounts } from "./summary";

const countCells = (c: TVerdictCounts) => CHECK_VERDICTS.map((v) => String(c[v]));
const VERDICT_COLUMNS = CHECK_VERDICTS.map((v) => ({ title: v, width: 0.1, align: "right" as const }));
const shortId = (id: string) => id.slice(0, 12);

function summaryPart(run: TRunResult, summary: TRunSummary): TPart {
  const failedRequirements = summary.requirements.filter((r) => r.verdict === "FAIL");
  const blocks: TBlock[] = [
    heading("summary", 1, "1", "Summary", true),
    paragraph(
      `${summary.checks.PASS} checks passed, ${summary.checks.FAIL} failed, ${summary.checks.INCONCLUSIVE} could not be judged and ${summary.checks["NOT-RUN"]} were not run, in ${run.tests.length} tests. ${run.cancelled ? "The run was cancelled before its end." : "The run went to its end."}`,
    ),
    heading("summary-chapters", 2, "1.1", "Tests by chapter", true),
    { kind: "table", columns: [{ title: "Chapter", width: 0.5 }, ...VERDICT_COLUMNS, { title: "Checks", width: 0.1, align: "right" }], rows: summary.chapters.map((c) => [c.title, ...countCells(c.tests), String(c.checks.PASS + c.checks.FAIL + c.checks.INCONCLUSIVE)]) },
    heading("summary-clients", 2, "1.2", "Checks by client", true),
    { kind: "table", columns: [{ title: "Client", width: 0.6 }, ...VERDICT_COLUMNS], rows: summary.clients.map((c) => [run.clientNames[c.client] ?? c.client, ...countCells(c.checks)]) },
    heading("summary-requirements", 2, "1.3", "Requirements of the profile", true),
    paragraph(`${summary.coverage.executed} of the ${summary.coverage.requirements} requirements of the testbook's traceability matrix (${summary.coverage.percent} %) are covered by executed checks: ${summary.coverage.passed} pass and ${summary.coverage.failed} fail.`),
  ];
  if (failedRequirements.length > 0) {
    blocks.push({ kind: "table", dense: true, columns: [{ title: "Requirement", width: 0.35, mono: true }, { title: "Label", width: 0.45 }, { title: "Executed checks", width: 0.2, align: "right" }], rows: failedRequirements.map((r) => [r.id, r.label, String(r.executed)]) });
  }
  return { id: "summary", runningTitle: "Summary", orientation: "portrait", blocks };
}

function problemsPart(run: TRunResult): TPart {
  const problems = run.tests.flatMap((t) => t.checks).filter((c) => c.verdict === "FAIL" || c.verdict === "INCONCLUSIVE");
  return {
    id: "problems",
    runningTitle: "Checks that failed or could not be judged",
    orientation: "landscape",
    blocks: [
      heading("problems", 1, "2", "Checks that failed or could not be judged", true),
      problems.length === 0
        ? paragraph("None: every executed check passed.")
        : {
            kind: "table",
            dense: true,
            columns: [
              { title: "Verdict", width: 0.1 },
              { title: "Check", width: 0.17, mono: true },
              { title: "What was checked", width: 0.33 },
              { title: "What was observed", width: 0.4 },
            ],
            rows: problems.map((c) => [c.verdict, c.id, c.title, c.message]),
          },
    ],
  };
}

function testsParts(run: TRunResult, testbook: TTestbook): TPart[] {
  return testbook.chapters
    .map((c) => ({ c, tests: run.tests.filter((t) => t.chapter === c.id) }))
    .filter((x) => x.tests.length > 0)
    .map(({ c, tests }, i) => ({
      id: `tests-${c.id}`,
      runningTitle: c.title,
      orientation: "portrait" as const,
      blocks: [
        heading(`tests-${c.id}`, i === 0 ? 1 : 2, i === 0 ? "3" : `3.${i}`, i === 0 ? `Tests: ${c.title}` : c.title, true),
        {
          kind: "table" as const,
          dense: true,
          columns: [
            { title: "Test", width: 0.3, mono: true },
            { title: "Mode", width: 0.12 },
            { title: "Verdict", width: 0.14 },
            { title: "Checks (pass / fail / inconclusive / not run)", width: 0.44 },
          ],
          rows: tests.map((t) => {
            const n = (v: string) => t.checks.filter((k) => k.verdict === v).length;
            const reason = t.verdict === "NOT-RUN" ? ` · ${t.checks[0]?.message ?? ""}` : "";
            return [t.testId, t.mode, t.verdict, `${n("PASS")} / ${n("FAIL")} / ${n("INCONCLUSIVE")} / ${n("NOT-RUN")}${reason}`];
          }),
        },
      ],
    }));
}

/**
 * The run report as a document model, rendered to PDF by lib/documents like the profile and the
 * testbook: a cover naming the meter, the profile and the outcome, the summary by chapter, client
 * and requirement, every check that failed or could not be judged, then every test with its
 * verdict. The checks that passed are counted, not listed: the HTML report and results.json list
 * them all.
 */
export function buildRunReportDocument(run: TRunResult, testbook: TTestbook, summary: TRunSummary): TDocumentModel {
  const parts = [summaryPart(run, summary), problemsPart(run), ...testsParts(run, testbook)];
  const id = run.meter.identity;
  const outcome = `${summary.tests.PASS} PASS, ${summary.tests.FAIL} FAIL, ${summary.tests.INCONCLUSIVE} INCONCLUSIVE, ${summary.tests["NOT-RUN"]} NOT-RUN`;
  const front = frontPart(
    {
      title: "PRIME+ conformance run",
      subtitle: run.profile.company,
      rows: [
        ["Utility", run.profile.company],
        ["Meter", run.meter.address],
        ["Link", run.meter.framing === "hdlc" ? "HDLC" : "TCP wrapper (IEC 62056-47)"],
        ["Logical device name", id.logicalDeviceName || "not read"],
        ["Serial number", id.serialNumber || "not read"],
        ["Firmware", id.firmwareVersion || "not read"],
        ["Profile hash", run.profile.id],
        ["Testbook id", run.testbook.id],
        ["Runner", `${RUNNER_NAME} ${run.runnerVersion}`],
        ["Started", run.startedAt],
        ["Finished", `${run.finishedAt}${run.cancelled ? " (cancelled)" : ""}`],
        ["Tests", `${run.tests.length}: ${outcome}`],
        ["Checks executed", String(run.stats.executed)],
        ["Limited to", run.only.length > 0 ? run.only.join(", ") : "the whole testbook"],
        ["Operator", run.operator ? "answered the assisted tests" : "none: assisted tests not run"],
      ],
      note: "The evidence of every check (requests and responses, decoded, with their times) is in traffic.jsonl beside this report; SHA256SUMS gives the hash of each file of the evidence.",
    },
    parts,
  );
  const title = `PRIME+ conformance run: ${run.profile.company}`;
  return {
    kind: "run-report",
    title,
    headerText: `PRIME+ conformance run · ${run.profile.company}`,
    footerText: `Run of testbook ${shortId(run.testbook.id)} · ${run.finishedAt}`,
    metadata: { title, author: RUNNER_NAME, subject: `Conformance run of testbook ${run.testbook.id} against ${run.meter.address}`, keywords: ["PRIME+", "DLMS/COSEM", "conformance", run.testbook.id], date: run.finishedAt },
    front,
    parts,
  };
}
