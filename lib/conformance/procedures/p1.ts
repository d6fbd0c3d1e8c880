import { fromHex } from "../../dlms/bytes";
import { checkP1Capture } from "../../p1/check";
import { p1Layout } from "../../p1/layout";
import type { TP1Report } from "../../p1/report";
import { p1TestVerdicts, type TP1TestVerdict } from "../../p1/testbook-map";
import type { TRunEnvironment } from "../environment";
import type { TProcedure } from "./util";

/**
 * The P1 chapter through the P1 checker: one capture of the customer port per run, judged against
 * the profile's P1 layout with the keys of the secrets file, and each test's verdict taken from
 * the checker's lines for that test.
 */
const CAPTURE_SECONDS = 35;

const reports = new WeakMap<TRunEnvironment, Promise<{ report: TP1Report; verdicts: TP1TestVerdict[] } | string>>();

async function checkOnce(env: TRunEnvironment): Promise<{ report: TP1Report; verdicts: TP1TestVerdict[] } | string> {
  const layout = p1Layout(env.profile);
  if (!layout) return "the profile has no P1 port";
  const captured = await env.p1!.capture(CAPTURE_SECONDS);
  if (!captured.ok) return `no capture from ${env.p1!.description}: ${captured.error}`;
  const keys = env.secrets.p1 ? { encryption: [fromHex(env.secrets.p1.encryptionKey)], authentication: fromHex(env.secrets.p1.authenticationKey) } : null;
  const report = checkP1Capture(captured.capture, layout, { keys, checkedAt: new Date(env.now()).toISOString() });
  return { report, verdicts: p1TestVerdicts(report) };
}

export const p1Capture: TProcedure = async (env, run) => {
  if (!env.p1) {
    run.notRun(run.test.title, "no P1 source was given to the run (--p1 with a capture file, tcp://host:port or a serial port)");
    return;
  }
  let pending = reports.get(env);
  if (!pending) {
    pending = checkOnce(env);
    reports.set(env, pending);
  }
  const from = env.traffic.length;
  const checked = await pending;
  if (typeof checked === "string") {
    run.inconclusive(run.test.title, checked);
    return;
  }
  const verdict = checked.verdicts.find((v) => v.testId === run.test.id);
  const title = `P1 capture of ${env.p1.description}: ${run.test.title}`;
  if (!verdict) run.notRun(title, `the ${checked.report.capture.checked} telegrams of the capture show nothing of this test`, { evidence: [from, from] });
  else run.record(verdict.verdict, title, verdict.remarks, { evidence: [from, from] });
};
