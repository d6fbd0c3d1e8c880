import { existsSync, readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ROOT } from "../../helpers/examples";
import { startGuruxMeter, type TGuruxMeter } from "../../helpers/gurux-meter";
import { runGuruxRead } from "../../helpers/gurux-read";
import { describeWithPeers } from "../../helpers/peer-suite";
import { accepts } from "../../helpers/ports";

// Measured with GuruxDLMS.c 9.0.2608: the example's 56 objects (exampleserver.c ALL_OBJECTS) less the
// five Association LN objects of the other clients, plus the current association 0-0:40.0.0.255.
const METER_OBJECTS = 52;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describeWithPeers("Gurux peer harness", () => {
  let meter: TGuruxMeter;
  beforeAll(async () => {
    meter = await startGuruxMeter();
  });
  afterAll(async () => {
    await meter?.stop();
  });

  test("the meter is built and started, its logical-name ports accepting connections", async () => {
    expect(await accepts(meter.ports.lnWrapper)).toBe(true);
    expect(await accepts(meter.ports.lnHdlc)).toBe(true);
    expect(alive(meter.pid)).toBe(true);
  });

  test("gurux-read associates on the LN wrapper as client 16 and lists the meter's objects", async () => {
    const r = await runGuruxRead({ port: meter.ports.lnWrapper, client: 16 });
    expect(r.timedOut).toBe(false);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.json?.association?.accepted).toBe(true);
    expect(r.json?.errors).toEqual([]);
    expect(r.json?.objects).toHaveLength(METER_OBJECTS);
    expect(r.json?.objects).toContainEqual(expect.objectContaining({ classId: 15, obis: "0.0.40.0.1.255" }));
    expect(r.json?.objects.map((o) => o.obis)).not.toContain("0.0.40.0.2.255");
  });

  test("LLS with a wrong password is refused with authentication failure", async () => {
    const r = await runGuruxRead({ port: meter.ports.lnWrapper, client: 17, auth: "low", password: "not-Gurux" });
    expect(r.exitCode).toBe(1);
    expect(r.json?.association).toBeNull();
    expect(r.json?.errors).toEqual([expect.objectContaining({ step: "association", error: expect.stringMatching(/authentication failure/i) })]);
  });

  test("stop kills the meter and removes its working folder", async () => {
    const other = await startGuruxMeter();
    expect(existsSync(other.dir)).toBe(true);
    await other.stop();
    expect(alive(other.pid)).toBe(false);
    expect(existsSync(other.dir)).toBe(false);
    expect(await accepts(other.ports.lnWrapper)).toBe(false);
  });
});

describeWithPeers(
  "gurux-read runner",
  () => {
    const held: Socket[] = [];
    let silent: Server;
    beforeAll(async () => {
      silent = createServer((socket) => held.push(socket));
      await new Promise<void>((done) => silent.listen(0, "127.0.0.1", done));
    });
    afterAll(async () => {
      for (const s of held) s.destroy();
      await new Promise<void>((done) => silent.close(() => done()));
    });

    test("a peer that never answers is killed after killAfterMs", async () => {
      const address = silent.address();
      if (address === null || typeof address === "string") throw new Error("no TCP address");
      const r = await runGuruxRead({ port: address.port, client: 16, timeout: 60, killAfterMs: 1_000 });
      expect(r.timedOut).toBe(true);
      expect(r.exitCode).toBeNull();
      expect(r.json).toBeUndefined();
      expect(r.ms).toBeLessThan(10_000);
    });
  },
  ["python3"],
);

const FIXTURES = join(ROOT, "test/fixtures/gurux");
type TChunk = { direction: "tx" | "rx"; hex: string };
type TCaptureFixture = { description: string; capturedWith: { client: string; date: string }; traffic: TChunk[] };

function readFixture<T>(file: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, file), "utf8")) as T;
}

/** Splits bytes into wrapper frames (IEC 62056-47: version, source, destination, length, APDU). */
function wrapperFrames(bytes: Buffer): { source: number; destination: number; apdu: Buffer }[] {
  const frames = [];
  for (let at = 0; at < bytes.length; ) {
    expect(bytes.readUInt16BE(at)).toBe(1);
    const length = bytes.readUInt16BE(at + 6);
    expect(at + 8 + length).toBeLessThanOrEqual(bytes.length);
    frames.push({ source: bytes.readUInt16BE(at + 2), destination: bytes.readUInt16BE(at + 4), apdu: bytes.subarray(at + 8, at + 8 + length) });
    at += 8 + length;
  }
  return frames;
}

