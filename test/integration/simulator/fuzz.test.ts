import { createHash } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { d } from "@/lib/dlms/axdr/data";
import { concat } from "@/lib/dlms/bytes";
import { connect } from "@/lib/dlms/client";
import { cipheredTagOf, describeCipheredTag, protectApdu, unprotectApdu } from "@/lib/dlms/security/ciphered-apdu";
import { PROTECTIONS } from "@/lib/dlms/security/control";
import { decodeHdlcFrame, HDLC_FLAG, MAX_FRAME_LENGTH } from "@/lib/dlms/hdlc/frame";
import { WRAPPER_MAX_APDU } from "@/lib/dlms/wrapper/frame";
import { encodeApdu } from "@/lib/dlms/xdlms/apdu";
import { channelFor } from "@/lib/transport/meter-address";
import type { TClientId } from "@/lib/vocabulary";
import { value } from "../../helpers/simulator";
import { captureAssociation, captureInProcess, type TCapture } from "./fuzz/corpus";
import { FuzzFailures } from "./fuzz/failures";
import { exactHeap, heapAfterGc } from "./fuzz/heap";
import { createFuzzSimulator, INTERNAL_FAILURES, meterCredentials, startFuzzMeter, type TFuzzMeter, type TFuzzSimulator } from "./fuzz/meter";
import { chunks, mutateBytes, mutateHdlcFrame, mutateStream, mutateWrapperFrame, randomBytes } from "./fuzz/mutate";
import { fuzzSeed, Random } from "./fuzz/random";
import { randomData, structuredRequest, targetsOf, type TTarget } from "./fuzz/requests";
import { hdlcScanProblem, wrapperScanProblem } from "./fuzz/scanner-checks";
import { fuzzServerLink } from "./fuzz/server-link-fuzz";
import { fuzzSession, type TSessionFuzz } from "./fuzz/session-fuzz";
import { FUZZ_LINK } from "./fuzz/session-channel";
import { ENDINGS, runConnection, type TConnectionOutcome, type TConnectionPlan } from "./fuzz/tcp";

/**
 * Robustness of the simulator against whatever arrives (issue 9): 115,000 random and mutated
 * inputs in process (APDUs into sessions, idle, associated and waiting for HLS pass 3, plain and
 * glo-ciphered with suites 0, 1 and 2; byte streams into the HDLC and wrapper frame scanners and
 * the HDLC server link), then hundreds of connections to its TCP ports with thousands of damaged
 * frames, some cut off mid-frame. The mutations start from what our client really sends the
 * simulator. Everything is seeded: a failure prints the seed (rerun with FUZZ_SEED=…) and the
 * inputs that led to it.
 */
const seed = fuzzSeed();
const root = new Random(seed);

const SESSION_PLAIN = { idlePublic: 5_000, idleManagement: 5_000, associatedPublic: 10_000, associatedManagement: 15_000 };
const SESSION_CIPHERED = { gmacIdle: 5_000, gmacAssociated: 15_000, ecdsaAssociated: 7_500, sha256Associated: 7_500 };
const SESSION_PASS_3 = { gmac: 4_000, ecdsa: 3_000, sha256: 3_000 };
/** Inputs per session waiting for HLS pass 3: the first wrong proof ends the wait. */
const PASS_3_BATCH = 5;
const HDLC_STREAMS = 15_000;
const WRAPPER_STREAMS = 10_000;
const LINK_STREAMS = 10_000;
/** Inputs per fresh session: enough to reach deep states, few enough to replay a failure by hand. */
const SESSION_BATCH = 250;

const TCP_WARM_UP = 100;
const TCP_CONNECTIONS = 500;
const TCP_CONCURRENCY = 16;
/**
 * Growth of the retained heap allowed over the 500 measured TCP connections, after a forced full
 * collection once the server has closed every connection: what remains is retained memory, however
 * fast the machine. A connection kept after its end holds its socket, link and buffers, measured
 * at 2.7 KB (wrapper) to 6 KB (HDLC) with connections held open, so keeping them all exceeds the
 * bound, and keeping each frame's bytes (26,000 frames, 1.3 MB) exceeds it twice over. Below it:
 * code V8 compiles for paths first met after the warm-up, measured at 0.4 to 1 MB. Exact leaks of
 * connections are checked apart: none of their links may stay reachable.
 */
