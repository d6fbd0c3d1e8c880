import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { equalBytes } from "@/lib/dlms/bytes";
import { serverAddress } from "@/lib/dlms/hdlc/address";
import { HdlcClientLink, type THdlcClientEvent } from "@/lib/dlms/hdlc/client-link";
import { decodeHdlcFrame } from "@/lib/dlms/hdlc/frame";
import type { THdlcParameters } from "@/lib/dlms/hdlc/parameters";
import { HdlcServerLink, type THdlcServerEvent } from "@/lib/dlms/hdlc/server-link";

interface TWire {
  client: HdlcClientLink;
  server: HdlcServerLink;
  /** APDUs the client received, in order. */
  toClient: Uint8Array[];
  /** APDUs the server received, in order. */
  toServer: Uint8Array[];
  clientErrors: string[];
  retransmissions: number;
  run(events: THdlcClientEvent[]): void;
}

/**
 * A client and a server link back to back. `lose(direction, n)` drops the n-th frame sent in that
 * direction; when nothing is in flight and the client still waits, its timer "expires" and it
 * retransmits. `answer` is the server application: the response APDUs for a request.
 */
function wire(options: {
  proposal?: Partial<THdlcParameters>;
  limits?: Partial<THdlcParameters>;
  answer?: (apdu: Uint8Array) => Uint8Array[];
  lose?: (direction: "up" | "down", index: number) => boolean;
  maxApduSize?: number;
}): TWire {
  const answer = options.answer ?? ((apdu: Uint8Array) => [apdu]);
  const lose = options.lose ?? (() => false);
  const client = new HdlcClientLink({ clientSap: 16, server: serverAddress(1, 17), proposal: options.proposal, maxApduSize: options.maxApduSize });
  const server = new HdlcServerLink({ accept: () => true, limits: options.limits, maxApduSize: options.maxApduSize });
  const w: TWire = { client, server, toClient: [], toServer: [], clientErrors: [], retransmissions: 0, run };
  const inflight: { direction: "up" | "down"; bytes: Uint8Array }[] = [];
  const sent = { up: 0, down: 0 };
  function fromClient(events: THdlcClientEvent[]): void {
    for (const e of events) {
      if (e.type === "send") {
        if (!lose("up", sent.up++)) inflight.push({ direction: "up", bytes: e.bytes });
      } else if (e.type === "apdu") w.toClient.push(e.apdu);
      else if (e.type === "error") w.clientErrors.push(e.error.message);
    }
  }
  function fromServer(events: THdlcServerEvent[]): void {
    for (const e of events) {
      if (e.type === "send") {
        if (!lose("down", sent.down++)) inflight.push({ direction: "down", bytes: e.bytes });
      } else if (e.type === "apdu") {
        w.toServer.push(e.apdu);
        const responses = answer(e.apdu);
        if (responses.length === 0) fromServer(server.acknowledge());
        for (const r of responses) fromServer(server.sendApdu(r));
      }
    }
  }
  function run(events: THdlcClientEvent[]): void {
    fromClient(events);
    for (let guard = 0; guard < 100_000; guard++) {
      const next = inflight.shift();
      if (next === undefined) {
        if (!client.waiting || w.retransmissions > 50) return;
        w.retransmissions++;
        fromClient(client.retransmit());
        continue;
      }
      if (next.direction === "up") fromServer(server.receive(next.bytes));
      else fromClient(client.receive(next.bytes));
    }
    throw new Error("the links did not settle");
  }
  return w;
}

const pattern = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 0xff);