/** Splits bytes into HDLC frames: flag, frame format with an 11-bit length, ..., flag. */
function hdlcFrames(bytes: Buffer): Buffer[] {
  const frames = [];
  for (let at = 0; at < bytes.length; ) {
    expect(bytes[at]).toBe(0x7e);
    const length = bytes.readUInt16BE(at + 1) & 0x7ff;
    expect(bytes[at + length + 1]).toBe(0x7e);
    frames.push(bytes.subarray(at, at + length + 2));
    at += length + 2;
  }
  return frames;
}

const joined = (traffic: TChunk[], direction: TChunk["direction"]) => Buffer.concat(traffic.filter((c) => c.direction === direction).map((c) => Buffer.from(c.hex, "hex")));

describe("fixtures captured from the Gurux peers", () => {
  test.each([
    ["wrapper-none-16.json", 16],
    ["wrapper-lls-17-values.json", 17],
    ["wrapper-hls-gmac-1.json", 1],
    ["wrapper-lls-17-wrong-password.json", 17],
  ])("%s holds whole wrapper frames between client %i and logical device 1, opening with AARQ/AARE", (file, client) => {
    const f = readFixture<TCaptureFixture>(file);
    expect(f.capturedWith.client).toContain(`--client ${client}`);
    const tx = wrapperFrames(joined(f.traffic, "tx"));
    const rx = wrapperFrames(joined(f.traffic, "rx"));
    expect(tx.every((w) => w.source === client && w.destination === 1)).toBe(true);
    expect(rx.every((w) => w.source === 1 && w.destination === client)).toBe(true);
    expect(tx[0]!.apdu[0]).toBe(0x60);
    expect(rx[0]!.apdu[0]).toBe(0x61);
  });

  test("the HDLC capture is whole frames: SNRM/UA, segmented I frames acknowledged with RR, DISC last", () => {
    const f = readFixture<TCaptureFixture>("hdlc-none-16-values.json");
    const tx = hdlcFrames(joined(f.traffic, "tx"));
    const rx = hdlcFrames(joined(f.traffic, "rx"));
    // Control field after one-byte destination and source addresses (IEC 62056-46), poll/final bit set.
    const control = (frame: Buffer) => frame[5]!;
    expect(control(tx[0]!)).toBe(0x93);
    expect(control(rx[0]!)).toBe(0x73);
    expect(control(tx[tx.length - 1]!)).toBe(0x53);
    expect(rx.some((frame) => (frame[1]! & 0x08) !== 0)).toBe(true);
    expect(tx.some((frame) => (control(frame) & 0x0f) === 0x01)).toBe(true);
  });

  type TObjectList = { count: number; objects: { classId: number; obis: string; attributes: { access: number | null }[]; methods: { access: number | null }[] }[] };
  const accessSeen = (f: TObjectList, part: "attributes" | "methods") => [...new Set(f.objects.flatMap((o) => o[part].map((a) => a.access)))].sort();
  const clock = (f: TObjectList) => f.objects.find((o) => o.obis === "0.0.1.0.0.255")!;

  test(`the object lists hold the meter's ${METER_OBJECTS} objects with each client's own association`, () => {
    for (const [file, own] of [["meter-objects-16.json", "0.0.40.0.1.255"], ["meter-objects-17.json", "0.0.40.0.2.255"]] as const) {
      const f = readFixture<TObjectList>(file);
      expect(f.count).toBe(METER_OBJECTS);
      expect(f.objects).toHaveLength(METER_OBJECTS);
      expect(f.objects.filter((o) => o.classId === 15).map((o) => o.obis)).toEqual(["0.0.40.0.0.255", own]);
    }
  });

  test("client 16 may read every attribute and call no method; client 17 may also set the clock and call its methods", () => {
    // Access mode enums (IC 15 version 2): 1 read, 3 read-write; method 0 no access, 1 access.
    const c16 = readFixture<TObjectList>("meter-objects-16.json");
    const c17 = readFixture<TObjectList>("meter-objects-17.json");
    expect(accessSeen(c16, "attributes")).toEqual([1]);
    expect(accessSeen(c16, "methods")).toEqual([0]);
    expect(clock(c17).attributes.map((a) => a.access)).toEqual([1, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect(clock(c17).methods.map((m) => m.access)).toEqual([1, 1, 1, 1, 1, 1]);
  });

  test("every A-XDR vector starts with its type's tag", () => {
    const f = readFixture<{ vectors: { name: string; tag: number; hex: string }[] }>("axdr-vectors.json");
    expect(f.vectors.length).toBeGreaterThan(50);
    for (const v of f.vectors) expect(Number.parseInt(v.hex.slice(0, 2), 16), v.name).toBe(v.tag);
  });
});
