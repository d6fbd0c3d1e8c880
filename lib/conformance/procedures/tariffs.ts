import { d, numberOf, type TData } from "../../dlms/axdr/data";
import { equalData, formatData } from "../../dlms/axdr/format";
import { formatDateTime, type TCosemDateTime } from "../../dlms/axdr/date-time";
import type { Association } from "../../dlms/client";
import { dateTimeOctets, dateTimeOfData } from "../../dlms/cosem/selective-access";
import { formatObis } from "../../dlms/obis";
import { actionResultName, dataAccessResultName } from "../../dlms/xdlms/results";
import type { TProfileObject } from "../../profile/schema";
import { canRead, canWrite, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TestRun } from "../test-run";
import { actionAt, danglingReferences, nameText, parseCalendar, parseSpecialDays, type TCalendar, type TSpecialDay } from "./calendar";
import type { TCause } from "./causes";
import { causeAndFind, loggedEvent } from "./events";
import { associationOf, clientName, objectById, readData, readingText, ref, type TProcedure } from "./util";

/**
 * Time of use (testbook chapter "tariffs"): the active calendar is well formed, its references
 * hold and the tariff and register mask in force are the ones it selects now (TOU-001); the
 * Management client programs the passive calendar, which reads back as written and logs its
 * programming without touching the active one (TOU-002); activate_passive_calendar makes the
 * passive calendar active at once for the Management client only, and logs it (TOU-004). The
 * runner programs a copy of the active calendar, so that the tariffs never change; in TOU-004 the
 * copy carries another name, to see the activation, and the meter's name is activated back.
 * Passive calendar attributes are written back as they were.
 */
const CLOCK = { classId: 8, obis: "0-0:1.0.0.255", attribute: 2 };
const ACTIVE = [2, 3, 4, 5] as const;
/** Passive attributes in the order a meter that checks references can take them: day profiles first. */
const PASSIVE_ORDER = [9, 8, 7, 6, 10] as const;
const PASSIVE_OF: Record<number, number> = { 6: 2, 7: 3, 8: 4, 9: 5 };

interface TTou {
  calendar: TProfileObject;
  tariff: TProfileObject | undefined;
  activation: TProfileObject | undefined;
  scripts: TProfileObject | undefined;
  special: TProfileObject | undefined;
}

function touObjects(env: TRunEnvironment): TTou | undefined {
  const calendar = objectById(env, "activity-calendar");
  if (!calendar) return undefined;
  return { calendar, tariff: objectById(env, "currently-active-tariff"), activation: objectById(env, "register-activation"), scripts: objectById(env, "tariffication-script-table"), special: objectById(env, "special-days-table") };
}

/** A client that may read the attribute, the Reading client first (the testbook reads with it). */
function reader(env: TRunEnvironment, o: TProfileObject | undefined, attribute: number): TClientId | undefined {
  const a = o?.attributes.find((x) => x.index === attribute);
  const order = ["reading", "management", ...env.profile.clients.map((c) => c.id)] as TClientId[];
  return order.find((c) => c !== "broadcast" && env.profile.clients.some((x) => x.id === c) && canRead(a?.access[c]));
}

const writer = (env: TRunEnvironment, o: TProfileObject): TClientId | undefined =>
  (["management", ...env.profile.clients.map((c) => c.id)] as TClientId[]).find((c) => c !== "broadcast" && env.profile.clients.some((x) => x.id === c) && PASSIVE_ORDER.every((i) => canWrite(o.attributes.find((a) => a.index === i)?.access[c])));

const activator = (env: TRunEnvironment, o: TProfileObject): TClientId | undefined =>
  (["management", ...env.profile.clients.map((c) => c.id)] as TClientId[]).find((c) => c !== "broadcast" && env.profile.clients.some((x) => x.id === c) && o.methods.find((m) => m.index === 1)?.access[c] === "X");

