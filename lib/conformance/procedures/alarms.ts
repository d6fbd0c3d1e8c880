import { d, numberOf } from "../../dlms/axdr/data";
import { dataAccessResultName } from "../../dlms/xdlms/results";
import type { TUserProfile } from "../../profile/schema";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { causeOf, readerOf, type TCause } from "./causes";
import { causeAndFind, loggedEvent } from "./events";
import { associationOf, readData, readingText, ref, type TProcedure } from "./util";

/**
 * Alarms (testbook chapter "alarms"): an event linked to an alarm sets its bit in the alarm
 * register when the filter lets it through and leaves it clear when the filter masks it; bits stay
 * set until a mask written to the register clears them, and the clearing is logged. The runner
 * raises an alarm through an event it can cause (see causes.ts), and leaves register and filter as
 * it found them.
 */
type TRegister = TUserProfile["alarms"]["registers"][number];
type TBit = TRegister["bits"][number];

const bitSet = (value: number | null, bit: number): boolean => value !== null && ((value >>> bit) & 1) === 1;

function alarmOfTest(env: TRunEnvironment, run: TestRun): { register: TRegister; bit: TBit } | undefined {
  const id = run.test.binding?.kind === "alarm" ? run.test.binding.id : undefined;
  for (const register of env.profile.alarms.registers) {
    const bit = register.bits.find((b) => b.id === id);
    if (bit) return { register, bit };
  }
  return undefined;
}

/** The first event linked to the alarm that the runner can cause. */
function causeOfAlarm(env: TRunEnvironment, bit: TBit): TCause | undefined {
  for (const eventId of bit.setBy) {
    if (!loggedEvent(env, eventId)) continue;
    const cause = causeOf(env, eventId);
    if (cause) return cause;
  }
  return undefined;
}

/** Reads the register or filter value through the Management client (fresh). */
async function readValue(env: TRunEnvironment, obis: string): Promise<{ value: number | null; text: string; evidence: [number, number] }> {
  const o = env.profile.objects.find((x) => x.obis === obis);
  const reader = o ? readerOf(env, o, 2) : undefined;
  if (!o || !reader) return { value: null, text: `no client may read ${obis}`, evidence: [env.traffic.length, env.traffic.length] };
  const r = await env.readings.value(reader.id, ref(o, 2), { fresh: true });
  return { value: numberOf(readData(r) ?? d.null()), text: readingText(r), evidence: r.evidence };
}

/** Writes attribute 2 of the register (a clearing mask) or the filter through the Management client. */
async function write(env: TRunEnvironment, obis: string, value: number): Promise<string | null> {
  const o = env.profile.objects.find((x) => x.obis === obis);
  if (!o) return `${obis} is not in the profile`;
  const a = await env.sessions.get("management");
  if (!a.ok) return a.error.message;
  const r = await a.value.setResult(ref(o, 2), d.u32(value >>> 0));
  env.readings.forget(ref(o, 2));
  if (!r.ok) return r.error.message;
  return r.value === 0 ? null : `SET ${obis} attribute 2 refused with ${dataAccessResultName(r.value)}`;
}

/** Clears the bit, causes an event of the alarm and reads the register: the bit it shows, or why it could not. */
async function raiseAndRead(env: TRunEnvironment, run: TestRun, register: TRegister, bit: TBit, cause: TCause): Promise<number | null | string> {
  const cleared = await write(env, register.object.obis, 1 << bit.bit);
  if (cleared) return `bit ${bit.bit} could not be cleared first: ${cleared}`;
  const before = await readValue(env, register.object.obis);
  if (bitSet(before.value, bit.bit)) return `bit ${bit.bit} stays set after a clearing mask (${before.text})`;
  const logged = loggedEvent(env, cause.events[0]!);
  if (!logged || !(await causeAndFind(env, run, cause, [logged]))) return "the event was not caused";
  return (await readValue(env, register.object.obis)).value;
}

