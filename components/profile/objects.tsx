import { getBaseline } from "@/lib/baseline/prime-plus";
import { filterObjects } from "@/lib/profile/filter";
import { reasonInWords } from "@/lib/profile/rights";
import type { TProfileObject, TUserProfile } from "@/lib/profile/schema";
import { param, type TSectionProps } from "./profile-view";
import { rightsInWords } from "./rights-in-words";

/** Rows per page: the full profile's first page stays well under 150 KB of HTML with every client's column. */
const OBJECTS_PER_PAGE = 25;

/**
 * The object list with the access matrix, searchable and filterable without any script, one
 * page of rows at a time so that the largest profile still opens at once.
 */
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
  const pages = Math.max(1, Math.ceil(objects.length / OBJECTS_PER_PAGE));
  const pageParam = Number(param(search, "page") ?? "1");
  const page = Number.isInteger(pageParam) ? Math.min(Math.max(pageParam, 1), pages) : 1;
  const shown = objects.slice((page - 1) * OBJECTS_PER_PAGE, page * OBJECTS_PER_PAGE);
  const clients = filter.client ? p.clients.filter((c) => c.id === filter.client) : p.clients;
  const detail = p.objects.find((o) => o.id === param(search, "object"));
  const query = (n: number, object?: string) => {
    const q = new URLSearchParams();
    if (filter.q) q.set("q", filter.q);
    if (filter.group) q.set("group", filter.group);
    if (classParam) q.set("class", classParam);
    if (filter.client) q.set("client", filter.client);
    if (n > 1) q.set("page", String(n));
    if (object) q.set("object", object);
    const s = q.toString();
    return `${base}/objects${s ? `?${s}` : ""}`;
  };
  const first = objects.length === 0 ? 0 : (page - 1) * OBJECTS_PER_PAGE + 1;
  return (
    <section aria-labelledby="objects-heading">
      <h2 id="objects-heading">Objects and access rights</h2>
      <p>One row per object: its OBIS code, interface class and version, what each client may do with it, and why it is in the profile.</p>
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
      <dl className="legend card" aria-label="How to read the rights">
        <dt>Reads</dt><dd>attributes the client may read;</dd>
        <dt>Writes</dt><dd>attributes it may change;</dd>
        <dt>Runs</dt><dd>methods (commands) it may execute;</dd>
        <dt>No access</dt><dd>the client does not see the object.</dd>
        <dt>R 1,2 · W 2 · X 1</dt><dd>the same rights by attribute and method number, as the testbook and the Gurux export write them. No client reads a password or a key.</dd>
      </dl>
      <p role="status">
        {objects.length} of {p.objects.length} objects{filter.client ? `, those the ${clients[0]?.name ?? filter.client} reaches` : ""}
        {pages > 1 ? `; showing ${first} to ${first + shown.length - 1}.` : "."}
      </p>
      {detail && <ObjectDetail object={detail} clients={p.clients} base={base} close={query(page)} />}
      <Pager page={page} pages={pages} href={query} />
      <div className="table-scroll">
        <table className="data matrix">
          <caption className="sr-only">Access matrix: rights of each client on each object{pages > 1 ? `, page ${page} of ${pages}` : ""}</caption>
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
            {shown.map((o) => (
              <tr key={o.id} id={`object-${o.id}`}>
                <td><code>{o.obis}</code></td>
                <th scope="row">
                  {o.name} <a className="row-link" href={`${query(page, o.id)}#object-detail`} aria-label={`Attributes and sources of ${o.name}`}>details</a>
                </th>
                <td>{o.classId} v{o.version}</td>
                {clients.map((c) => <RightsCell key={c.id} words={rightsInWords(o, c.id)} />)}
                <td>{reasonInWords(o.reason, p)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager page={page} pages={pages} href={query} />
    </section>
  );
}

/** One object in full: each attribute and method by name with every client's right on it, its values and its sources. */
function ObjectDetail({ object: o, clients, base, close }: { object: TProfileObject; clients: TUserProfile["clients"]; base: string; close: string }) {
  const right = (access: string | undefined) => ({ R: "read", W: "write", RW: "read, write", X: "run" })[access ?? "-"] ?? "—";
  return (
    <section className="card" id="object-detail" aria-labelledby="object-detail-heading">
      <h3 id="object-detail-heading">{o.name} <code>{o.obis}</code></h3>
      <p>Interface class {o.classId} {o.className}, version {o.version}.{o.description ? ` ${o.description}` : ""} <a href={close}>Close</a></p>
      <div className="table-scroll">
        <table className="data">
          <thead>
            <tr><th scope="col">Attribute or method</th><th scope="col">Type and value</th>{clients.map((c) => <th scope="col" key={c.id}>{c.name}</th>)}</tr>
          </thead>
          <tbody>
            {o.attributes.map((a) => (
              <tr key={a.index}>
                <th scope="row">{a.index}. {a.name.replaceAll("_", " ")}</th>
                <td>{a.type}{a.secret ? ", secret" : ""}{a.value !== undefined ? <> = <strong>{JSON.stringify(a.value)}</strong></> : null}</td>
                {clients.map((c) => <td key={c.id}>{right(a.access[c.id])}</td>)}
              </tr>
            ))}
            {o.methods.map((m) => (
              <tr key={`m${m.index}`}>
                <th scope="row">method {m.index}. {m.name.replaceAll("_", " ")}</th>
                <td>method</td>
                {clients.map((c) => <td key={c.id}>{right(m.access[c.id])}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="muted">Sources: {o.provenance.map((s, i) => (
        <span key={i}>{i > 0 ? "; " : ""}<a href={`${base}#source-${s.source}`}>{s.source}</a> {s.section}</span>
      ))}</p>
    </section>
  );
}

function RightsCell({ words }: { words: ReturnType<typeof rightsInWords> }) {
  if (!words.reads && !words.writes && !words.runs) return <td className="muted">No access</td>;
  return (
    <td>
      <ul className="rights">
        {words.reads && <li>Reads {words.reads}</li>}
        {words.writes && <li>Writes {words.writes}</li>}
        {words.runs && <li>Runs {words.runs}</li>}
      </ul>
      <span className="code">{words.code}</span>
    </td>
  );
}

function Pager({ page, pages, href }: { page: number; pages: number; href: (n: number) => string }) {
  if (pages <= 1) return null;
  return (
    <nav className="pager" aria-label={`Pages of objects (page ${page} of ${pages})`}>
      {page > 1 ? <a href={href(page - 1)} rel="prev">Previous</a> : null}
      <ol>
        {Array.from({ length: pages }, (_, i) => i + 1).map((n) => (
          <li key={n}>{n === page ? <span className="current" aria-current="page">{n}</span> : <a href={href(n)} aria-label={`Page ${n}`}>{n}</a>}</li>
        ))}
      </ol>
      {page < pages ? <a href={href(page + 1)} rel="next">Next</a> : null}
    </nav>
  );
}
