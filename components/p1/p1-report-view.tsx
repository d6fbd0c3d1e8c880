"use client";

import { P1_CHECKS, type TP1DecodedUnit, type TP1Report, type TP1Status } from "@/lib/p1/report";
import styles from "./p1.module.css";

const VERDICT_TEXT = { conformant: "Conformant", "not-conformant": "Not conformant", unreadable: "Unreadable" } as const;

function Status({ status }: { status: TP1Status }) {
  return <span className={`${styles.status} ${styles[status]}`}>{status}</span>;
}

const rowClass = (status: TP1Status) => (status === "PASS" ? undefined : styles[status]);

function Unit({ unit }: { unit: TP1DecodedUnit }) {
  const f = unit.frame;
  return (
    <details className="card" open={unit.status !== "PASS"} id={`p1-unit-${unit.index}`}>
      <summary>
        <Status status={unit.status} /> {unit.kind === "frame" ? "Frame" : "Telegram"} {unit.index}{" "}
        <span className="muted">
          · {unit.length} bytes at offset {unit.offset}
          {unit.receivedAt !== null && <> · received {new Date(unit.receivedAt).toISOString()}</>}
          {unit.crc && <> · CRC received {unit.crc.received || "none"}, computed {unit.crc.computed}</>}
        </span>
      </summary>
      {f && (
        <p className="muted">
          System title <code>{f.systemTitle ?? "?"}</code>, frame counter {f.frameCounter ?? "?"}, security control {f.securityControl === null ? "?" : `0x${f.securityControl.toString(16).toUpperCase()}`};{" "}
          {f.decrypted ? `decrypted with key ${f.keyNumber}` : f.problem ?? "not decrypted"}
        </p>
      )}
      {(unit.lines.length > 0 || unit.missing.length > 0) && (
        <div className="table-scroll">
          <table className="data">
            <caption className="sr-only">Lines of {unit.kind} {unit.index} next to the readout list</caption>
            <thead><tr><th scope="col">Line</th><th scope="col">Received</th><th scope="col">Readout list row</th><th scope="col">Check</th></tr></thead>
            <tbody>
              {unit.lines.map((l) => (
                <tr key={l.number} className={rowClass(l.status)}>
                  <td>{l.number}</td>
                  <td className={styles.mono}>{l.text || <span className="muted">(empty)</span>}</td>
                  <td>
                    {l.row ? (
                      <>{l.row.name}{!l.row.inProfile && <span className="muted"> (optional)</span>}<br /><span className={styles.mono}>{l.row.expected}</span></>
                    ) : l.kind === "data" ? <span className="muted">not in the readout list</span> : <span className="muted">{l.kind === "end" ? "end line" : l.kind === "empty" ? "empty line" : "header"}</span>}
                  </td>
                  <td><Status status={l.status} />{l.reasons.map((r) => <div key={r}>{r}</div>)}</td>
                </tr>
              ))}
              {unit.missing.map((m) => (
                <tr key={`missing-${m.obis}`} className={styles.FAIL}>
                  <td>–</td>
                  <td className="muted">(missing)</td>
                  <td>{m.name}<br /><span className={styles.mono}>{m.obis}</span></td>
                  <td><Status status="FAIL" /><div>missing from this telegram</div></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

function CheckTable({ lines, caption }: { lines: TP1Report["lines"]; caption: string }) {
  return (
    <div className="table-scroll">
      <table className="data">
        <caption className="sr-only">{caption}</caption>
        <thead><tr><th scope="col">Status</th><th scope="col">Check</th><th scope="col">Telegram</th><th scope="col">Reason</th><th scope="col">Tests</th></tr></thead>
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} className={rowClass(l.status)} data-check={l.check} data-status={l.status}>
              <td><Status status={l.status} /></td>
              <td><code>{l.check}</code><br /><span className="muted">{P1_CHECKS[l.check]}</span></td>
              <td>{l.unit ?? ""}</td>
              <td>{l.reason}</td>
              <td>{l.testIds.join(", ")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The P1 report: the verdict, the checks (failures first and highlighted), each telegram line by line. */
export function P1ReportView({ report }: { report: TP1Report }) {
  const s = report.summary;
  const problems = report.lines.filter((l) => l.status !== "PASS");
  const passing = report.lines.filter((l) => l.status === "PASS");
  return (
    <section aria-labelledby="p1-report-heading">
      <div className={`${styles.verdict} ${report.verdict === "conformant" ? "" : styles.bad}`} role="status">
        <h3 id="p1-report-heading">{VERDICT_TEXT[report.verdict]}</h3>
        <p style={{ margin: 0 }}>
          {report.capture.source}: {report.capture.telegrams} telegrams and {report.capture.frames} frames in {report.capture.bytes} bytes, {report.capture.checked} checked ·{" "}
          {s.PASS} PASS, {s.FAIL} FAIL, {s.WARN} WARN, {s.INCONCLUSIVE} INCONCLUSIVE
        </p>
      </div>
      <h3>Checks that fail, warn or could not be judged</h3>
      {problems.length > 0 ? <CheckTable lines={problems} caption="Checks that fail, warn or could not be judged" /> : <p>Every check passes.</p>}
      <details className="card">
        <summary><strong>Checks that pass</strong> ({passing.length})</summary>
        <CheckTable lines={passing} caption="Checks that pass" />
      </details>
      <h3>Telegrams decoded</h3>
      {report.decoded.map((u) => <Unit key={u.index} unit={u} />)}
      {report.decodedOmitted > 0 && <p className="muted">{report.decodedOmitted} more telegrams are not decoded here; their findings are in the checks above.</p>}
    </section>
  );
}
