import type { TSectionProps } from "./profile-view";
import { reasonInWords } from "@/lib/profile/rights";

export function EventsSection({ version }: TSectionProps) {
  const p = version.profile;
  const eventName = new Map(p.events.logs.flatMap((l) => l.events.map((e) => [e.id, `${e.code} ${e.name}`])));
  return (
    <>
      <section aria-labelledby="logs-heading">
        <h2 id="logs-heading">Events by log</h2>
        {p.events.logs.map((l) => (
          <details className="card" key={l.id} id={`log-${l.id}`}>
            <summary><strong>{l.name}</strong> <code>{l.object.obis}</code> <span className="muted">group {l.group.number} {l.group.name} · {l.events.length} events · {reasonInWords(l.reason, p)}</span></summary>
            <p>{l.description} Event code object: <code>{l.codeObject.obis}</code>.</p>
            <table className="data">
              <thead><tr><th scope="col">Code</th><th scope="col">Event</th><th scope="col">Raises alarm</th><th scope="col">Why it is in</th></tr></thead>
              <tbody>
                {l.events.map((e) => (
                  <tr key={e.id}><td>{e.code}</td><th scope="row">{e.name}</th><td>{e.alarm ?? "—"}</td><td>{reasonInWords(e.reason, p)}</td></tr>
                ))}
              </tbody>
            </table>
          </details>
        ))}
      </section>
      <section aria-labelledby="alarms-heading">
        <h2 id="alarms-heading">Alarm and error registers</h2>
        {p.alarms.registers.map((r) => (
          <div className="card" key={r.id}>
            <h3>{r.name} <code>{r.object.obis}</code></h3>
            <p>Filter <code>{r.filterObject.obis}</code> value {r.filterMask} (0x{r.filterMask.toString(16).toUpperCase()}).</p>
            <table className="data">
              <thead><tr><th scope="col">Bit</th><th scope="col">Alarm</th><th scope="col">Raised</th><th scope="col">Set by</th><th scope="col">Cleared by</th></tr></thead>
              <tbody>
                {r.bits.map((b) => (
                  <tr key={b.id}><td>{b.bit}</td><th scope="row">{b.name}</th><td>{b.raised ? "yes" : "masked"}</td><td>{b.setBy.map((e) => eventName.get(e) ?? e).join(", ") || "—"}</td><td>{b.clearedBy.map((e) => eventName.get(e) ?? e).join(", ") || "reset command"}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
        <div className="card">
          <h3>Error register <code>{p.alarms.errorRegister.object.obis}</code></h3>
          <table className="data">
            <thead><tr><th scope="col">Bit</th><th scope="col">Error</th><th scope="col">Set by</th><th scope="col">Cleared by</th></tr></thead>
            <tbody>
              {p.alarms.errorRegister.bits.map((b) => (
                <tr key={b.id}><td>{b.bit}</td><th scope="row">{b.name}</th><td>{b.setBy.map((e) => eventName.get(e) ?? e).join(", ") || "—"}</td><td>{b.clearedBy.map((e) => eventName.get(e) ?? e).join(", ") || "—"}</td></tr>
              ))}
            </tbody>
          </table>
          <p><strong>Reset command:</strong> {p.alarms.reset.description}</p>
        </div>
      </section>
      <section aria-labelledby="amr-heading" className="card">
        <h2 id="amr-heading">AMR profile status</h2>
        <p>Captured with every load profile entry in {p.amrStatus.objects.map((o) => o.obis).join(", ") || "no load profile of this profile"}.</p>
        <table className="data">
          <thead><tr><th scope="col">Bit</th><th scope="col">Flag</th><th scope="col">Name</th><th scope="col">Meaning</th></tr></thead>
          <tbody>
            {p.amrStatus.bits.map((b) => <tr key={b.id}><td>{b.bit}</td><td>{b.abbreviation}</td><th scope="row">{b.name}</th><td>{b.meaning}</td></tr>)}
          </tbody>
        </table>
      </section>
    </>
  );
}
