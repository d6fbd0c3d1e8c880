import Link from "next/link";
import type { TLoadedVersion } from "@/lib/server/profiles";

type TProps = { version: TLoadedVersion; siblings: { id: string; number: number; createdAt: string }[] };

/** The head of a user profile: who it is for, where it comes from, its size, and its downloads. */
export function ProfileSummary({ version, siblings }: TProps) {
  const p = version.profile;
  const s = p.summary;
  return (
    <>
      <h1>User profile of {p.utility.company}</h1>
      <p className="muted">
        Version {version.number} of the answers, submitted {new Date(version.createdAt).toUTCString()} · baseline {p.baseline.id} {p.baseline.version}
      </p>
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <table className="data">
          <tbody>
            <tr><th scope="row">For</th><td>{p.utility.utilityFinalCustomer}</td></tr>
            <tr><th scope="row">Contact</th><td>{p.utility.name} ({p.utility.email}){p.utility.primeAllianceMember ? ", PRIME Alliance member" : ""}</td></tr>
            <tr><th scope="row">Meter</th><td>{p.electrical.phases === 1 ? "Single-phase" : "Three-phase"}, {p.electrical.nominalVoltageV} V, {p.electrical.frequencyHz} Hz, {p.electrical.basicCurrentA}({p.electrical.maximumCurrentA}) A, {p.electrical.connection.replaceAll("-", " ")}</td></tr>
            <tr><th scope="row">Profile hash</th><td><code>{p.id}</code></td></tr>
            <tr><th scope="row">Answers hash</th><td><code>{p.answers.hash}</code></td></tr>
            <tr><th scope="row">Contents</th><td>{s.clients} clients, {s.objects} objects, {s.logs} event logs with {s.events} events, {s.alarms} alarms, {s.parameters} parameters; {s.excluded} baseline items left out</td></tr>
          </tbody>
        </table>
        <div className="actions">
          <a className="button" href={`/api/profiles/${version.id}/profile.json`} download>Download profile.json</a>
          <a className="button secondary" href={`/api/profiles/${version.id}/answers.json`} download>Download the answers file</a>
          <Link className="button secondary" href={`/questionnaires/${version.questionnaireId}`}>Edit the answers (makes version {Math.max(...siblings.map((v) => v.number)) + 1})</Link>
        </div>
      </section>
      <section className="card" aria-labelledby="clients-heading">
        <h2 id="clients-heading">Clients and security</h2>
        <table className="data">
          <thead>
            <tr><th scope="col">Client</th><th scope="col">SAP</th><th scope="col">Authentication</th><th scope="col">Security suite</th><th scope="col">Policy</th><th scope="col">Ports</th></tr>
          </thead>
          <tbody>
            {p.clients.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.sap}</td>
                <td>{c.authentication.name}</td>
                <td>{c.securitySuite ?? "none"}</td>
                <td>{c.securityPolicy.name}</td>
                <td>{c.ports.join(", ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {siblings.length > 1 && (
        <section className="card" aria-labelledby="versions-heading">
          <h2 id="versions-heading">Versions of these answers</h2>
          <ul>
            {siblings.map((v) => (
              <li key={v.id}>
                {v.id === version.id ? <strong>Version {v.number} (this one)</strong> : <Link href={`/profiles/${v.id}`}>Version {v.number}</Link>}{" "}
                <span className="muted">{new Date(v.createdAt).toUTCString()}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