const HEAP_GROWTH_BOUND = 2 * 1024 * 1024;
/** Without a forced collection the heap holds garbage too: only a gross leak can be told apart. */
const HEAP_GROWTH_BOUND_WITHOUT_GC = 48 * 1024 * 1024;

const plainMeterName = "single-phase-plc";
const cipheredMeterName = "three-phase-hls-cellular";
const fullMeterName = "full";
let plainMeter: TFuzzMeter;
let cipheredMeter: TFuzzMeter;
const captures = new Map<string, TCapture>();
const capture = (meter: string, client: TClientId, framing: "wrapper" | "hdlc") => captures.get(`${meter} ${client} ${framing}`)!;

beforeAll(async () => {
  plainMeter = await startFuzzMeter(plainMeterName);
  cipheredMeter = await startFuzzMeter(cipheredMeterName);
  for (const meter of [plainMeter, cipheredMeter]) {
    for (const client of ["public", "management"] as const) {
      for (const framing of ["wrapper", "hdlc"] as const) captures.set(`${meter.name} ${client} ${framing}`, await captureAssociation(meter, client, framing));
    }
  }
});
afterAll(async () => {
  await plainMeter?.close();
  await cipheredMeter?.close();
});

/** Now and then a request as captured, often random bytes or a well-formed request to any attribute or method, mostly a mutation. */
function plainInput(corpus: readonly Uint8Array[], targets: readonly TTarget[]): TSessionFuzz["input"] {
  return (r) => {
    const k = r.int(100);
    if (k < 5) return r.pick(corpus);
    if (k < 15) return randomBytes(r, 600, corpus);
    if (k < 40) return structuredRequest(r, targets);
    return mutateBytes(r, r.pick(corpus), corpus);
  };
}

/**
 * For a ciphering client: captured ciphered APDUs replayed, damaged or imitated (they fail
 * authentication or replay checks), and, for two thirds, damaged plain APDUs and well-formed
 * requests to any attribute or method ciphered right with a fresh invocation counter, so that they
 * get past the security layer to the decoders and the meter's handlers. Waiting for HLS pass 3,
 * half are a pass 3 with a forged proof.
 */
function cipheredInput(wire: readonly Uint8Array[], plain: readonly Uint8Array[], meter: TFuzzSimulator, client: TClientId, state: TSessionFuzz["state"]): TSessionFuzz["input"] {
  const c = meterCredentials(meter.profile, meter.secrets, meter.sim, client);
  const targets = targetsOf(meter.profile);
  const own = meter.profile.clients.find((x) => x.id === client)!.associationObject.obis;
  const protect = (r: Random, apdu: Uint8Array, counter: () => number) => {
    if (apdu.length === 0 || !c.keys || !c.systemTitle || c.protection === null) return apdu;
    const form = cipheredTagOf(apdu[0]!, "glo") !== undefined && r.chance(0.9) ? "glo" : "general-glo";
    const protection = r.chance(0.85) ? c.protection : r.pick(PROTECTIONS);
    const p = protectApdu({ apdu, form, protection, systemTitle: c.systemTitle, invocationCounter: counter(), keys: c.keys });
    return p.ok ? p.value : apdu;
  };
  return (r, counter) => {
    if (state === "waiting-for-pass-3" && r.chance(0.5)) {
      const proof = r.chance(0.8) ? d.octets(r.bytes(r.length(80))) : randomData(r);
      const method = { classId: r.chance(0.9) ? 15 : r.int(120), obis: r.chance(0.5) ? "0-0:40.0.0.255" : r.chance(0.8) ? own : r.pick(targets).obis, method: r.chance(0.9) ? 1 : r.int(8) };
      return protect(r, encodeApdu({ type: "action-request-normal", invoke: 0xc0 | r.int(16), method, parameters: proof }), counter);
    }
    const k = r.int(100);
    if (k < 5) return r.pick(wire);
    if (k < 12) return randomBytes(r, 600, wire);
    if (k < 35) return mutateBytes(r, r.pick(wire), wire);
    const m = r.int(100);
    return protect(r, m < 5 ? r.pick(plain) : m < 50 ? structuredRequest(r, targets) : mutateBytes(r, r.pick(plain), plain), counter);
  };
}

