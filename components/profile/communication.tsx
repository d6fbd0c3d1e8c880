import { questionTitle } from "@/lib/questionnaire/fields";
import { parameterValueInWords } from "./parameter-value";
import type { TSectionProps } from "./profile-view";

export function CommunicationSection({ version }: TSectionProps) {
  const p = version.profile;
  return (
    <>
      <section aria-labelledby="comm-heading">
        <h2 id="comm-heading">Communication profiles</h2>
        {p.communication.map((c) => (
          <div className="card" key={c.id}>
            <h3>{c.name}</h3>
            <p className="muted">{c.standard}</p>
            <p><strong>Layers:</strong> {c.layers.join(" / ")}</p>
            <p><strong>Clients:</strong> {c.clients.map((x) => `${x.id} (SAP ${x.sap})`).join(", ") || "none"}</p>
            <p><strong>Setup objects:</strong> {c.objects.map((o) => `${o.id} (${o.obis})`).join(", ")}</p>
            <table className="data">
              <thead><tr><th scope="col">Addressing</th><th scope="col">Value</th><th scope="col">Note</th></tr></thead>
              <tbody>{c.addressing.map((a) => <tr key={a.name}><th scope="row">{a.name}</th><td>{a.value}</td><td>{a.note ?? ""}</td></tr>)}</tbody>
            </table>
          </div>
        ))}
      </section>
      <section aria-labelledby="params-heading" className="card">
        <h2 id="params-heading">Parameters</h2>
        <table className="data">
          <thead><tr><th scope="col">Parameter</th><th scope="col">Value</th><th scope="col">Object</th><th scope="col">Attribute</th><th scope="col">From the question</th></tr></thead>
          <tbody>
            {p.parameters.map((x) => (
              <tr key={`${x.object.id}.${x.id}`} id={`parameter-${x.object.id}-${x.id}`}><th scope="row">{x.name}</th><td>{parameterValueInWords(x, p)}</td><td><code>{x.object.obis}</code></td><td>{x.attribute}</td><td>{questionTitle(x.answer.split("."))}</td></tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
