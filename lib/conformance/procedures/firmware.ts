import { d, numberOf } from "../../dlms/axdr/data";
import { equalData, formatData } from "../../dlms/axdr/format";
import { unitByCode } from "../../dlms/cosem/units";
import { actionResultName, dataAccessResultName } from "../../dlms/xdlms/results";
import { inClientView } from "../../profile/view";
import { canRead, canWrite } from "../../vocabulary";
import { readerOf, writerOf } from "./causes";
import { associationOf, DENIED, objectById, readData, readingText, ref, type TProcedure } from "./util";

/**
 * Firmware upgrade (testbook chapter "firmware"): no image transfer starts while
 * image_transfer_enabled is false (FW-007), and the regulatory limit on the number of firmware
 * upgrades can be changed by no client (FW-009). Neither test transfers or activates an image: the
 * attempt to start one while disabled names an image of 1 kB that is never sent.
 */
const PROBE_IMAGE = d.struct(d.octets(new TextEncoder().encode("PRIME-PLUS-FW007")), d.u32(1024));
/** Image transfer status (attribute 6): (1) transfer initiated. */
const INITIATED = 1;

/** FW-007: image_transfer_initiate is refused while image_transfer_enabled is false; the attribute is put back. */
export const firmwareTransferDisabled: TProcedure = async (env, run) => {
  const o = objectById(env, "image-transfer");
  const client = o ? writerOf(env, o, 5) : undefined;
  if (!o || !client || o.methods.find((m) => m.index === 1)?.access[client.id] !== "X") {
    if (o) run.notRun(run.test.title, "no client of the profile may both write image_transfer_enabled and run image_transfer_initiate");
    return;
  }
  const a = await associationOf(env, run, client.id);
  if (!a) return;
  const options = { client: client.id };
  const enabled = await a.get(ref(o, 5));
  const status = await a.get(ref(o, 6));
  if (!enabled.ok || !status.ok) {
    run.inconclusive(`${o.obis} attributes 5 and 6`, `not read: ${!enabled.ok ? enabled.error.message : !status.ok ? status.error.message : ""}`, options);
    return;
  }
  const disable = await a.setResult(ref(o, 5), d.bool(false));
  const disabled = disable.ok && disable.value === 0;
  run.expect(disabled, `${client.name}: SET ${o.obis} attribute 5 (image_transfer_enabled) to false`, "success", disable.ok ? `refused with ${dataAccessResultName(disable.value)}` : `no answer: ${disable.error.message}`, { ...options, step: 1 });
  if (disabled) {
    const r = await a.actionResult({ classId: 18, obis: o.obis, method: 1 }, PROBE_IMAGE);
    const after = await a.get(ref(o, 6));
    const statusAfter = after.ok ? numberOf(after.value) : null;
    const started = statusAfter === INITIATED && numberOf(status.value) !== INITIATED;
    run.expect(r.ok && r.value.result !== 0 && !started, `${client.name}: ACTION ${o.obis} method 1 (image_transfer_initiate) while disabled`, `refused with ${r.ok ? actionResultName(r.value.result) : ""}; image_transfer_status is ${after.ok ? formatData(after.value, 2) : "unread"}`, !r.ok ? `no answer: ${r.error.message}` : r.value.result === 0 ? `accepted while image_transfer_enabled is false${started ? ": image_transfer_status became 1 (initiated)" : ""}` : "refused, but image_transfer_status became 1 (initiated)", { ...options, step: 2 });
  }
  const restore = await a.setResult(ref(o, 5), enabled.value);
  const back = await a.get(ref(o, 5));
  const restored = restore.ok && restore.value === 0 && back.ok && equalData(back.value, enabled.value);
  run.expect(restored, `${client.name}: SET ${o.obis} attribute 5 back to ${formatData(enabled.value, 2)}`, "success, and it reads so", !restore.ok ? `no answer: ${restore.error.message}` : restore.value !== 0 ? `refused with ${dataAccessResultName(restore.value)}` : `reads ${back.ok ? formatData(back.value, 2) : "nothing"}`, { ...options, step: 3 });
  run.notRun(`${client.name}: image_transfer_initiate with the transfer enabled`, "starting a transfer needs the manufacturer's signed test image B (FW-001); the runner starts none", { ...options, step: 3 });
};

/**
 * FW-009: the limit holds the profile's value in counts, the counter is within it, and no client
 * can change it: the value it holds written back is refused for every client, and so is its reset.
 */
