import { isNumeric, numberOf, type TData } from "../../dlms/axdr/data";
import { equalData, formatData } from "../../dlms/axdr/format";
import { unitByCode, unitBySymbol } from "../../dlms/cosem/units";
import { formatObis } from "../../dlms/obis";
import type { TProfileObject } from "../../profile/schema";
import { requiredAttributeValue } from "../../simulator/values/parameters";
import { canRead, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { readData, readingText, ref, requiredObjects, type TProcedure } from "./util";

/**
 * What the profile fixes, read back from the meter: parameter values (capture periods, thresholds,
 * nominal values, the APN, control modes), scaler-units of registers, capture objects, capture
 * periods and depths of profiles. One procedure for every test whose requirements name the objects
 * and parameters it is about.
 */

/** A client that may read the attribute: the Management client first, then the Reading client, then any. */
function readerOf(env: TRunEnvironment, o: TProfileObject, attribute: number): TClientId | undefined {
  const a = o.attributes.find((x) => x.index === attribute);
  const order = ["management", "reading", ...env.profile.clients.map((c) => c.id)] as TClientId[];
  return order.find((c) => env.profile.clients.some((x) => x.id === c) && canRead(a?.access[c]));
}

/** Values compare by number when both are numbers (a meter may pick another integer type), otherwise exactly. */
export function sameValue(got: TData, want: TData): boolean {
  if (isNumeric(got) && isNumeric(want)) return numberOf(got) === numberOf(want);
  if (got.type === "octet-string" && want.type === "visible-string") return Buffer.from(got.value).toString("latin1") === want.value;
  return equalData(got, want);
}

export async function checkRequiredValue(env: TRunEnvironment, run: TestRun, o: TProfileObject, attribute: number, requirement: string): Promise<void> {
  let want: TData | undefined;
  try {
    want = requiredAttributeValue(env.profile, o, attribute);
  } catch {
    want = undefined;
  }
  if (!want) return;
  const reader = readerOf(env, o, attribute);
  const name = o.attributes.find((a) => a.index === attribute)?.name ?? `attribute ${attribute}`;
  const title = `${o.obis} ${name} (${o.name})`;
  if (!reader) {
    run.notRun(title, "no client of the profile may read it", { requirements: [requirement] });
    return;
  }
  const r = await env.readings.value(reader, ref(o, attribute));
  const got = readData(r);
  if (!got) {
    run.inconclusive(title, readingText(r), { client: reader, evidence: r.evidence, requirements: [requirement] });
    return;
  }
  run.expect(sameValue(got, want), title, `${formatData(got, 6)}, as the profile says`, `reads ${formatData(got, 6)}; the profile says ${formatData(want, 6)}`, { client: reader, evidence: r.evidence, requirements: [requirement] });
}

export async function checkScalerUnit(env: TRunEnvironment, run: TestRun, o: TProfileObject): Promise<void> {
  if (!o.scalerUnit) return;
  const attribute = o.classId === 5 ? 4 : 3;
  const reader = readerOf(env, o, attribute);
  if (!reader) return;
  const r = await env.readings.value(reader, ref(o, attribute));
  const v = readData(r);
  const title = `${o.obis} scaler_unit (${o.name})`;
  const unit = unitBySymbol(o.scalerUnit.unit);
  const want = `{${o.scalerUnit.scaler}, ${o.scalerUnit.unit}}`;
  if (v?.type !== "structure" || v.items.length !== 2) {
    run.fail(title, `reads ${readingText(r)}; the profile says ${want}`, { client: reader, evidence: r.evidence, requirements: [`object:${o.id}`] });
    return;
  }
  const scaler = numberOf(v.items[0]!);
  const code = numberOf(v.items[1]!);
  const gotText = `{${scaler}, ${code === null ? "?" : (unitByCode(code)?.symbol ?? `unit ${code}`)}}`;
  run.expect(scaler === o.scalerUnit.scaler && code === unit?.code, title, `${gotText}, as the profile says`, `${o.obis} scaler_unit ${gotText}; the profile says ${want}`, { client: reader, evidence: r.evidence, requirements: [`object:${o.id}`] });
}

export async function checkCaptureObjects(env: TRunEnvironment, run: TestRun, o: TProfileObject): Promise<void> {
  if (o.classId !== 7 || !o.captureObjects) return;
  const reader = readerOf(env, o, 3);
  if (!reader) return;
  const r = await env.readings.value(reader, ref(o, 3));
  const v = readData(r);
  const want = o.captureObjects.map((c) => `${c.obis}/${c.attribute}`);
  const got = v?.type === "array" ? v.items.map((x) => (x.type === "structure" && x.items[1]?.type === "octet-string" ? `${formatObis(x.items[1].value)}/${numberOf(x.items[2]!)}` : "?")) : null;
  const title = `${o.obis} capture_objects (${o.name})`;
  if (!got) {
    run.fail(title, `reads ${readingText(r)}; the profile lists ${want.length} columns`, { client: reader, evidence: r.evidence, requirements: [`object:${o.id}`] });
    return;
  }
  const missing = want.filter((w) => !got.includes(w));
  const extra = got.filter((g) => !want.includes(g));
  const ordered = missing.length === 0 && extra.length === 0 && got.every((g, i) => g === want[i]);
  // A captured value means nothing without its scaler-unit: those of the captured registers are part of the capture.
  for (const c of o.captureObjects) {
    const captured = env.profile.objects.find((x) => x.obis === c.obis);
    if (captured && [3, 4, 5].includes(captured.classId) && c.attribute === 2) await checkScalerUnit(env, run, captured);
  }
  run.expect(ordered, title, `${got.length} columns, as the profile lists them`, [missing.length ? `missing ${missing.join(", ")}` : "", extra.length ? `extra ${extra.join(", ")}` : "", missing.length + extra.length === 0 ? "columns in another order" : ""].filter(Boolean).join("; "), {
    client: reader,
    evidence: r.evidence,
    requirements: [`object:${o.id}`],
  });
}

/** Every fixed value, scaler-unit and capture list of the objects the test's requirements name, and its named parameters. */
export const profileValues: TProcedure = async (env, run) => {
  const objects = requiredObjects(env, run);
  const parameters = run.test.requirements.filter((r) => r.startsWith("parameter:")).map((r) => r.slice(10));
  for (const p of env.profile.parameters.filter((x) => parameters.includes(x.id))) {
    const o = env.profile.objects.find((x) => x.id === p.object.id);
    if (o) await checkRequiredValue(env, run, o, p.attribute, `parameter:${p.id}`);
  }
  for (const o of objects) {
    for (const a of o.attributes) if (a.value !== undefined && !env.profile.parameters.some((p) => p.object.id === o.id && p.attribute === a.index && parameters.includes(p.id))) await checkRequiredValue(env, run, o, a.index, `object:${o.id}`);
    await checkScalerUnit(env, run, o);
    await checkCaptureObjects(env, run, o);
  }
};
