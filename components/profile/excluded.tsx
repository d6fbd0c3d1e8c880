import { getBaseline } from "@/lib/baseline/prime-plus";
import type { TExcluded } from "@/lib/profile/schema";
import type { TSectionProps } from "./profile-view";

const KIND_NAMES: Record<TExcluded["kind"], string> = {
  client: "Clients",
  object: "Objects",
  log: "Event logs",
  event: "Events",
  alarm: "Alarms",
  "error-bit": "Error register bits",
  "communication-profile": "Communication profiles",
};

/** What the utility chose not to have, and why each item is out; objects by the group they belong to. */
export function ExcludedSection({ version }: TSectionProps) {
  const excluded = version.profile.excluded;
  const baseline = getBaseline();
  const groupNames = new Map(baseline.groups.map((g) => [g.id, g.name]));
  const groupOf = (e: TExcluded) => groupNames.get(baseline.index.objects.get(e.id)?.group ?? "") ?? "";
  const kinds = (Object.keys(KIND_NAMES) as TExcluded["kind"][]).filter((k) => excluded.some((e) => e.kind === k));
  return (
    <section aria-labelledby="excluded-heading">
      <h2 id="excluded-heading">Left out of the baseline</h2>
      <p>{excluded.length === 0 ? "Nothing: every item of the PRIME+ baseline is in this profile." : `${excluded.length} items of the PRIME+ baseline are not in this profile.`}</p>
      {kinds.map((kind) => {
        const items = excluded.filter((e) => e.kind === kind);
        return (
          <details className="card" key={kind} open={kinds.length === 1}>
            <summary><strong>{KIND_NAMES[kind]}</strong> ({items.length})</summary>
            <table className="data">
              <thead>
                <tr><th scope="col">Item</th>{kind === "object" && <th scope="col">Group</th>}<th scope="col">Status</th><th scope="col">Why it is out</th></tr>
              </thead>
              <tbody>
                {items.map((e) => (
                  <tr key={`${e.kind}:${e.id}`}><th scope="row">{e.name}</th>{kind === "object" && <td>{groupOf(e)}</td>}<td>{e.status}</td><td>{e.reason}</td></tr>
                ))}
              </tbody>
            </table>
          </details>
        );
      })}
    </section>
  );
}
