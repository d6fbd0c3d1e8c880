import { describeActivity, type TActivityEntry } from "@/lib/server/activity";

const when = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;

/** Who did what to a questionnaire and its versions, newest first; shown to the workspace's members. */
export function ActivityLog({ entries }: { entries: TActivityEntry[] }) {
  return (
    <section className="card" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Activity</h2>
      {entries.length === 0 ? (
        <p>Nothing recorded yet. Saves, submissions, share links, results links, imported results and meter runs appear here with who did them.</p>
      ) : (
        <div className="table-scroll">
          <table className="data">
            <thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th></tr></thead>
            <tbody>
              {entries.map((e, i) => (
                <tr key={`${e.at}-${i}`}>
                  <td>{e.count > 1 ? `${when(e.at)} to ${e.lastAt.slice(11, 16)}` : when(e.at)}</td>
                  <td>{e.actorName}</td>
                  <td>{describeActivity(e)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
