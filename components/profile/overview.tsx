import Link from "next/link";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { ActivityLog } from "../account/activity-log";
import type { TSectionProps } from "./profile-view";
import { PdfLink } from "./pdf-link";
import { ShareButton } from "./share-button";

/** Who the profile is for, where it comes from, its size, its clients and its downloads. */
export function ProfileOverview({ version, siblings, refId, readOnly, base, activity }: TSectionProps) {
  const p = version.profile;
  const s = p.summary;
  const api = `/api/profiles/${refId}`;
  const sources = getBaseline().manifest.sources;
  return (
    <>
      <section className="card" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        <table className="data">
          <tbody>
            <tr><th scope="row">For</th><td>{p.utility.utilityFinalCustomer}</td></tr>
            <tr><th scope="row">Contact</th><td>{p.utility.name} ({p.utility.email}){p.utility.primeAllianceMember ? ", PRIME Alliance member" : ""}</td></tr>
            <tr><th scope="row">Meter</th><td>{p.electrical.phases === 1 ? "Single-phase" : "Three-phase"}, {p.electrical.nominalVoltageV} V, {p.electrical.frequencyHz} Hz, {p.electrical.basicCurrentA}({p.electrical.maximumCurrentA}) A, {p.electrical.connection.replaceAll("-", " ")}</td></tr>
            <tr><th scope="row">Answers</th><td>version {version.number}, submitted {new Date(version.createdAt).toUTCString()}{version.authorName && activity ? ` by ${version.authorName}` : ""}, hash <code>{p.answers.hash.slice(0, 16)}…</code></td></tr>
            <tr><th scope="row">Baseline</th><td>{p.baseline.id} {p.baseline.version}, hash <code>{p.baseline.hash.slice(0, 16)}…</code></td></tr>
            <tr><th scope="row">Profile hash</th><td><code>{p.id}</code></td></tr>
            <tr><th scope="row">Contents</th><td>{s.clients} clients, {s.objects} objects, {s.logs} event logs with {s.events} events, {s.alarms} alarms, {s.parameters} parameters; {s.excluded} baseline items left out</td></tr>
          </tbody>
        </table>
        {!readOnly && (
          <div className="actions">
            <Link className="button secondary" href={`/questionnaires/${version.questionnaireId}`}>
              Edit the answers (makes version {Math.max(0, ...siblings.map((v) => v.number)) + 1})
            </Link>
            <ShareButton refId={refId} />
          </div>
        )}
      </section>
      <section className="card" aria-labelledby="downloads-heading">
        <h2 id="downloads-heading">Downloads</h2>
        <ul className="downloads">
          <li><PdfLink href={`${api}/profile.pdf`} label="Profile document (PDF)" fileName={`prime-plus-profile-v${version.number}.pdf`} /></li>
          <li><a href={`${api}/profile.json`} download>profile.json</a> <span className="muted">valid against user-profile.schema.json</span></li>
          <li><a href={`${api}/objects.csv`} download>objects.csv</a> <span className="muted">the access matrix, one row per object and client</span></li>
          {p.clients.map((c) => (
            <li key={c.id}><a href={`${api}/gurux/${c.id}`} download>Gurux object list of the {c.name}</a> <span className="muted">(SAP {c.sap})</span></li>
          ))}
          <li><a href={`${api}/answers.json`} download>The answers file</a></li>
          <li><PdfLink href={`${api}/testbook.pdf`} label="Testbook (PDF)" fileName={`prime-plus-testbook-v${version.number}.pdf`} />, <a href={`${api}/testbook.json`} download>testbook.json</a>, <a href={`${api}/testbook.csv`} download>testbook.csv</a>, <a href={`${api}/results-template.json`} download>results template</a></li>
        </ul>
      </section>
      <section className="card" aria-labelledby="clients-heading">
        <h2 id="clients-heading">Clients and security</h2>
        <table className="data">
          <thead>
            <tr><th scope="col">Client</th><th scope="col">SAP</th><th scope="col">Authentication</th><th scope="col">Security suite</th><th scope="col">Policy</th><th scope="col">Keys required</th><th scope="col">Ports</th></tr>
          </thead>
          <tbody>
            {p.clients.map((c) => (
              <tr key={c.id}>
                <th scope="row">{c.name}</th>
                <td>{c.sap}</td>
                <td>{c.authentication.name}</td>
                <td>{c.securitySuite ?? "none"}</td>
                <td>{c.securityPolicy.name}</td>
                <td>{c.keys.map((k) => k.name).join(", ") || "none"}</td>
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
                {v.id !== version.id && <> · <Link href={`${base}/compare?with=${v.id}`}>compare</Link></>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {activity && <ActivityLog entries={activity} />}
      <section className="card" aria-labelledby="sources-heading">
        <h2 id="sources-heading">Sources</h2>
        <p>Every object, client, event and rule of the profile names its source; these are the documents the PRIME+ baseline rests on.</p>
        <ul>
          {sources.map((src) => (
            <li key={src.id} id={`source-${src.id}`}><strong>{src.title}</strong> <span className="muted">({src.id})</span></li>
          ))}
        </ul>
      </section>
    </>
  );
}
