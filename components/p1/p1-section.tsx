import { notFound } from "next/navigation";
import { lineExpectation, p1Layout } from "@/lib/p1/layout";
import { getP1Readout } from "@/lib/p1/readout";
import type { TSectionProps } from "../profile/profile-view";
import { P1CheckForm } from "./p1-check-form";

/** "Check P1 output": the profile's P1 port, its readout list, and the capture upload with its report. */
export function P1Section({ version, refId, readOnly }: TSectionProps) {
  const layout = p1Layout(version.profile);
  if (!layout) notFound();
  return (
    <section aria-labelledby="p1-heading">
      <h2 id="p1-heading">Check P1 output</h2>
      <p>
        Upload what the meter sent on its P1 port to judge it against this profile: the telegram structure and CRC,{" "}
        {layout.encrypted ? "the AES-128-GCM frames with their frame counters, " : ""}the {layout.lines.length} lines of the readout list with their formats and units, and, with receive times, the 10 s schedule. The verdicts map to the tests of the testbook&apos;s P1 chapter{readOnly ? "" : " and can be saved as a results set"}.
      </p>
      <p className="muted">This profile&apos;s P1 port is {layout.encrypted ? "encrypted (P1 security setup 0-0:43.0.7.255): give the P1 encryption key" : "not encrypted: telegrams are plain text"}.</p>
      <details className="card">
        <summary><strong>Readout list of the profile</strong> ({layout.lines.length} lines)</summary>
        <table className="data">
          <thead><tr><th scope="col">OBIS</th><th scope="col">Row</th><th scope="col">Format and unit</th></tr></thead>
          <tbody>{layout.lines.map((l) => <tr key={l.obis}><td><code>{l.obis}</code></td><td>{l.name}</td><td><code>{lineExpectation(l)}</code></td></tr>)}</tbody>
        </table>
      </details>
      <P1CheckForm refId={refId} canSave={!readOnly} encrypted={layout.encrypted} defaultAuthKey={getP1Readout().security.authenticationKey} />
    </section>
  );
}
