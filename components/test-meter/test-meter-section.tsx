import { headers } from "next/headers";
import Link from "next/link";
import { notFound } from "next/navigation";
import { authorize, type TAction, type TGrant } from "@/lib/server/access";
import { HttpError } from "@/lib/server/http";
import { testbookOf } from "@/lib/server/profiles";
import { getRuns, RUN_GONE, type TRunSummary } from "@/lib/server/runs";
import { param, type TSectionProps } from "../profile/profile-view";
import { RunForm } from "./run-form";
import { RunView } from "./run-view";

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
const PHASE: Record<TRunSummary["phase"], string> = { connecting: "connecting", running: "running", cancelling: "cancelling", storing: "storing the results", done: "finished", cancelled: "cancelled", failed: "stopped" };

/** The grant for an action, or null when this link may not do it. */
async function grantFor(refId: string, action: TAction): Promise<TGrant | null> {
  return authorize(await headers(), refId, action).catch((e: unknown) => {
    if (e instanceof HttpError && e.status === 403) return null;
    throw e;
  });
}

function RunsList({ runs, base }: { runs: TRunSummary[]; base: string }) {
  if (runs.length === 0) return <p>No run of this profile is on the server now. Runs stay here for an hour after they end; each finished run is kept as a results set.</p>;
  return (
    <div className="table-scroll">
      <table className="data">
        <caption>Runs on this server</caption>
        <thead><tr><th scope="col">Started</th><th scope="col">Meter</th><th scope="col">Laboratory</th><th scope="col">State</th><th scope="col">Tests</th><th scope="col">Results set</th></tr></thead>
        <tbody>
          {runs.map((r) => (
            <tr key={r.id}>
              <td><Link href={`${base}/test-meter?run=${r.id}`}>{when(r.createdAt)}</Link></td>
              <td><code>{r.meter}</code></td>
              <td>{r.laboratory}</td>
              <td>{PHASE[r.phase]}</td>
              <td>{r.total === null ? "" : `${r.done} of ${r.total}: ${r.tests.PASS} PASS, ${r.tests.FAIL} FAIL`}</td>
              <td>{r.set ? r.set.number : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * "Test a meter": the profile's testbook run against a meter from the browser. The owner starts,
 * answers and cancels runs; a share link watches them; a run is followed live at ?run=<id>.
 */
export async function TestMeterSection({ version, refId, base, search }: TSectionProps) {
  const watch = await grantFor(refId, "watch-run");
  if (!watch) notFound();
  const start = await grantFor(refId, "start-run");
  const results = await grantFor(refId, "read-results");
  const runs = getRuns().list(watch);
  const runId = param(search, "run");
  const api = `/api/profiles/${refId}`;
  const chapters = testbookOf(version.profile).chapters.filter((c) => c.tests.length > 0).map((c) => ({ id: c.id, number: c.number, title: c.title, tests: c.tests.length }));
  return (
    <section aria-labelledby="test-meter-heading">
      <h2 id="test-meter-heading">Test a meter</h2>
      <p>
        Runs this profile&apos;s testbook against a meter (or the simulator): every automatic test, the assisted ones with your answers, with verdicts appearing test by test. The finished run is
        stored as a numbered results set of the <Link href={`${base}/testbook`}>testbook</Link>, with its report and evidence archive. One run per meter at a time.
      </p>
      {runId !== undefined &&
        (runs.some((r) => r.id === runId) ? (
          <RunView key={runId} api={`${api}/runs/${encodeURIComponent(runId)}`} canControl={start !== null} results={results ? { testbook: `${base}/testbook`, api } : null} />
        ) : (
          <p className="error-summary" role="alert">{RUN_GONE}</p>
        ))}
      {start ? <RunForm api={`${api}/runs`} runPage={`${base}/test-meter`} chapters={chapters} /> : <p className="muted">This read-only link shows the runs; only the profile&apos;s owner starts them.</p>}
      <h3>Runs</h3>
      <RunsList runs={runs} base={base} />
    </section>
  );
}
