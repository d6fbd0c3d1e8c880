import { d, numberOf } from "../../dlms/axdr/data";
import type { Association } from "../../dlms/client";
import { entrySelection } from "../../dlms/cosem/selective-access";
import type { TProfileObject } from "../../profile/schema";
import type { TRunEnvironment } from "../environment";
import { causeOf } from "./causes";
import { causeAndFind, loggedEvent } from "./events";
import { associationOf, boundObject, type TProcedure } from "./util";

/**
 * The AMR profile status of load profile entries (PRIME+ white paper, Profile Status AMR): an entry
 * whose interval saw a parameter change carries bit MP, the next undisturbed one does not (LP-008).
 * Like the clock adjustment test (time.ts), the runner closes the interval with capture (method 2)
 * where its client may run it, instead of waiting for the capture period.
 */
const bitOf = (env: TRunEnvironment, id: string) => env.profile.amrStatus.bits.find((b) => b.id === id);

/** Captures one entry and gives its AMR status, or why it could not. */
async function captureStatus(env: TRunEnvironment, a: Association, profile: TProfileObject, column: number): Promise<number | string> {
  const captured = await a.actionResult({ classId: 7, obis: profile.obis, method: 2 }, d.i8(0));
  for (const attribute of [2, 7]) env.readings.forget({ classId: 7, obis: profile.obis, attribute });
  if (!captured.ok) return captured.error.message;
  if (captured.value.result !== 0) return `capture refused with ${captured.value.result}`;
  const count = await a.get({ classId: 7, obis: profile.obis, attribute: 7 });
  const n = count.ok ? (numberOf(count.value) ?? 0) : 0;
  if (n === 0) return "the profile is empty after the capture";
  const last = await a.get({ classId: 7, obis: profile.obis, attribute: 2 }, entrySelection(n, n));
  const row = last.ok && last.value.type === "array" ? last.value.items[0] : undefined;
  const status = row?.type === "structure" ? numberOf(row.items[column] ?? d.null()) : null;
  return status ?? (last.ok ? "the last entry has no AMR status value" : last.error.message);
}

/** LP-008: after a parameter change the next entry has bit MP; the entry after it, without a change, has not. */
export const parameterMarksProfile: TProcedure = async (env, run) => {
  const profile = boundObject(env, run);
  const bit = bitOf(env, "amr-parameters-changed");
  const column = profile.captureObjects?.findIndex((c) => env.profile.amrStatus.objects.some((x) => x.obis === c.obis)) ?? -1;
  const cause = causeOf(env, "parameters-changed");
  const capturer = env.profile.clients.find((c) => c.id !== "broadcast" && profile.methods.find((m) => m.index === 2)?.access[c.id] === "X");
  if (!bit || column < 0 || !cause) {
    run.notRun(`${profile.obis} AMR bit MP`, !cause ? "no client of the profile may write a parameter that has no event of its own" : "the profile has no AMR status column in this profile or no MP bit");
    return;
  }
  if (!capturer) {
    run.notRun(`${profile.obis} AMR bit MP`, "no client of the profile may run capture: the flag shows at the next capture period boundary, which this run does not wait for");
    return;
  }
  const a = await associationOf(env, run, capturer.id);
  if (!a) return;
  const logged = loggedEvent(env, "parameters-changed");
  if (logged) {
    if (!(await causeAndFind(env, run, cause, [logged], 2))) return;
  } else {
    const failed = await cause.run(env);
    if (failed) {
      run.inconclusive(cause.what, failed, { step: 2 });
      return;
    }
  }
  const pooled = await env.sessions.get(capturer.id);
  const association = pooled.ok ? pooled.value : a;
  const marked = await captureStatus(env, association, profile, column);
  const title = `${profile.obis}: AMR status of the entry after: ${cause.what}`;
  if (typeof marked === "string") {
    run.inconclusive(title, marked, { client: capturer.id, step: 3 });
    return;
  }
  const hex = (n: number) => `0x${n.toString(16).padStart(2, "0")}`;
  run.expect(((marked >> bit.bit) & 1) === 1, title, `${hex(marked)} has bit ${bit.bit} (${bit.abbreviation})`, `${hex(marked)} lacks bit ${bit.bit} (${bit.abbreviation}, ${bit.name})`, { client: capturer.id, step: 3 });
  const next = await captureStatus(env, association, profile, column);
  const nextTitle = `${profile.obis}: AMR status of the next entry, with no change in its interval`;
  if (typeof next === "string") run.inconclusive(nextTitle, next, { client: capturer.id, step: 4 });
  else run.expect(((next >> bit.bit) & 1) === 0, nextTitle, `${hex(next)}: bit ${bit.bit} clear again`, `${hex(next)} still has bit ${bit.bit} (${bit.abbreviation}): the flag must mark only the interval of the change`, { client: capturer.id, step: 4 });
};