/** Reads attributes of one object in one association, fresh; a refusal or failure is a string. */
async function readAll(a: Association, o: TProfileObject, attributes: readonly number[]): Promise<Map<number, TData> | string> {
  const out = new Map<number, TData>();
  for (const i of attributes) {
    const r = await a.get(ref(o, i));
    if (!r.ok) return `${o.obis} attribute ${i}: ${r.error.message}`;
    out.set(i, r.value);
  }
  return out;
}

/** The tariffication scripts: each id with the active mask its write of the register activation's attribute 4 sets. */
async function tariffScripts(env: TRunEnvironment, t: TTou): Promise<Map<number, Uint8Array | null> | string> {
  const client = reader(env, t.scripts, 2);
  if (!t.scripts || !client) return "no client may read the tariffication script table";
  const r = await env.readings.value(client, ref(t.scripts, 2), { fresh: true });
  const v = readData(r);
  if (v?.type !== "array") return `${t.scripts.obis} scripts read ${readingText(r)}`;
  const scripts = new Map<number, Uint8Array | null>();
  for (const s of v.items) {
    const id = s.type === "structure" ? numberOf(s.items[0] ?? d.null()) : null;
    if (id === null || s.type !== "structure") continue;
    const actions = s.items[1]?.type === "array" ? s.items[1].items : [];
    const write = actions.find((a) => a.type === "structure" && numberOf(a.items[0] ?? d.null()) === 1 && numberOf(a.items[1] ?? d.null()) === 6 && a.items[2]?.type === "octet-string" && a.items[2].value.length === 6 && formatObis(a.items[2].value) === t.activation?.obis && numberOf(a.items[3] ?? d.null()) === 4);
    const mask = write?.type === "structure" ? write.items[4] : undefined;
    scripts.set(id, mask?.type === "octet-string" ? mask.value : null);
  }
  return scripts;
}

async function specialDays(env: TRunEnvironment, t: TTou): Promise<TSpecialDay[] | string> {
  const client = reader(env, t.special, 2);
  if (!t.special || !client) return [];
  return parseSpecialDays(readData(await env.readings.value(client, ref(t.special, 2), { fresh: true })));
}

const localTime = (v: TData | undefined): TCosemDateTime | null => (v ? dateTimeOfData(v) : null);
const sameAction = (p: ReturnType<typeof actionAt>, q: ReturnType<typeof actionAt>): boolean => typeof p !== "string" && typeof q !== "string" && p.action.start === q.action.start && p.action.selector === q.action.selector && p.action.script === q.action.script;