/** A part of the ciphered fuzz: the client's own association captured in process, its APDUs opened for the plain seeds. */
async function cipheredPart(part: string, meter: TFuzzSimulator, client: TClientId, state: TSessionFuzz["state"], inputs: number, batch: number): Promise<TSessionFuzz> {
  const c = meterCredentials(meter.profile, meter.secrets, meter.sim, client);
  const wire = [...(await captureInProcess(meter, client)), ...(await captureInProcess(meter, "public"))];
  const plain = wire.map((apdu) => {
    if (!describeCipheredTag(apdu[0]!)) return apdu;
    const opened = unprotectApdu(apdu, { peerSystemTitle: c.systemTitle!, keys: c.keys!, acceptedProtections: PROTECTIONS });
    if (!opened.ok) throw new Error(`a captured request of the ${client} client does not open: ${opened.error.message}`);
    return opened.value.apdu;
  });
  if (wire.filter((a) => describeCipheredTag(a[0]!)).length < 5) throw new Error(`the ${client} client's capture holds no ciphered requests`);
  return { part, meter, client, state, inputs, batch, input: cipheredInput(wire, plain, meter, client, state) };
}

describe(`fuzzing the simulator (FUZZ_SEED=${seed})`, () => {
  test("its session answers 35,000 random and mutated plain APDUs, idle and associated (no security, LLS), with APDUs that decode, and never throws", async () => {
    const failures = new FuzzFailures(seed);
    const meter = createFuzzSimulator(plainMeterName);
    const corpus = [...capture(plainMeterName, "public", "wrapper").apdus, ...capture(plainMeterName, "management", "wrapper").apdus];
    const input = plainInput(corpus, targetsOf(meter.profile));
    const plainPart = (part: string, client: TClientId, state: TSessionFuzz["state"], inputs: number): TSessionFuzz => ({ part, meter, client, state, inputs, batch: SESSION_BATCH, input });
    const parts = [
      plainPart("plain idle session (public)", "public", "idle", SESSION_PLAIN.idlePublic),
      plainPart("plain idle session (management)", "management", "idle", SESSION_PLAIN.idleManagement),
      plainPart("plain associated session (public)", "public", "associated", SESSION_PLAIN.associatedPublic),
      plainPart("plain associated session (management, LLS)", "management", "associated", SESSION_PLAIN.associatedManagement),
    ];
    let inputs = 0;
    let associations = 0;
    for (const part of parts) {
      const counts = await fuzzSession(part, root.fork(part.part), failures);
      inputs += counts.inputs;
      associations += counts.associations;
    }
    meter.sim.stop();
    expect(failures.list.length, failures.report()).toBe(0);
    expect(inputs).toBe(35_000);
    expect(associations).toBe((SESSION_PLAIN.associatedPublic + SESSION_PLAIN.associatedManagement) / SESSION_BATCH);
  });

  test("its session answers 35,000 random and mutated APDUs of HLS clients glo-ciphered with suites 0, 1 and 2 (GMAC, ECDSA, SHA-256), idle and associated, and never throws", async () => {
    const failures = new FuzzFailures(seed);
    const gmac = createFuzzSimulator(cipheredMeterName);
    const full = createFuzzSimulator(fullMeterName);
    const parts = [
      await cipheredPart("HLS-GMAC client, idle session", gmac, "management", "idle", SESSION_CIPHERED.gmacIdle, SESSION_BATCH),
      await cipheredPart("HLS-GMAC client, associated session (suite 0)", gmac, "management", "associated", SESSION_CIPHERED.gmacAssociated, SESSION_BATCH),
      await cipheredPart("HLS-ECDSA client, associated session (suite 1)", full, "management", "associated", SESSION_CIPHERED.ecdsaAssociated, SESSION_BATCH),
      await cipheredPart("HLS-SHA256 client, associated session (suite 2)", full, "firmware", "associated", SESSION_CIPHERED.sha256Associated, SESSION_BATCH),
    ];
    let inputs = 0;
    for (const part of parts) inputs += (await fuzzSession(part, root.fork(part.part), failures)).inputs;
    gmac.sim.stop();
    full.sim.stop();
    expect(failures.list.length, failures.report()).toBe(0);
    expect(inputs).toBe(35_000);
  });

  test("its session waiting for HLS pass 3 answers 10,000 forged proofs and other APDUs (GMAC, ECDSA, SHA-256), and never throws", async () => {
    const failures = new FuzzFailures(seed);
    const gmac = createFuzzSimulator(cipheredMeterName);
    const full = createFuzzSimulator(fullMeterName);
    const parts = [
      await cipheredPart("HLS-GMAC client waiting for pass 3", gmac, "management", "waiting-for-pass-3", SESSION_PASS_3.gmac, PASS_3_BATCH),
      await cipheredPart("HLS-ECDSA client waiting for pass 3", full, "management", "waiting-for-pass-3", SESSION_PASS_3.ecdsa, PASS_3_BATCH),
      await cipheredPart("HLS-SHA256 client waiting for pass 3", full, "firmware", "waiting-for-pass-3", SESSION_PASS_3.sha256, PASS_3_BATCH),
    ];
    let inputs = 0;
    let associations = 0;
    for (const part of parts) {
      const counts = await fuzzSession(part, root.fork(part.part), failures);
      inputs += counts.inputs;
      associations += counts.associations;
    }
    gmac.sim.stop();
    full.sim.stop();
    expect(failures.list.length, failures.report()).toBe(0);
    expect(inputs).toBe(10_000);
    expect(associations).toBe(10_000 / PASS_3_BATCH);
  });

  test("the HDLC frame scanner takes 15,000 random and mutated streams without a throw, keeps at most one frame's bytes, and finds the same whatever the cuts", () => {
    const failures = new FuzzFailures(seed);
    const r = root.fork("hdlc scanner");
    const streams = [plainMeterName, cipheredMeterName].flatMap((m) => (["public", "management"] as const).map((c) => capture(m, c, "hdlc").writes));
    const frames = streams.flat();
    for (let i = 0; i < HDLC_STREAMS; i++) {
      const k = r.int(100);
      let stream: Uint8Array;
      if (k < 50) stream = concat(...mutateStream(r, r.pick(streams), (f) => mutateHdlcFrame(r, f, frames)));
      else if (k < 75) stream = concat(...Array.from({ length: r.between(1, 8) }, () => (r.chance(0.5) ? mutateHdlcFrame(r, r.pick(frames), frames) : r.pick(frames))));
      else stream = flaggedNoise(r);
      const limit = r.chance(0.8) ? MAX_FRAME_LENGTH : r.between(7, 400);
      const pieces = chunks(r, stream);
      try {
        const problem = hdlcScanProblem(stream, pieces, limit);
        if (problem) failures.add("HDLC scanner", i, `${problem} (limit ${limit})`, stream, [stream]);
      } catch (e) {
        failures.add("HDLC scanner", i, `threw ${(e as Error).message} (limit ${limit})`, stream, [stream], e);
      }
    }
    expect(failures.list.length, failures.report()).toBe(0);
  });

  test("the wrapper frame scanner takes 10,000 random and mutated streams without a throw, keeps at most one frame's bytes, and finds the same whatever the cuts", () => {
    const failures = new FuzzFailures(seed);
    const r = root.fork("wrapper scanner");
    const streams = [plainMeterName, cipheredMeterName].flatMap((m) => (["public", "management"] as const).map((c) => capture(m, c, "wrapper").writes));
    const frames = streams.flat();
    for (let i = 0; i < WRAPPER_STREAMS; i++) {
      const stream = r.chance(0.8) ? concat(...mutateStream(r, r.pick(streams), (f) => mutateWrapperFrame(r, f, frames))) : randomBytes(r, 2000, frames);
      const limit = r.chance(0.8) ? WRAPPER_MAX_APDU : r.between(0, 1200);
      const pieces = chunks(r, stream);
      try {
        const problem = wrapperScanProblem(stream, pieces, limit);
        if (problem) failures.add("wrapper scanner", i, `${problem} (limit ${limit})`, stream, [stream]);
      } catch (e) {
        failures.add("wrapper scanner", i, `threw ${(e as Error).message} (limit ${limit})`, stream, [stream], e);
      }
    }
    expect(failures.list.length, failures.report()).toBe(0);
  });

  test("the HDLC server link with a simulator session takes 10,000 mutated streams without a throw, sends only well-formed frames, and takes a new client after each", () => {
    const failures = new FuzzFailures(seed);
    const r = root.fork("hdlc server link");
    const meter = createFuzzSimulator(cipheredMeterName);
    const streams = (["public", "management"] as const).map((c) => capture(cipheredMeterName, c, "hdlc").writes);
    const frames = streams.flat();
    const snrm = streams[0]![0]!;
    const first = decodeHdlcFrame(snrm);
    expect(first.ok && first.value.control.kind).toBe("SNRM");
    let apdus = 0;
    for (let i = 0; i < LINK_STREAMS; i++) {
      const writes = r.chance(0.1) ? r.pick(streams) : mutateStream(r, r.pick(streams), (f) => mutateHdlcFrame(r, f, frames));
      const stream = concat(...writes);
      const session = meter.sim.simulator.session(FUZZ_LINK);
      try {
        const outcome = fuzzServerLink(session, chunks(r, stream), snrm);
        apdus += outcome.apdus;
        if (outcome.problem) failures.add("HDLC server link", i, outcome.problem, stream, writes);
      } catch (e) {
        failures.add("HDLC server link", i, `threw ${(e as Error).message}`, stream, writes, e);
      }
      session.closed("fuzz case done");
    }
    meter.sim.stop();
    expect(failures.list.length, failures.report()).toBe(0);
    // The streams do reach the session: most associate and read before their damage.
    expect(apdus).toBeGreaterThan(LINK_STREAMS);
  });

  test("over TCP, 600 connections with thousands of damaged frames, some cut off mid-frame, leave the simulator serving associations, with no internal error, nothing left open and its heap bounded", async () => {
    const m = cipheredMeter;
    const before = await readThrough(m);
    const r = root.fork("tcp");
    const plans = Array.from({ length: TCP_WARM_UP + TCP_CONNECTIONS }, (_, i) => tcpPlan(r.fork(`connection ${i}`), m, i));
    const runs = plans.map((plan, i) => ({ plan, r: r.fork(`run ${i}`) }));

    const warm = await runAll(runs.slice(0, TCP_WARM_UP));
    await endAll(m, warm);
    const socketsBefore = openSockets();
    const heapBefore = heapAfterGc();

    const main = await runAll(runs.slice(TCP_WARM_UP));
    // A fresh client while the connections left open mid-frame still hang there.
    expect(await readThrough(m)).toBe(before);
    await endAll(m, main);
    const heapAfter = heapAfterGc();

    const outcomes = [...warm, ...main];
    const frames = outcomes.reduce((n, o) => n + o.framesSent, 0);
    const growth = heapAfter - heapBefore;
    console.log(
      `fuzz over TCP (FUZZ_SEED=${seed}): ${outcomes.length} connections, ${frames} frames, ${outcomes.reduce((n, o) => n + o.bytesSent, 0)} bytes, ` +
        `${outcomes.filter((o) => o.closedByServer).length} closed by the server, ${outcomes.filter((o) => o.held !== undefined).length} left open mid-frame; ` +
        `${m.report.frameErrors} frame errors reported; heap ${(heapBefore / 1e6).toFixed(1)} → ${(heapAfter / 1e6).toFixed(1)} MB (${Math.round(growth / 1024)} KB)${exactHeap ? "" : " (no forced GC)"}`,
    );
    expect(frames).toBeGreaterThan(3_000);
    expect(m.report.errors.filter((e) => INTERNAL_FAILURES.some((p) => p.test(e)))).toEqual([]);
    expect(openSockets()).toBe(socketsBefore);
    if (exactHeap) expect(m.reachableLinks()).toBe(0);
    expect(growth).toBeLessThan(exactHeap ? HEAP_GROWTH_BOUND : HEAP_GROWTH_BOUND_WITHOUT_GC);
  });
});