describe("HdlcClientLink with HdlcServerLink", () => {
  test("connect negotiates the smaller limits, exchange carries APDUs both ways, DISC/UA disconnects", () => {
    const w = wire({ proposal: { maxInfoTransmit: 512, maxInfoReceive: 256 }, limits: { maxInfoTransmit: 2030, maxInfoReceive: 300 } });
    w.run(w.client.connect());
    expect(w.client.state).toBe("connected");
    expect(w.client.parameters).toEqual({ maxInfoTransmit: 300, maxInfoReceive: 256, windowTransmit: 1, windowReceive: 1 });
    expect(w.server.parameters).toEqual({ maxInfoTransmit: 256, maxInfoReceive: 300, windowTransmit: 1, windowReceive: 1 });
    w.run(w.client.sendApdu(pattern(1000, 1)));
    expect(w.toServer.map((a) => a.length)).toEqual([1000]);
    expect(equalBytes(w.toClient[0]!, pattern(1000, 1))).toBe(true);
    w.run(w.client.disconnect());
    expect(w.client.state).toBe("disconnected");
    expect(w.server.connected).toBe(false);
  });

  test("segmented APDUs of 0 to 10,000 bytes cross both ways with information lengths 32..2030 and windows 1..7", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 32, max: 2030 }),
        fc.integer({ min: 32, max: 2030 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 10_000 })), { minLength: 1, maxLength: 3 }),
        (up, down, windowUp, windowDown, sizes) => {
          const w = wire({
            proposal: { maxInfoTransmit: up, maxInfoReceive: down, windowTransmit: windowUp, windowReceive: windowDown },
            limits: { maxInfoTransmit: 2030, maxInfoReceive: 2030, windowTransmit: 7, windowReceive: 7 },
            answer: (apdu) => [pattern(sizes[w.toServer.length - 1]![1], apdu.length)],
          });
          w.run(w.client.connect());
          for (const [i, [request]] of sizes.entries()) {
            w.run(w.client.sendApdu(pattern(request, i)));
            expect(equalBytes(w.toServer[i]!, pattern(request, i))).toBe(true);
            expect(equalBytes(w.toClient[i]!, pattern(sizes[i]![1], request))).toBe(true);
          }
          expect(w.retransmissions).toBe(0);
          expect(w.clientErrors).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });

  test("every segment fits the negotiated information length and carries the segmentation bit but the last", () => {
    const frames: Uint8Array[] = [];
    const w = wire({ proposal: { maxInfoTransmit: 64, maxInfoReceive: 64 }, limits: { maxInfoTransmit: 2030, maxInfoReceive: 2030 } });
    w.run(w.client.connect());
    const events = w.client.sendApdu(pattern(200, 0));
    for (const e of events) if (e.type === "send") frames.push(e.bytes);
    w.run(events);
    const first = decodeHdlcFrame(frames[0]!);
    expect(first.ok && first.value.information.length).toBe(64);
    expect(first.ok && first.value.segmented).toBe(true);
    expect(w.toServer[0]).toHaveLength(200);
  });

  test("lost frames in either direction are retransmitted and nothing is delivered twice", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }), fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 6 }), fc.integer({ min: 1, max: 3 }), (lostUp, lostDown, window) => {
        const w = wire({
          proposal: { maxInfoTransmit: 40, maxInfoReceive: 40, windowTransmit: window, windowReceive: window },
          limits: { maxInfoTransmit: 2030, maxInfoReceive: 2030, windowTransmit: 7, windowReceive: 7 },
          lose: (direction, index) => (direction === "up" ? lostUp : lostDown).includes(index),
          answer: (apdu) => [pattern(300, apdu[0]!)],
        });
        w.run(w.client.connect());
        expect(w.client.state).toBe("connected");
        for (let i = 0; i < 3; i++) {
          w.run(w.client.sendApdu(pattern(150, i)));
          expect(w.toServer).toHaveLength(i + 1);
          expect(equalBytes(w.toServer[i]!, pattern(150, i))).toBe(true);
          expect(w.toClient).toHaveLength(i + 1);
          expect(equalBytes(w.toClient[i]!, pattern(300, pattern(150, i)[0]!))).toBe(true);
        }
      }),
      { numRuns: 150 },
    );
  });

  test("a lost response segment and a lost RR are recovered by retransmission, each APDU delivered once", () => {
    const w = wire({
      proposal: { maxInfoTransmit: 40, maxInfoReceive: 40, windowTransmit: 2, windowReceive: 2 },
      limits: { maxInfoTransmit: 2030, maxInfoReceive: 2030, windowTransmit: 7, windowReceive: 7 },
      lose: (direction, index) => (direction === "down" ? [3, 6] : [5]).includes(index),
      answer: () => [pattern(150, 9)],
    });
    w.run(w.client.connect());
    w.run(w.client.sendApdu(pattern(100, 0)));
    expect(w.retransmissions).toBe(2);
    expect(w.toServer).toHaveLength(1);
    expect(w.toClient).toHaveLength(1);
    expect(equalBytes(w.toClient[0]!, pattern(150, 9))).toBe(true);
    expect(w.clientErrors).toEqual(["I frame N(S)=3 out of sequence, expected 2: asking for a retransmission"]);
  });

  test("a server that refuses the SNRM answers DM and the client reports it refused", () => {
    const client = new HdlcClientLink({ clientSap: 16, server: serverAddress(1) });
    const server = new HdlcServerLink({ accept: (address) => address.clientSap !== 16 });
    const answer = server.receive(client.connect().flatMap((e) => (e.type === "send" ? [e.bytes] : []))[0]!);
    const events = client.receive(answer.flatMap((e) => (e.type === "send" ? [e.bytes] : []))[0]!);
    expect(events).toEqual([{ type: "error", error: { code: "refused", message: "server 1 refused the connection from client 16 (DM)" }, recoverable: false }]);
  });

  test("a request with no answer is acknowledged with RR and the link goes on", () => {
    const w = wire({ answer: (apdu) => (apdu[0] === 0x00 ? [] : [apdu]) });
    w.run(w.client.connect());
    w.run(w.client.sendApdu(Uint8Array.of(0x00, 1, 2)));
    expect(w.client.waiting).toBe(false);
    w.run(w.client.sendApdu(Uint8Array.of(0x01, 1, 2)));
    expect(w.toServer).toHaveLength(2);
    expect(w.toClient).toHaveLength(1);
  });

  test("a response above the client's APDU limit is an error event, not unbounded memory, and the link stays usable", () => {
    const w = wire({ maxApduSize: 500, answer: (apdu) => [pattern(apdu.length === 1 ? 2000 : 10, 0)] });
    w.run(w.client.connect());
    w.run(w.client.sendApdu(Uint8Array.of(1)));
    expect(w.toClient).toHaveLength(0);
    expect(w.clientErrors.join()).toMatch(/exceeds 500 bytes/);
    w.run(w.client.sendApdu(Uint8Array.of(1, 2)));
    expect(w.toClient.map((a) => a.length)).toEqual([10]);
  });
});
