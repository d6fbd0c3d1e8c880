import type { TSectionProps } from "./profile-view";

/** What the utility chose not to have, and why each item is out. */
export function ExcludedSection({ version }: TSectionProps) {
  const excluded = version.profile.excluded;
  const kinds = [...new Set(excluded.map((e) => e.kind))];
  return (
    <section aria-labelledby="excluded-heading">
      <h2 id="excluded-heading">Left out of the baseline</h2>
      <p>{excluded.length === 0 ? "Nothing: every item of the PRIME+ baseline is in this profile." : `${excluded.length} items of the PRIME+ baseline are not in this profile.`}</p>
      {kinds.map((kind) => (
        <details className="card" key={kind} open={kinds.length === 1}>
          <summary><strong>{kind}</strong> ({excluded.filter((e) => e.kind === kind).length})</summary>
          <table className="data">
            <thead><tr><th scope="col">Item</th><th scope="col">Status</th><th scope="col">Why it is out</th></tr></thead>
            <tbody>
              {excluded.filter((e) => e.kind === kind).map((e) => (
                <tr key={`${e.kind}:${e.id}`}><th scope="row">{e.name}</th><td>{e.status}</td><td>{e.reason}</td></tr>
              ))}
            </tbody>
          </table>
        </details>
      ))}
    </section>
  );
}