export const limitUnchangeable: TProcedure = async (env, run) => {
  const o = objectById(env, "firmware-upgrade-limit");
  const reader = o ? (env.profile.clients.find((c) => c.id === "reading" && canRead(o.attributes.find((x) => x.index === 2)?.access.reading)) ?? readerOf(env, o, 2)) : undefined;
  if (!o || !reader) return;
  const [limit, unit] = await env.readings.read(reader.id, [ref(o, 2), ref(o, 3)], { fresh: true });
  const value = readData(limit);
  const want = env.profile.parameters.find((p) => p.id === "maxUpgrades")?.value;
  const options = { client: reader.id, step: 1 };
  if (typeof want === "number") run.expect(value !== undefined && numberOf(value) === want, `${reader.name}: ${o.obis} firmware upgrade limit`, `${want}`, `reads ${readingText(limit)}; the regulatory limit of the profile is ${want}`, { ...options, evidence: limit!.evidence });
  const u = readData(unit);
  const scaler = u?.type === "structure" ? numberOf(u.items[0] ?? d.null()) : null;
  const code = u?.type === "structure" ? numberOf(u.items[1] ?? d.null()) : null;
  if (o.scalerUnit) run.expect(scaler === o.scalerUnit.scaler && code !== null && unitByCode(code)?.symbol === o.scalerUnit.unit, `${o.obis} scaler_unit`, `{${scaler}, ${o.scalerUnit.unit}}`, `{${scaler}, ${code === null ? "?" : (unitByCode(code)?.symbol ?? `unit ${code}`)}}; the profile says {${o.scalerUnit.scaler}, ${o.scalerUnit.unit}}`, { ...options, evidence: unit!.evidence });
  const counter = objectById(env, "firmware-upgrade-counter");
  const counterReader = counter ? readerOf(env, counter, 2) : undefined;
  if (counter && counterReader && value) {
    const c = await env.readings.value(counterReader.id, ref(counter, 2), { fresh: true });
    const n = numberOf(readData(c) ?? d.null());
    run.expect(n !== null && n <= (numberOf(value) ?? -1), `${counter.obis} firmware upgrade counter`, `${n} of ${numberOf(value)}`, `reads ${readingText(c)}, beyond the limit ${numberOf(value)}`, { client: counterReader.id, evidence: c.evidence, step: 1 });
  }
  if (!value) {
    run.inconclusive(`${o.obis} written back`, `the limit was not read: ${readingText(limit)}`, { step: 2 });
    return;
  }
  for (const client of env.profile.clients.filter((c) => c.id !== "broadcast")) {
    const a = await associationOf(env, run, client.id);
    if (!a) continue;
    const title = `${client.name}: SET ${o.obis} attribute 2 to the value it holds`;
    const step = { client: client.id, step: 2 };
    const r = await a.setResult(ref(o, 2), value);
    if (!r.ok) run.inconclusive(title, `no answer: ${r.error.message}`, step);
    else run.expect(r.value !== 0, title, `refused with ${dataAccessResultName(r.value)}`, `accepted${canWrite(o.attributes.find((x) => x.index === 2)?.access[client.id]) ? " (the profile grants it, which the regulation forbids)" : "; the limit must not be writable by any client"}`, step);
    const reset = o.methods.find((m) => m.index === 1);
    if (!reset || reset.access[client.id] === "X") continue;
    // A parameter reset must refuse (a visible-string): a meter that checked the right first answers read-write-denied, and nothing is reset.
    const m = await a.actionResult({ classId: o.classId, obis: o.obis, method: 1 }, d.visible("prime-plus access probe"));
    const wantCode = inClientView(o, client.id) ? DENIED.readWriteDenied : DENIED.objectUndefined;
    if (!m.ok) run.inconclusive(`${client.name}: ACTION ${o.obis} method 1 (reset)`, `no answer: ${m.error.message}`, step);
    else run.expect(m.value.result === wantCode, `${client.name}: ACTION ${o.obis} method 1 (reset)`, `refused with ${actionResultName(wantCode)}`, m.value.result === 0 ? "accepted; the limit must not be reset" : `refused with ${actionResultName(m.value.result)}; expected ${actionResultName(wantCode)}`, step);
  }
  const after = await env.readings.value(reader.id, ref(o, 2), { fresh: true });
  run.expect(readData(after) !== undefined && equalData(readData(after)!, value), `${o.obis} after the attempts`, `still ${readingText(after)}`, `reads ${readingText(after)}; it read ${readingText(limit)} before`, { client: reader.id, evidence: after.evidence, step: 3 });
};