/** TOU-001 step 3 (and TOU-004 step 3): the currently active tariff and the active mask are those of the script the calendar selects now. */
async function checkTariffInForce(env: TRunEnvironment, run: TestRun, t: TTou, calendar: TCalendar, step: number): Promise<void> {
  const client = reader(env, t.tariff, 2) ?? reader(env, t.activation, 4);
  const scripts = await tariffScripts(env, t);
  const special = await specialDays(env, t);
  if (!client || typeof scripts === "string" || typeof special === "string") {
    run.inconclusive("tariff in force", !client ? "no client may read the currently active tariff" : typeof scripts === "string" ? scripts : String(special), { step });
    return;
  }
  const first = readData(await env.readings.value(client, CLOCK, { fresh: true }));
  const tariff = t.tariff && reader(env, t.tariff, 2) ? await env.readings.value(client, ref(t.tariff, 2), { fresh: true }) : undefined;
  const mask = t.activation && reader(env, t.activation, 4) ? await env.readings.value(client, ref(t.activation, 4), { fresh: true }) : undefined;
  const last = readData(await env.readings.value(client, CLOCK, { fresh: true }));
  const [from, to] = [localTime(first), localTime(last)];
  if (!from || !to) {
    run.inconclusive("tariff in force", "the clock was not read", { client, step });
    return;
  }
  const chosen = actionAt(calendar, special, from);
  if (typeof chosen === "string") {
    run.fail(`calendar action at ${formatDateTime(from)}`, `the active calendar selects nothing: ${chosen}`, { client, step });
    return;
  }
  if (!sameAction(chosen, actionAt(calendar, special, to))) {
    run.inconclusive("tariff in force", `a switch time of the calendar passed between ${formatDateTime(from)} and ${formatDateTime(to)}: run the test again`, { client, step });
    return;
  }
  const selector = chosen.action.selector;
  const options = { client, step };
  if (tariff && t.tariff) {
    const v = readData(tariff);
    const shown = v ? numberOf(v) : null;
    const text = v?.type === "octet-string" ? Buffer.from(v.value).toString("latin1") : null;
    const expectedMask = scripts.get(selector);
    const matches = shown === selector || (text !== null && (text === String(selector) || (expectedMask != null && text === Buffer.from(expectedMask).toString("latin1"))));
    run.expect(matches, `${t.tariff.obis} currently active tariff at ${formatDateTime(from)}`, `${readingText(tariff)}: script ${selector} (${chosen.why})`, `reads ${readingText(tariff)}; the calendar selects script ${selector} (${chosen.why})`, options);
  }
  if (mask && t.activation) {
    const expected = scripts.get(selector);
    const got = readData(mask);
    if (expected == null) run.inconclusive(`${t.activation.obis} active_mask`, `script ${selector} of ${t.scripts?.obis} does not write the active mask`, options);
    else run.expect(got?.type === "octet-string" && Buffer.compare(Buffer.from(got.value), Buffer.from(expected)) === 0, `${t.activation.obis} active_mask at ${formatDateTime(from)}`, `${nameText(expected)}, which script ${selector} sets`, `reads ${readingText(mask)}; script ${selector}, which the calendar selects (${chosen.why}), sets ${nameText(expected)}`, options);
  }
}

/** TOU-001: the active calendar is well formed, its references hold, and it selects the tariff in force. */
export const calendarConsistent: TProcedure = async (env, run) => {
  const t = touObjects(env);
  const client = t ? reader(env, t.calendar, 5) : undefined;
  if (!t || !client) return;
  const readings = await env.readings.read(client, ACTIVE.map((i) => ref(t.calendar, i)), { fresh: true });
  const [name, seasons, weeks, days] = readings.map(readData);
  const options = { client, step: 1 };
  const missing = ACTIVE.filter((_, k) => readings[k] === undefined || readData(readings[k]) === undefined);
  if (missing.length) {
    run.fail(`${t.calendar.obis} active calendar`, missing.map((i) => `attribute ${i} ${readingText(readings[ACTIVE.indexOf(i)])}`).join("; "), options);
    return;
  }
  const calendar = parseCalendar(seasons, weeks, days);
  const title = `${t.calendar.obis} active calendar ${name?.type === "octet-string" ? nameText(name.value) : formatData(name!, 2)}`;
  if (typeof calendar === "string" || name?.type !== "octet-string") {
    run.fail(title, typeof calendar === "string" ? calendar : `calendar_name_active is ${name?.type}, not an octet-string`, options);
    return;
  }
  run.pass(title, `${calendar.seasons.length} seasons, ${calendar.weeks.length} week profiles, ${calendar.days.length} day profiles with ${calendar.days.reduce((n, x) => n + x.actions.length, 0)} actions`, options);
  const scripts = await tariffScripts(env, t);
  const special = await specialDays(env, t);
  if (typeof scripts === "string" || typeof special === "string") {
    run.fail(`${t.calendar.obis} references`, typeof scripts === "string" ? scripts : String(special), { step: 2 });
    return;
  }
  const dangling = danglingReferences(calendar, special, t.scripts!.obis, [...scripts.keys()]);
  run.expect(dangling.length === 0, `${t.calendar.obis} references`, `every week, day profile and script referenced exists in ${t.scripts!.obis}`, dangling.join("; "), { client, step: 2 });
  await checkTariffInForce(env, run, t, calendar, 3);
};

