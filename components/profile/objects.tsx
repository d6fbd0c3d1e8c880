import { filterObjects } from "@/lib/profile/filter";
import { reasonInWords, rightsSummary } from "@/lib/profile/rights";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { param, type TSectionProps } from "./profile-view";

/** The object list with the access matrix, searchable and filterable without any script. */
export function ObjectsSection({ version, base, search }: TSectionProps) {
  const p = version.profile;
  const groups = getBaseline().groups.filter((g) => p.objects.some((o) => o.group === g.id));
  const classes = [...new Map(p.objects.map((o) => [o.classId, o.className])).entries()].sort((a, b) => a[0] - b[0]);
  const classParam = param(search, "class");
  const filter = {
    q: param(search, "q"),
    group: param(search, "group"),
    classId: classParam && /^\d+$/.test(classParam) ? Number(classParam) : undefined,
    client: param(search, "client"),
  };
  const objects = filterObjects(p, filter);
  const clients = filter.client ? p.clients.filter((c) => c.id === filter.client) : p.clients;
  return (
    <section aria-labelledby="objects-heading">
      <h2 id="objects-heading">Objects and access rights</h2>
      <p>
        One row per object: its OBIS code, interface class and version, and for each client the attributes it may read (R) or write (W) and the methods
        it may execute (X). Every object says why it is in the profile and where its definition comes from.
      </p>
      <form method="get" action={`${base}/objects`} className="card filters" role="search" aria-label="Filter the objects">
        <div className="field"><label htmlFor="q">Search OBIS, name or id</label><input id="q" name="q" type="text" defaultValue={filter.q ?? ""} /></div>
        <div className="field">
          <label htmlFor="group">Group</label>
          <select id="group" name="group" defaultValue={filter.group ?? ""}>
            <option value="">All groups</option>
            {groups.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="class">Interface class</label>
          <select id="class" name="class" defaultValue={classParam ?? ""}>
            <option value="">All classes</option>
            {classes.map(([id, name]) => <option key={id} value={id}>{id} {name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="client">Client</label>
          <select id="client" name="client" defaultValue={filter.client ?? ""}>
            <option value="">All clients</option>
            {p.clients.map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit">Filter</button><a className="button secondary" href={`${base}/objects`}>Clear</a></div>
      </form>
      <p role="status">{objects.length} of {p.objects.length} objects{filter.client ? `, those the ${clients[0]?.name ?? filter.client} reaches` : ""}.</p>
      <div className="table-scroll">
        <table className="data matrix">
          <caption className="sr-only">Access matrix: rights of each client on each object</caption>
          <thead>
            <tr>
              <th scope="col">OBIS</th>
              <th scope="col">Object</th>
              <th scope="col">Class</th>
              {clients.map((c) => <th scope="col" key={c.id}>{c.name}</th>)}
              <th scope="col">Why it is in</th>
            </tr>
          </thead>
          <tbody>
            {objects.map((o) => (
              <tr key={o.id} id={`object-${o.id}`}>
                <td><code>{o.obis}</code></td>
                <th scope="row">
                  {o.name}
                  <details>
                    <summary>Attributes and sources</summary>
                    <ul className="compact">
                      {o.attributes.map((a) => (
                        <li key={a.index}>{a.index}. {a.name} <span className="muted">({a.type}{a.secret ? ", secret" : ""})</span>{a.value !== undefined ? <> = <strong>{JSON.stringify(a.value)}</strong></> : null}</li>
                      ))}
                      {o.methods.map((m) => <li key={`m${m.index}`}>method {m.index}. {m.name}</li>)}
                    </ul>
                    <p className="muted">Sources: {o.provenance.map((s, i) => (
                      <span key={i}>{i > 0 ? "; " : ""}<a href={`${base}#source-${s.source}`}>{s.source}</a> {s.section}</span>
                    ))}</p>
                  </details>
                </th>
                <td>{o.classId} v{o.version}</td>
                {clients.map((c) => <td key={c.id}>{rightsSummary(o, c.id)}</td>)}
                <td>{reasonInWords(o.reason, p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