/** Random bytes with flags and type-3 format bytes sprinkled in, so that frames start everywhere. */
function flaggedNoise(r: Random): Uint8Array {
  const out = r.bytes(r.length(3000));
  for (let i = 0; i < out.length; i++) {
    const k = r.int(10);
    if (k === 0) out[i] = HDLC_FLAG;
    else if (k === 1) out[i] = 0xa0 | r.int(8);
  }
  return out;
}

/** A connection's frames: a captured association damaged, one replayed intact up to a point and damaged after, or noise. */
function tcpPlan(r: Random, m: TFuzzMeter, i: number): TConnectionPlan {
  const framing = i % 2 === 0 ? "wrapper" : "hdlc";
  const streams = (["public", "management"] as const).map((c) => capture(m.name, c, framing).writes);
  const all = streams.flat();
  const mutate = (f: Uint8Array) => (framing === "hdlc" ? mutateHdlcFrame(r, f, all) : mutateWrapperFrame(r, f, all));
  const k = r.int(100);
  let frames: Uint8Array[];
  if (k < 55) frames = mutateStream(r, r.pick(streams), mutate);
  else if (k < 75) {
    const s = r.pick(streams);
    const intact = r.between(1, s.length);
    frames = [...s.slice(0, intact), ...Array.from({ length: r.between(1, 10) }, () => mutate(r.pick(all)))];
  } else frames = Array.from({ length: r.between(1, 30) }, () => (framing === "hdlc" ? flaggedNoise(r).subarray(0, 300) : randomBytes(r, 300, all)));
  const ending = r.chance(0.55) ? "close" : r.pick(ENDINGS.slice(1));
  return { port: framing === "wrapper" ? m.wrapperPort : m.hdlcPort, frames, ending, cut: mutate(r.pick(all)) };
}

