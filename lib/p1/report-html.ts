import { P1_CHECKS, type TP1DecodedUnit, type TP1Report, type TP1Status } from "./report";

/**
 * The P1 report as one self-contained HTML file (styles inline, no script): the verdict, every
 * check line, and each telegram decoded line by line next to its readout row.
 */
const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;color:#1c2430;margin:1.5rem auto;max-width:72rem;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #d5dbe3;padding:.3rem .45rem;text-align:left;vertical-align:top;font-size:.9rem}th{background:#eef2f6}
code,.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem;word-break:break-all}
.FAIL{background:#fdecea}.WARN{background:#fff7e6}.INCONCLUSIVE{background:#f1f3f5}
.badge{font-weight:700}.badge.PASS{color:#17693a}.badge.FAIL{color:#b3261e}.badge.WARN{color:#8a5300}.badge.INCONCLUSIVE{color:#5a6573}
.verdict{font-size:1.2rem;padding:.6rem .8rem;border-radius:6px;border:2px solid}.verdict.conformant{border-color:#17693a}.verdict.not-conformant,.verdict.unreadable{border-color:#b3261e}
details{margin:.4rem 0}summary{cursor:pointer}.muted{color:#5a6573}`;

const badge = (s: TP1Status) => `<span class="badge ${s}">${s}</span>`;
const VERDICTS = { conformant: "Conformant", "not-conformant": "Not conformant", unreadable: "Unreadable" } as const;

function unitHtml(u: TP1DecodedUnit): string {
  const frame = u.frame
    ? `<p class="muted">Frame: system title <code>${escape(u.frame.systemTitle ?? "?")}</code>, frame counter ${u.frame.frameCounter ?? "?"}, security control ${u.frame.securityControl === null ? "?" : `0x${u.frame.securityControl.toString(16).toUpperCase()}`}; ${u.frame.decrypted ? `decrypted with key ${u.frame.keyNumber}` : escape(u.frame.problem ?? "not decrypted")}</p>`
    : "";
  const rows = u.lines
    .map(
      (l) =>
        `<tr class="${l.status}"><td>${l.number}</td><td class="mono">${escape(l.text)}</td><td>${l.row ? `${escape(l.row.name)}<br><span class="mono">${escape(l.row.expected)}</span>${l.row.inProfile ? "" : " <span class=\"muted\">(optional)</span>"}` : l.kind === "data" ? "<span class=\"muted\">not in the readout list</span>" : escape(l.kind)}</td><td>${badge(l.status)}${l.reasons.map((r) => `<br>${escape(r)}`).join("")}</td></tr>`,
    )
    .join("");
  const missing = u.missing.map((m) => `<tr class="FAIL"><td>–</td><td class="mono muted">(missing)</td><td>${escape(m.name)}<br><span class="mono">${escape(m.obis)}</span></td><td>${badge("FAIL")}<br>missing</td></tr>`).join("");
  const crc = u.crc ? ` · CRC received ${escape(u.crc.received)}, computed ${u.crc.computed}` : "";
  return `<details${u.status === "PASS" ? "" : " open"}><summary>${badge(u.status)} ${u.kind} ${u.index} · ${u.length} bytes at offset ${u.offset}${u.receivedAt === null ? "" : ` · received ${new Date(u.receivedAt).toISOString()}`}${crc}</summary>${frame}${
    rows || missing ? `<table><thead><tr><th>Line</th><th>Received</th><th>Readout list row</th><th>Check</th></tr></thead><tbody>${rows}${missing}</tbody></table>` : ""
  }</details>`;
}

export function reportHtml(report: TP1Report): string {
  const s = report.summary;
  const row = (l: TP1Report["lines"][number]) => `<tr class="${l.status}"><td>${badge(l.status)}</td><td><code>${l.check}</code><br><span class="muted">${escape(P1_CHECKS[l.check])}</span></td><td>${l.unit ?? ""}</td><td>${escape(l.reason)}</td><td>${l.testIds.map(escape).join("<br>")}</td></tr>`;
  const head = "<thead><tr><th>Status</th><th>Check</th><th>Telegram</th><th>Reason</th><th>Tests</th></tr></thead>";
  const problems = report.lines.filter((l) => l.status !== "PASS");
  const passing = report.lines.filter((l) => l.status === "PASS");
  const readout = report.readout.map((r) => `<tr><td class="mono">${escape(r.obis)}</td><td>${escape(r.name)}</td><td class="mono">${escape(r.expected)}</td></tr>`).join("");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>P1 check report: ${escape(report.profile.company)}</title><style>${STYLE}</style></head><body>
<h1>P1 port check</h1>
<p>Profile <code>${report.profile.id.slice(0, 12)}</code> of ${escape(report.profile.company)} (${report.profile.encrypted ? "encrypted P1 port" : "plain P1 port"}, ${report.profile.readoutLines} readout lines) · capture ${escape(report.capture.source)}, ${report.capture.bytes} bytes, ${report.capture.telegrams} telegrams and ${report.capture.frames} frames, ${report.capture.checked} checked · ${escape(report.checkedAt)}</p>
<p class="verdict ${report.verdict}"><strong>${VERDICTS[report.verdict]}</strong>: ${s.PASS} PASS, ${s.FAIL} FAIL, ${s.WARN} WARN, ${s.INCONCLUSIVE} INCONCLUSIVE</p>
<h2>Checks that fail, warn or could not be judged</h2>
${problems.length > 0 ? `<table>${head}<tbody>${problems.map(row).join("")}</tbody></table>` : "<p>Every check passes.</p>"}
<details><summary><strong>Checks that pass</strong> (${passing.length})</summary><table>${head}<tbody>${passing.map(row).join("")}</tbody></table></details>
<h2>Telegrams</h2>
${report.decoded.map(unitHtml).join("\n")}
${report.decodedOmitted > 0 ? `<p class="muted">${report.decodedOmitted} more telegrams are not decoded here; their findings are in the checks above.</p>` : ""}
<h2>Readout list of the profile</h2>
<table><thead><tr><th>OBIS</th><th>Row</th><th>Format and unit</th></tr></thead><tbody>${readout}</tbody></table>
</body></html>
`;
}
