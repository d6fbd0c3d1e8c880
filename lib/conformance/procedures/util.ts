import type { TData } from "../../dlms/axdr/data";
import { equalData, formatData } from "../../dlms/axdr/format";
import type { TAttributeRef } from "../../dlms/xdlms/descriptors";
import { dataAccessResultName } from "../../dlms/xdlms/results";
import type { TProfileClient, TProfileObject } from "../../profile/schema";
import { canRead, type TClientId } from "../../vocabulary";
import type { TRunEnvironment } from "../environment";
import type { TReading } from "../readings";
import type { TestRun } from "../test-run";

/** Shared helpers of the procedures: what a test is bound to, how readings are judged and said. */
export type TProcedure = (env: TRunEnvironment, run: TestRun, question?: string) => Promise<void>;

export const CURRENT_ASSOCIATION = "0-0:40.0.0.255";

/** The client a client-bound test (or an access item "client.group") is about. */
export function boundClient(env: TRunEnvironment, run: TestRun): TProfileClient {
  const b = run.test.binding;
  const id = b?.kind === "access" ? b.id.split(".")[0] : b?.kind === "client" ? b.id : undefined;
  const client = env.profile.clients.find((c) => c.id === id);
  if (!client) throw new Error(`${run.test.id} is not bound to a client of the profile`);
  return client;
}

/**
 * The bound client of a test that needs its answers, or undefined (with a NOT-RUN check saying
 * why) for a pre-established client: it sends without association and the meter never answers it.
 */
export function answeredClient(env: TRunEnvironment, run: TestRun): TProfileClient | undefined {
  const client = boundClient(env, run);
  if (client.association !== "pre-established") return client;
  run.notRun(run.test.title, `the ${client.name} is pre-established: it sends unconfirmed requests the meter never answers, so this cannot be observed through it; its requests are checked by ASSOC-006, SEC-BC-001 and TIME-012`, { client: client.id });
  return undefined;
}

/** Clients that get answers: every client but the pre-established ones. */
export const answeredClients = (env: TRunEnvironment): TProfileClient[] => env.profile.clients.filter((c) => c.association !== "pre-established");

export function boundObject(env: TRunEnvironment, run: TestRun): TProfileObject {
  const b = run.test.binding;
  const o = b?.kind === "object" ? env.profile.objects.find((x) => x.id === b.id) : undefined;
  if (!o) throw new Error(`${run.test.id} is not bound to an object of the profile`);
  return o;
}

export const objectById = (env: TRunEnvironment, id: string): TProfileObject | undefined => env.profile.objects.find((o) => o.id === id);
export const objectByObis = (env: TRunEnvironment, obis: string): TProfileObject | undefined => env.profile.objects.find((o) => o.obis === obis);

/** The objects the test's requirements name (object:… and right:client:…). */
export function requiredObjects(env: TRunEnvironment, run: TestRun): TProfileObject[] {
  const ids = new Set<string>();
  for (const r of run.test.requirements) {
    if (r.startsWith("object:")) ids.add(r.slice(7));
    else if (r.startsWith("right:")) ids.add(r.split(":")[2]!);
  }
  return env.profile.objects.filter((o) => ids.has(o.id));
}

export const ref = (o: Pick<TProfileObject, "classId" | "obis">, attribute: number): TAttributeRef => ({ classId: o.classId, obis: o.obis, attribute });
export const refText = (r: TAttributeRef): string => `${r.obis} attribute ${r.attribute}`;
export const clientName = (env: TRunEnvironment, id: TClientId): string => env.profile.clients.find((c) => c.id === id)?.name ?? id;

/** Words for a reading: the value, the refusal, or the failure. */
export function readingText(r: TReading | undefined): string {
  if (!r) return "not read";
  if ("error" in r) return r.error.message;
  return r.result.ok ? formatData(r.result.data, 6) : `refused with ${dataAccessResultName(r.result.code)}`;
}

export const readData = (r: TReading | undefined): TData | undefined => (r && "result" in r && r.result.ok ? r.result.data : undefined);
export const refusal = (r: TReading | undefined): number | undefined => (r && "result" in r && !r.result.ok ? r.result.code : undefined);
export const linkFailure = (r: TReading | undefined): boolean => r !== undefined && "error" in r;

export function sameData(a: TData | undefined, b: TData | undefined): boolean {
  return a !== undefined && b !== undefined && equalData(a, b);
}

/** An attribute the client may read, for a test that needs any request at all: the clock first. */
export function readableBy(env: TRunEnvironment, client: TClientId): TAttributeRef | undefined {
  const readable = (o: TProfileObject) => o.attributes.find((a) => a.index > 1 && canRead(a.access[client]));
  const o = [env.profile.objects.find((x) => x.obis === "0-0:1.0.0.255"), ...env.profile.objects].find((x) => x && readable(x));
  return o ? ref(o, readable(o)!.index) : undefined;
}

/** A client's association, or an INCONCLUSIVE check saying why there is none. */
export async function associationOf(env: TRunEnvironment, run: TestRun, client: TClientId) {
  const a = await env.sessions.get(client);
  if (!a.ok) run.inconclusive(`${clientName(env, client)} association`, `cannot associate: ${a.error.message}`, { client });
  return a.ok ? a.value : undefined;
}

/** The data-access-result names a refusal may carry for an object a client must not reach. */
export const DENIED = { readWriteDenied: 3, objectUndefined: 4, scopeOfAccessViolated: 13 } as const;

/** Waits, as a test must for a lockout or a capture; an aborted run stops waiting at once. */
export function pause(env: TRunEnvironment, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (env.signal.aborted || ms <= 0) {
      resolve();
      return;
    }
    const done = () => {
      clearTimeout(timer);
      env.signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    env.signal.addEventListener("abort", done);
  });
}

/**
 * The operator's answer to an assisted test's question, as a check: yes passes, no fails with what
 * the operator saw (`sawIfNo`), no answer is NOT-RUN. Returns the answer.
 */
export async function operatorConfirms(env: TRunEnvironment, run: TestRun, question: string | undefined, sawIfNo: string, options: { step?: number } = {}): Promise<boolean | null> {
  const asked = question ?? run.test.title;
  const title = `operator: ${asked}`;
  if (!env.operator) {
    run.notRun(title, "nobody answers this run's questions: run it with an operator (--operator)", options);
    return null;
  }
  const answer = await env.operator(asked);
  if (answer === null) run.notRun(title, "the operator gave no answer", options);
  else run.expect(answer, title, "the operator confirms it", `the operator answered no: ${sawIfNo}`, options);
  return answer;
}