/** TCP sockets of this process, both ends: the simulator's and the fuzz clients'. */
function openSockets(): number {
  return process.getActiveResourcesInfo().filter((r) => r === "TCPSocketWrap").length;
}

async function runAll(runs: ReadonlyArray<{ plan: TConnectionPlan; r: Random }>): Promise<TConnectionOutcome[]> {
  const outcomes: TConnectionOutcome[] = new Array(runs.length);
  let next = 0;
  const worker = async () => {
    while (next < runs.length) {
      const i = next++;
      outcomes[i] = await runConnection(runs[i]!.plan, runs[i]!.r);
    }
  };
  await Promise.all(Array.from({ length: TCP_CONCURRENCY }, worker));
  return outcomes;
}

/**
 * Ends the connections left open and waits until the server has closed every connection it
 * accepted (a count, not a time), then past the one second for which the server keeps a closed
 * socket referenced to destroy it (tcp-server.ts), so that only leaks remain on the heap.
 */
async function endAll(m: TFuzzMeter, outcomes: readonly TConnectionOutcome[]): Promise<void> {
  for (const o of outcomes) {
    o.held?.destroy();
    // Counted as left open, no longer referenced: the test's own sockets are not the server's heap.
    if (o.held) o.held = null;
  }
  const deadline = Date.now() + 20_000;
  while (m.report.closed < m.report.connections) {
    if (Date.now() > deadline) throw new Error(`the server still has ${m.report.connections - m.report.closed} of ${m.report.connections} connections open`);
    await sleep(20);
  }
  await sleep(1_200);
}

/**
 * The public and management clients over the wrapper and HDLC: associate, read the clock and the
 * object list, release. What they saw, as a digest: the lists themselves would stay on the heap
 * that the test measures.
 */
async function readThrough(m: TFuzzMeter): Promise<string> {
  const seen = createHash("sha256");
  for (const client of ["public", "management"] as const) {
    for (const framing of ["wrapper", "hdlc"] as const) {
      const credentials = m.credentials(client);
      const address = framing === "wrapper" ? { kind: "wrapper" as const, host: "127.0.0.1", port: m.wrapperPort } : { kind: "hdlc-tcp" as const, host: "127.0.0.1", port: m.hdlcPort };
      const a = value(await connect({ channel: channelFor(address, { clientSap: credentials.clientSap }), credentials, timeoutMs: 5000 }));
      const clock = value(await a.get({ classId: 8, obis: "0-0:1.0.0.255", attribute: 2 }));
      const list = value(await a.objectList());
      value(await a.release());
      seen.update(JSON.stringify({ client, framing, clock: clock.type === "octet-string" ? clock.value.length : clock.type, objects: list }));
    }
  }
  return seen.digest("hex");
}