/** The clock's date-time a year later, in the type attribute 10 holds. */
function yearAhead(clock: TData | undefined, like: TData | undefined): TData | undefined {
  const now = clock ? dateTimeOfData(clock) : null;
  if (!now || now.year === null) return undefined;
  const leap = now.month === 2 && now.day === 29;
  const later: TCosemDateTime = { ...now, year: now.year + 1, day: leap ? 28 : now.day, dayOfWeek: null, hundredths: 0 };
  return like?.type === "date-time" ? d.dateTime(later) : dateTimeOctets(later);
}

interface TWrites {
  refused: string[];
  written: Map<number, TData>;
}

/** SETs of passive attributes in PASSIVE_ORDER; what was refused is said in `refused`. */
async function writePassive(env: TRunEnvironment, a: Association, o: TProfileObject, values: Map<number, TData>): Promise<TWrites> {
  const out: TWrites = { refused: [], written: new Map() };
  for (const i of PASSIVE_ORDER) {
    const v = values.get(i);
    if (!v) continue;
    const r = await a.setResult(ref(o, i), v);
    env.readings.forget(ref(o, i));
    if (!r.ok) out.refused.push(`attribute ${i}: ${r.error.message}`);
    else if (r.value !== 0) out.refused.push(`attribute ${i} refused with ${dataAccessResultName(r.value)}`);
    else out.written.set(i, v);
  }
  return out;
}

/** The passive calendar as a copy of the active one (name replaced when given), with an activation time a year ahead. */
function copyOfActive(saved: Map<number, TData>, clock: TData | undefined, name?: TData): Map<number, TData> {
  const copy = new Map<number, TData>();
  for (const [passive, active] of Object.entries(PASSIVE_OF)) copy.set(Number(passive), saved.get(active)!);
  if (name) copy.set(6, name);
  const later = yearAhead(clock, saved.get(10));
  if (later) copy.set(10, later);
  return copy;
}

