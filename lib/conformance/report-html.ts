import { escapeHtml as escape } from "../documents/profile-html";
import type { TTestbook } from "../testbook/testbook-schema";
import { CHECK_VERDICTS, type TCheck, type TCheckVerdict } from "./check";
import { RUNNER_NAME } from "./results";
import type { TRunResult, TTestOutcome } from "./run";
import type { TRunSummary, TVerdictCounts } from "./summary";

/**
 * The run report as one self-contained HTML file (styles inline, no script): what was run against
 * which meter, the summary by chapter, client and requirement, every check that did not pass with
 * the traffic that shows it, then every test with its checks. The whole traffic is in traffic.jsonl
 * next to it; evidence ranges point into it.
 */
const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c2430;margin:1.5rem auto;max-width:76rem;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d5dbe3;padding:.3rem .45rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#eef2f6}
td.n{text-align:right;font-variant-numeric:tabular-nums}code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.82rem;word-break:break-all}
tr.FAIL{background:#fdecea}tr.INCONCLUSIVE{background:#f5f6f8}
.badge{font-weight:700}.badge.PASS{color:#17693a}.badge.FAIL{color:#b3261e}.badge.INCONCLUSIVE{color:#6b5200}.badge.NOT-RUN{color:#5a6573}
.verdict{font-size:1.15rem;padding:.6rem .8rem;border-radius:6px;border:2px solid #17693a}.verdict.failed{border-color:#b3261e}
details{margin:.35rem 0}summary{cursor:pointer}.muted{color:#5a6573}pre{white-space:pre-wrap;margin:.3rem 0}`;

const badge = (v: TCheckVerdict) => `<span class="badge ${v}">${v}</span>`;
const counts = (c: TVerdictCounts) => CHECK_VERDICTS.map((v) => `<td class="n">${c[v]}</td>`).join("");
const countsHead = CHECK_VERDICTS.map((v) => `<th>${v}</th>`).join("");

function evidenceHtml(run: TRunResult, c: TCheck): string {
  const entries = run.traffic.slice(c.evidence[0], c.evidence[1]);
  if (entries.length === 0) return "";
  const shown = entries.slice(0, 40).map((e) => `${String(e.runAt).padStart(7)} ms ${e.direction === "sent" ? "→" : "←"} ${e.client} ${e.summary}${e.durationMs !== undefined ? ` (${e.durationMs} ms)` : ""}`);
  const more = entries.length > shown.length ? `\n… ${entries.length - shown.length} more APDUs, entries ${c.evidence[0] + shown.length} to ${c.evidence[1] - 1} of traffic.jsonl` : "";
  return `<details><summary class="muted">Evidence: traffic entries ${c.evidence[0]} to ${c.evidence[1] - 1}</summary><pre class="mono">${escape(shown.join("\n") + more)}</pre></details>`;
}

function checkRow(run: TRunResult, c: TCheck, withTest: boolean): string {
  const evidence = c.verdict === "FAIL" || c.verdict === "INCONCLUSIVE" ? evidenceHtml(run, c) : "";
  return `<tr class="${c.verdict}"><td>${badge(c.verdict)}</td>${withTest ? `<td class="mono">${escape(c.testId)}</td>` : ""}<td>${escape(c.title)}${c.step ? ` <span class="muted">(step ${c.step})</span>` : ""}</td><td>${escape(c.message)}${evidence}</td></tr>`;
}

function testHtml(run: TRunResult, t: TTestOutcome): string {
  const rows = t.checks.map((c) => checkRow(run, c, false)).join("");
  return `<details${t.verdict === "FAIL" || t.verdict === "INCONCLUSIVE" ? " open" : ""}><summary>${badge(t.verdict)} <code>${escape(t.testId)}</code> ${escape(t.title)} <span class="muted">(${t.mode}, ${t.checks.length} checks)</span></summary>${
    rows ? `<table><thead><tr><th>Verdict</th><th>Check</th><th>Observed</th></tr></thead><tbody>${rows}</tbody></table>` : ""
  }</details>`;
}

export function runReportHtml(run: TRunResult, testbook: TTestbook, summary: TRunSummary): string {
  const failed = summary.checks.FAIL > 0;
  const problems = run.tests.flatMap((t) => t.checks).filter((c) => c.verdict === "FAIL" || c.verdict === "INCONCLUSIVE");
  const id = run.meter.identity;
  const chapters = summary.chapters.map((c) => `<tr><td>${escape(c.title)}</td>${counts(c.tests)}<td class="n">${c.checks.PASS + c.checks.FAIL + c.checks.INCONCLUSIVE}</td></tr>`).join("");
  const clients = summary.clients.map((c) => `<tr><td>${escape(run.clientNames[c.client] ?? c.client)}</td>${counts(c.checks)}</tr>`).join("");
  const uncovered = summary.requirements.filter((r) => r.executed === 0);
  const failedRequirements = summary.requirements.filter((r) => r.verdict === "FAIL");
  const requirementRow = (r: TRunSummary["requirements"][number]) => `<tr><td class="mono">${escape(r.id)}</td><td>${escape(r.label)}</td><td class="n">${r.tests}</td><td class="n">${r.executed}</td><td>${badge(r.verdict)}</td></tr>`;
  const requirementHead = "<thead><tr><th>Requirement</th><th>Label</th><th>Tests</th><th>Executed checks</th><th>Verdict</th></tr></thead>";
  const byChapter = testbook.chapters
    .map((c) => ({ c, tests: run.tests.filter((t) => t.chapter === c.id) }))
    .filter((x) => x.tests.length > 0)
    .map((x) => `<h3>${x.c.number}. ${escape(x.c.title)}</h3>\n${x.tests.map((t) => testHtml(run, t)).join("\n")}`)
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Conformance run: ${escape(run.profile.company)}</title><style>${STYLE}</style></head><body>
<h1>Conformance run</h1>
<p>${escape(RUNNER_NAME)} ${escape(run.runnerVersion)} · profile <code>${escape(run.profile.id.slice(0, 12))}</code> of ${escape(run.profile.company)} · testbook <code>${escape(run.testbook.id.slice(0, 12))}</code></p>
<p>Meter at <code>${escape(run.meter.address)}</code> over the ${run.meter.framing === "hdlc" ? "HDLC" : "TCP wrapper"}${id.logicalDeviceName ? ` · logical device name <code>${escape(id.logicalDeviceName)}</code>` : ""}${id.serialNumber ? ` · serial number <code>${escape(id.serialNumber)}</code>` : ""}${id.firmwareVersion ? ` · firmware <code>${escape(id.firmwareVersion)}</code>` : ""}</p>
<p>From ${escape(run.startedAt)} to ${escape(run.finishedAt)} (${run.stats.seconds.toFixed(1)} s) · ${run.stats.associations} associations, ${run.stats.roundTrips} round trips, ${run.stats.bytes} bytes${run.only.length > 0 ? ` · limited to ${escape(run.only.join(", "))}` : ""}${run.operator ? " · with an operator" : " · no operator: assisted tests not run"}</p>
${run.cancelled ? `<p class="verdict failed"><strong>Cancelled</strong>: the run was stopped before its end; what it ran is below.</p>` : ""}
<p class="verdict${failed ? " failed" : ""}"><strong>${failed ? "Differences found" : "No difference found"}</strong>: ${summary.checks.PASS} checks PASS, ${summary.checks.FAIL} FAIL, ${summary.checks.INCONCLUSIVE} INCONCLUSIVE, ${summary.checks["NOT-RUN"]} NOT-RUN, in ${run.tests.length} tests (${summary.tests.PASS} PASS, ${summary.tests.FAIL} FAIL, ${summary.tests.INCONCLUSIVE} INCONCLUSIVE, ${summary.tests["NOT-RUN"]} NOT-RUN)</p>
<h2>Summary</h2>
<h3>Tests by chapter</h3>
<table><thead><tr><th>Chapter</th>${countsHead}<th>Executed checks</th></tr></thead><tbody>${chapters}</tbody></table>
<h3>Checks by client</h3>
<table><thead><tr><th>Client</th>${countsHead}</tr></thead><tbody>${clients}</tbody></table>
<h3>Requirements of the profile</h3>
<p>${summary.coverage.executed} of ${summary.coverage.requirements} requirements of the traceability matrix (${summary.coverage.percent} %) are covered by executed checks: ${summary.coverage.passed} pass, ${summary.coverage.failed} fail.</p>
${failedRequirements.length > 0 ? `<table>${requirementHead}<tbody>${failedRequirements.map(requirementRow).join("")}</tbody></table>` : ""}
<details><summary>Requirements no executed check covers (${uncovered.length})</summary><table>${requirementHead}<tbody>${uncovered.map(requirementRow).join("")}</tbody></table></details>
<details><summary>Every requirement (${summary.requirements.length})</summary><table>${requirementHead}<tbody>${summary.requirements.map(requirementRow).join("")}</tbody></table></details>
<h2>Checks that fail or could not be judged (${problems.length})</h2>
${problems.length > 0 ? `<table><thead><tr><th>Verdict</th><th>Test</th><th>Check</th><th>Observed</th></tr></thead><tbody>${problems.map((c) => checkRow(run, c, true)).join("")}</tbody></table>` : "<p>None.</p>"}
<h2>Tests</h2>
${byChapter}
</body></html>
`;
}
