import { junitXml, type TJUnitCase, type TJUnitStatus } from "../export/junit";
import type { TTestbook } from "../testbook/testbook-schema";
import type { TCheckVerdict } from "./check";
import { RUNNER_NAME } from "./results";
import type { TRunResult } from "./run";

/** A run as JUnit XML: a suite per chapter, a testcase per check with its requirement ids as properties. */
const STATUS: Record<TCheckVerdict, TJUnitStatus> = { PASS: "passed", FAIL: "failed", INCONCLUSIVE: "error", "NOT-RUN": "skipped" };

export function runJunit(run: TRunResult, testbook: TTestbook): string {
  const suites = testbook.chapters
    .map((chapter) => ({
      name: `${chapter.code} ${chapter.title}`,
      timestamp: run.startedAt,
      cases: run.tests
        .filter((t) => t.chapter === chapter.id)
        .flatMap((t) =>
          t.checks.map((c): TJUnitCase => {
            const evidence = run.traffic.slice(c.evidence[0], c.evidence[1]).map((e) => `${e.runAt} ms ${e.direction === "sent" ? "→" : "←"} ${e.summary}`);
            return {
              name: `${c.id} ${c.title}`,
              classname: t.testId,
              seconds: c.durationMs / 1000,
              status: STATUS[c.verdict],
              ...(c.verdict === "PASS" ? {} : { message: c.message }),
              ...(c.verdict === "FAIL" || c.verdict === "INCONCLUSIVE" ? { details: [c.message, ...evidence.slice(0, 50)].join("\n") } : {}),
              properties: [
                { name: "test", value: t.testId },
                ...(c.step !== undefined ? [{ name: "step", value: String(c.step) }] : []),
                ...(c.client ? [{ name: "client", value: c.client }] : []),
                ...c.requirements.map((r) => ({ name: "requirement", value: r })),
              ],
            };
          }),
        ),
    }))
    .filter((s) => s.cases.length > 0);
  return junitXml(`${RUNNER_NAME}: ${run.profile.company} (${run.meter.address})`, suites);
}