/** Everything TOU-002 and TOU-004 need: the Management client's association, the calendar read whole, and the meter's clock. */
async function prepare(env: TRunEnvironment, run: TestRun): Promise<{ t: TTou; client: TClientId; a: Association; saved: Map<number, TData>; clock: TData | undefined } | undefined> {
  const t = touObjects(env);
  if (!t) return undefined;
  const client = writer(env, t.calendar);
  if (!client) {
    run.notRun(run.test.title, "no client of the profile may write the passive calendar (attributes 6 to 10)");
    return undefined;
  }
  const a = await associationOf(env, run, client);
  if (!a) return undefined;
  const saved = await readAll(a, t.calendar, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
  if (typeof saved === "string") {
    run.inconclusive(`${t.calendar.obis} saved before the test`, saved, { client });
    return undefined;
  }
  const clock = await a.get(CLOCK);
  return { t, client, a, saved, clock: clock.ok ? clock.value : undefined };
}

/** Puts the passive calendar back as it was saved; an INCONCLUSIVE check says so when it cannot. */
async function restorePassive(env: TRunEnvironment, run: TestRun, a: Association, o: TProfileObject, saved: Map<number, TData>, client: TClientId): Promise<void> {
  const back = await writePassive(env, a, o, new Map(PASSIVE_ORDER.map((i) => [i, saved.get(i)!])));
  if (back.refused.length) run.inconclusive(`${o.obis} passive calendar restored`, `not all written back: ${back.refused.join("; ")}`, { client });
}

const differing = (got: Map<number, TData>, want: Map<number, TData>, attributes: readonly number[]): string[] =>
  attributes.filter((i) => !want.get(i) || !got.get(i) || !equalData(got.get(i)!, want.get(i)!)).map((i) => `attribute ${i} reads ${got.get(i) ? formatData(got.get(i)!, 3) : "nothing"}, ${want.get(i) ? formatData(want.get(i)!, 3) : "nothing"} expected`);

/** TOU-002: the passive calendar takes a copy of the active one, reads back as written, and its programming is logged. */
export const passiveCalendarProgrammed: TProcedure = async (env, run) => {
  const p = await prepare(env, run);
  if (!p) return;
  const { t, client, a, saved } = p;
  const tariffBefore = t.tariff && reader(env, t.tariff, 2) ? readData(await env.readings.value(reader(env, t.tariff, 2)!, ref(t.tariff, 2), { fresh: true })) : undefined;
  const copy = copyOfActive(saved, p.clock);
  let writes: TWrites = { refused: ["not written"], written: new Map() };
  const cause: TCause = {
    events: ["tou-passive-calendar-programmed"],
    what: `${clientName(env, client)} writes a copy of the active calendar to the passive one (attributes 6 to 10)`,
    run: async () => {
      writes = await writePassive(env, a, t.calendar, copy);
      return writes.written.size === 0 ? writes.refused.join("; ") : null;
    },
  };
  const logged = loggedEvent(env, "tou-passive-calendar-programmed");
  const caused = logged ? await causeAndFind(env, run, cause, [logged], 4) : (await cause.run(env)) === null;
  if (!caused) {
    if (!logged) run.fail(cause.what, writes.refused.join("; "), { client, step: 1 });
    await restorePassive(env, run, a, t.calendar, saved, client);
    return;
  }
  run.expect(writes.refused.length === 0, `${clientName(env, client)}: SET ${t.calendar.obis} attributes 6 to 10`, "every SET answered success", writes.refused.join("; "), { client, step: 1 });
  const back = await readAll(a, t.calendar, [2, 3, 4, 5, 6, 7, 8, 9, 10]);
  if (typeof back === "string") run.inconclusive(`${t.calendar.obis} read back`, back, { client, step: 2 });
  else {
    const wrong = differing(back, copy, [...writes.written.keys()].sort());
    run.expect(wrong.length === 0, `${t.calendar.obis} passive calendar read back`, "attributes 6 to 10 read back as written", wrong.join("; "), { client, step: 2 });
    const changed = differing(back, saved, ACTIVE);
    run.expect(changed.length === 0, `${t.calendar.obis} active calendar after the programming`, "attributes 2 to 5 unchanged", changed.join("; "), { client, step: 3 });
  }
  if (t.tariff && tariffBefore) {
    const after = await env.readings.value(reader(env, t.tariff, 2)!, ref(t.tariff, 2), { fresh: true });
    run.expect(readData(after) !== undefined && equalData(readData(after)!, tariffBefore), `${t.tariff.obis} tariff in force after the programming`, `unchanged: ${readingText(after)}`, `reads ${readingText(after)}; it read ${formatData(tariffBefore, 2)} before`, { step: 3, evidence: after.evidence });
  }
  await restorePassive(env, run, a, t.calendar, saved, client);
};

/** A calendar name the meter's own is not: the same bytes with "*" added (or the last one changed when long). */
function markedName(name: TData | undefined): TData {
  const bytes = name?.type === "octet-string" ? name.value : new Uint8Array();
  if (bytes.length < 32) return d.octets([...bytes, 0x2a]);
  const out = Uint8Array.from(bytes);
  out[out.length - 1] = out[out.length - 1] === 0x2a ? 0x2b : 0x2a;
  return d.octets(out);
}

async function activate(a: Association, o: TProfileObject): Promise<number | string> {
  const r = await a.actionResult({ classId: 20, obis: o.obis, method: 1 }, d.i8(0));
  return r.ok ? r.value.result : r.error.message;
}
const resultText = (r: number | string): string => (typeof r === "string" ? `no answer: ${r}` : r === 0 ? "success" : `refused with ${actionResultName(r)}`);

/**
 * TOU-004: a client without the right cannot activate, the Management client activates at once
 * (the active calendar takes the passive one, renamed, and the activation is logged), the tariff
 * in force follows the calendar; then the meter's own calendar is activated back.
 */
export const passiveCalendarActivated: TProcedure = async (env, run) => {
  const p = await prepare(env, run);
  if (!p) return;
  const { t, client, a, saved } = p;
  const by = activator(env, t.calendar);
  if (!by) {
    run.notRun(run.test.title, "no client of the profile may execute activate_passive_calendar");
    return;
  }
  const marked = markedName(saved.get(2));
  const copy = copyOfActive(saved, p.clock, marked);
  const programmed = await writePassive(env, a, t.calendar, copy);
  // Activating a passive calendar that did not take the copy would replace the meter's tariffs: read it back first.
  const stored = programmed.refused.length ? programmed.refused.join("; ") : await readAll(a, t.calendar, [6, 7, 8, 9]);
  const wrong = typeof stored === "string" ? [stored] : differing(stored, copy, [6, 7, 8, 9]);
  if (wrong.length) {
    run.inconclusive(`${t.calendar.obis} passive calendar programmed first`, `the copy to activate is not in place, so nothing is activated: ${wrong.join("; ")}`, { client });
    await restorePassive(env, run, a, t.calendar, saved, client);
    return;
  }
  for (const other of env.profile.clients.filter((c) => c.id === "reading" && t.calendar.methods.find((m) => m.index === 1)?.access[c.id] !== "X")) {
    const o = await associationOf(env, run, other.id);
    if (!o) continue;
    const r = await activate(o, t.calendar);
    const name = await o.get(ref(t.calendar, 2));
    const unchanged = name.ok && equalData(name.value, saved.get(2)!);
    run.expect(r !== 0 && unchanged, `${other.name}: ACTION ${t.calendar.obis} method 1 (activate_passive_calendar)`, `${resultText(r)}; the active calendar is unchanged`, `${resultText(r)}; the profile denies it${unchanged ? "" : ` and the active calendar is now ${name.ok ? formatData(name.value, 2) : "unreadable"}`}`, { client: other.id, step: 1 });
  }
  const management = await associationOf(env, run, by);
  if (!management) return;
  const outcome: { result: number | string } = { result: "not sent" };
  const cause: TCause = {
    events: ["tou-activated"],
    what: `${clientName(env, by)} runs activate_passive_calendar of ${t.calendar.obis}`,
    run: async () => {
      outcome.result = await activate(management, t.calendar);
      return typeof outcome.result === "string" ? outcome.result : null;
    },
  };
  const logged = loggedEvent(env, "tou-activated");
  if (logged) await causeAndFind(env, run, cause, [logged], 4);
  else await cause.run(env);
  run.expect(outcome.result === 0, `${clientName(env, by)}: ACTION ${t.calendar.obis} method 1 (activate_passive_calendar)`, "success", resultText(outcome.result), { client: by, step: 2 });
  const active = await readAll(a, t.calendar, ACTIVE);
  if (typeof active === "string") run.inconclusive(`${t.calendar.obis} active calendar after the activation`, active, { client, step: 3 });
  else {
    const want = new Map<number, TData>([[2, marked], [3, saved.get(3)!], [4, saved.get(4)!], [5, saved.get(5)!]]);
    const wrong = differing(active, want, ACTIVE);
    run.expect(wrong.length === 0, `${t.calendar.obis} active calendar after the activation`, `the former passive calendar, named ${nameText((marked as { value: Uint8Array }).value)}`, wrong.join("; "), { client, step: 3 });
    const calendar = parseCalendar(active.get(3), active.get(4), active.get(5));
    if (typeof calendar !== "string") await checkTariffInForce(env, run, t, calendar, 3);
  }
  const renamed = await writePassive(env, a, t.calendar, new Map([[6, saved.get(2)!]]));
  const back = renamed.refused.length ? renamed.refused.join("; ") : await activate(management, t.calendar);
  const name = await a.get(ref(t.calendar, 2));
  if (!(name.ok && equalData(name.value, saved.get(2)!))) run.inconclusive(`${t.calendar.obis} meter's calendar activated back`, `${typeof back === "string" ? back : resultText(back)}; the active calendar is named ${name.ok ? formatData(name.value, 2) : "?"}`, { client });
  await restorePassive(env, run, a, t.calendar, saved, client);
};