async function alarmFilterCheck(env: TRunEnvironment, run: TestRun, expectThrough: boolean): Promise<void> {
  const found = alarmOfTest(env, run);
  if (!found) return;
  const { register, bit } = found;
  const management = await associationOf(env, run, "management");
  if (!management) return;
  const filter = await readValue(env, register.filterObject.obis);
  run.onCleanup(() => write(env, register.object.obis, 1 << bit.bit));
  if (filter.value !== null) run.onCleanup(() => write(env, register.filterObject.obis, filter.value!));
  run.expect(bitSet(filter.value, bit.bit) === expectThrough, `${register.filterObject.obis} bit ${bit.bit} (${bit.name})`, expectThrough ? "1: let through" : "0: masked", `${filter.text}: bit ${bit.bit} is ${bitSet(filter.value, bit.bit) ? 1 : 0}; the profile ${expectThrough ? "lets it through" : "masks it"}`, { evidence: filter.evidence, step: 1 });
  const cause = causeOfAlarm(env, bit);
  if (!cause) {
    run.notRun(`${bit.name} raised`, `the runner cannot cause any of its events (${bit.setBy.join(", ")}) over DLMS: cause one on the meter and read the register by hand`);
    return;
  }
  const shown = await raiseAndRead(env, run, register, bit, cause);
  const title = `${register.object.obis} bit ${bit.bit} after: ${cause.what}`;
  if (typeof shown === "string") run.inconclusive(title, shown, { step: 3 });
  else if (expectThrough) run.expect(bitSet(shown, bit.bit), title, "set", `bit ${bit.bit} (${bit.name}) is not set: register 0x${(shown ?? 0).toString(16)}`, { step: 3 });
  else run.expect(!bitSet(shown, bit.bit), title, "clear: the filter masks it", `bit ${bit.bit} (${bit.name}) is set although the filter masks it`, { step: 3 });
  if (expectThrough && filter.value !== null) {
    const masked = await write(env, register.filterObject.obis, filter.value & ~(1 << bit.bit));
    const again = masked ?? (await raiseAndRead(env, run, register, bit, cause));
    if (typeof again === "string") run.inconclusive(`${title}, with the bit masked in the filter`, again, { step: 4 });
    else run.expect(!bitSet(again, bit.bit), `${title}, with the bit masked in the filter`, "clear", `bit ${bit.bit} is set although the filter was written to mask it`, { step: 4 });
  }
}

/** ALM-001: an alarm the profile lets through sets its bit. */
export const alarmLetThrough: TProcedure = (env, run) => alarmFilterCheck(env, run, true);

/** ALM-002: an alarm the profile masks leaves its bit clear. */
export const alarmMasked: TProcedure = (env, run) => alarmFilterCheck(env, run, false);

/** The first alarm the profile lets through whose event the runner can cause. */
function causableAlarm(env: TRunEnvironment): { register: TRegister; bit: TBit; cause: TCause } | undefined {
  for (const register of env.profile.alarms.registers) {
    for (const bit of register.bits) {
      if (!bitSet(register.filterMask, bit.bit)) continue;
      const cause = causeOfAlarm(env, bit);
      if (cause) return { register, bit, cause };
    }
  }
  return undefined;
}

/** ALM-003 and ALM-005: a raised bit stays set over a new association until a mask clears it; the clearing is logged. */
export const alarmLatchedAndCleared: TProcedure = async (env, run) => {
  const found = causableAlarm(env);
  if (!found) {
    run.notRun("alarm raised", "the runner can cause no event of an alarm the profile lets through");
    return;
  }
  const { register, bit, cause } = found;
  const shown = await raiseAndRead(env, run, register, bit, cause);
  if (typeof shown === "string" || !bitSet(shown, bit.bit)) {
    run.inconclusive(`${register.object.obis} bit ${bit.bit} (${bit.name}) raised`, typeof shown === "string" ? shown : "the bit was not set by its event (see ALM-001)");
    return;
  }
  const management = await env.sessions.get("management");
  if (management.ok) {
    await management.value.release();
    env.sessions.drop("management", management.value);
  }
  const later = await readValue(env, register.object.obis);
  run.expect(bitSet(later.value, bit.bit), `${register.object.obis} bit ${bit.bit} in a new association`, "still set", `cleared without a command: ${later.text}`, { evidence: later.evidence });
  const logged = loggedEvent(env, "alarm-register-cleared");
  const clearing: TCause = { events: ["alarm-register-cleared"], what: `the Management client writes the mask 0x${(1 << bit.bit).toString(16)} to ${register.object.obis}`, run: (e) => write(e, register.object.obis, 1 << bit.bit) };
  if (logged) await causeAndFind(env, run, clearing, [logged]);
  else {
    const error = await write(env, register.object.obis, 1 << bit.bit);
    if (error) run.inconclusive(clearing.what, error);
  }
  const after = await readValue(env, register.object.obis);
  run.expect(!bitSet(after.value, bit.bit), `${register.object.obis} bit ${bit.bit} after the clearing mask`, "clear", `still set: ${after.text}`, { evidence: after.evidence });
};

/** ALM-006: the error register reads 0 on a healthy meter, and no client may write it. */
export const errorRegisterHealthy: TProcedure = async (env, run) => {
  const o = env.profile.objects.find((x) => x.obis === env.profile.alarms.errorRegister.object.obis);
  if (!o) return;
  const v = await readValue(env, o.obis);
  run.expect(v.value === 0, `${o.obis} error register`, "0: no error", `${v.text}: the meter reports an error`, { evidence: v.evidence, step: 1 });
  for (const client of env.profile.clients.filter((c) => c.id !== "broadcast" && o.attributes.some((a) => a.index === 2 && a.access[c.id] !== "-"))) {
    const a = await associationOf(env, run, client.id);
    if (!a) continue;
    const r = await a.setResult(ref(o, 2), d.u32(0));
    const title = `${client.name}: SET ${o.obis} attribute 2`;
    if (!r.ok) run.inconclusive(title, `no answer: ${r.error.message}`, { client: client.id, step: 2 });
    else run.expect(r.value !== 0, title, `refused with ${dataAccessResultName(r.value)}`, "accepted; the error register is read-only", { client: client.id, step: 2 });
  }
};
