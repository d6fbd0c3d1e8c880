import { headers } from "next/headers";
import { diffProfiles, type TChange } from "@/lib/profile/diff";
import type { TUserProfile } from "@/lib/profile/schema";
import { baselineDefaultProfile, loadVersion } from "@/lib/server/profiles";
import { namesOf, parameterValueInWords } from "./parameter-value";
import { param, type TSectionProps } from "./profile-view";

const KIND_TITLES = { client: "Clients", object: "Objects", right: "Access rights", log: "Event logs", event: "Events", parameter: "Parameters" } as const;

/** What differs from another version of the same answers, or from the PRIME+ defaults. */
export async function CompareSection({ version, siblings, base, search }: TSectionProps) {
  const others = siblings.filter((v) => v.id !== version.id);
  const requested = param(search, "with") ?? "defaults";
  const other = others.find((v) => v.id === requested);
  const against = other ? (await loadVersion(await headers(), other.id)).profile : baselineDefaultProfile();
  const label = other ? `version ${other.number}` : "the PRIME+ defaults";
  const changes = diffProfiles(against, version.profile);
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">Compare with {label}</h2>
      <form method="get" action={`${base}/compare`} className="card filters" aria-label="Choose what to compare with">
        <div className="field">
          <label htmlFor="with">Compare this profile with</label>
          <select id="with" name="with" defaultValue={other ? other.id : "defaults"}>
            <option value="defaults">The PRIME+ defaults (what your answers changed)</option>
            {others.map((v) => <option key={v.id} value={v.id}>Version {v.number}</option>)}
          </select>
        </div>
        <div className="actions"><button type="submit">Compare</button></div>
      </form>
      <p role="status">{changes.length === 0 ? `No difference with ${label}.` : `${changes.length} differences with ${label} (added: in this profile only; removed: in ${label} only).`}</p>
      {(Object.keys(KIND_TITLES) as (keyof typeof KIND_TITLES)[]).map((kind) => {
        const list = changes.filter((c) => c.kind === kind);
        if (list.length === 0) return null;
        return (
          <details className="card" key={kind} open={list.length <= 40}>
            <summary><strong>{KIND_TITLES[kind]}</strong>: {list.filter((c) => c.change === "added").length} added, {list.filter((c) => c.change === "removed").length} removed, {list.filter((c) => c.change === "changed").length} changed</summary>
            <table className="data">
              <thead><tr><th scope="col">Item</th><th scope="col">Change</th><th scope="col">Detail</th></tr></thead>
              <tbody>
                {list.map((c) => <tr key={`${c.kind}:${c.id}`} id={`change-${c.kind}-${c.id}`}><th scope="row">{c.name}</th><td>{c.change}</td><td>{detailInWords(c, against, version.profile)}</td></tr>)}
              </tbody>
            </table>
          </details>
        );
      })}
    </section>
  );
}

/** A parameter change in the words of the parameters page: names for lists, what was added and removed. */
function detailInWords(change: TChange, before: TUserProfile, after: TUserProfile): string {
  if (change.kind !== "parameter" || change.change !== "changed") return change.detail;
  const find = (p: TUserProfile) => p.parameters.find((x) => `${x.object.id}.${x.id}` === change.id);
  const [x, y] = [find(before), find(after)];
  if (!x || !y) return change.detail;
  if (Array.isArray(x.value) && Array.isArray(y.value)) {
    const [was, now] = [namesOf(x, before), namesOf(y, after)];
    const added = now.filter((n) => !was.includes(n));
    const removed = was.filter((n) => !now.includes(n));
    return [added.length ? `added ${added.join(", ")}` : "", removed.length ? `removed ${removed.join(", ")}` : ""].filter(Boolean).join("; ") || "same names, new order";
  }
  return `${parameterValueInWords(x, before)} → ${parameterValueInWords(y, after)}`;
}
