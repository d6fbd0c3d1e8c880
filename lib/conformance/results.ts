import { REMARKS_MAX, RESULTS_FORMAT_VERSION, type TResultsFile, type TResultVerdict } from "../testbook/results";
import type { TTestbook } from "../testbook/testbook-schema";
import type { TRunResult, TTestOutcome } from "./run";

/**
 * A run as a results file of the testbook, the format a laboratory fills in by hand, so that it
 * imports like a laboratory's own results. A test the run did not execute keeps no verdict; its
 * remarks say why, for the person who runs it by hand.
 */
export const RUNNER_NAME = "PRIME+ conformance runner";

function remarksOf(t: TTestOutcome, runnerVersion: string): string {
  const counts = (["PASS", "FAIL", "INCONCLUSIVE", "NOT-RUN"] as const).map((v) => [v, t.checks.filter((c) => c.verdict === v).length] as const).filter(([, n]) => n > 0);
  const head = `${RUNNER_NAME} ${runnerVersion}, ${t.mode} test: ${counts.map(([v, n]) => `${n} ${v}`).join(", ") || "no check"}.`;
  const notable = t.checks.filter((c) => c.verdict !== "PASS");
  const lines = (notable.length > 0 ? notable : t.checks).map((c) => `${c.verdict} ${c.id}${c.step ? ` (step ${c.step})` : ""}: ${c.title}: ${c.message}`);
  const text = [head, ...lines].join("\n");
  return text.length > REMARKS_MAX ? `${text.slice(0, REMARKS_MAX - 40)}\n… more in the run report` : text;
}

export function runResultsFile(run: TRunResult, testbook: TTestbook, laboratory = RUNNER_NAME): TResultsFile {
  const date = run.finishedAt.slice(0, 10);
  const byTest = new Map(run.tests.map((t) => [t.testId, t]));
  return {
    resultsFormatVersion: RESULTS_FORMAT_VERSION,
    testbook: { id: testbook.id, profileId: testbook.profile.id, catalogueVersion: testbook.catalogue.version },
    laboratory: {
      name: laboratory,
      meter: { manufacturer: run.meter.identity.manufacturer, model: run.meter.identity.logicalDeviceName, serialNumber: run.meter.identity.serialNumber, firmwareVersion: run.meter.identity.firmwareVersion },
    },
    results: testbook.chapters.flatMap((c) =>
      c.tests.map((test) => {
        const t = byTest.get(test.id);
        const verdict: TResultVerdict | null = t && t.verdict !== "NOT-RUN" ? t.verdict : null;
        return {
          testId: test.id,
          title: test.title,
          verdict,
          tester: t ? RUNNER_NAME : "",
          date: t ? date : null,
          remarks: t ? remarksOf(t, run.runnerVersion) : run.cancelled ? "not reached: the run was cancelled" : "not selected for this run",
        };
      }),
    ),
  };
}
