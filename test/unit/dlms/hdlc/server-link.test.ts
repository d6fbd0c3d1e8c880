import { describe, expect, test } from "vitest";
import type { TPeerAddress } from "@/lib/dlms/channel";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { clientAddress, serverAddress, type THdlcAddress } from "@/lib/dlms/hdlc/address";
import type { THdlcControl } from "@/lib/dlms/hdlc/control";
import { decodeHdlcFrame, encodeHdlcFrame } from "@/lib/dlms/hdlc/frame";
import { decodeHdlcParameters, encodeHdlcParameters } from "@/lib/dlms/hdlc/parameters";
import { HdlcServerLink, type THdlcServerEvent, type THdlcServerOptions } from "@/lib/dlms/hdlc/server-link";

const SERVER = serverAddress(1, 17);
const CLIENT = clientAddress(16);
const LLC_COMMAND = fromHex("e6e600");

function fromClient(control: THdlcControl, information: Uint8Array = new Uint8Array(0), segmented = false, destination: THdlcAddress = SERVER, source: THdlcAddress = CLIENT) {
  return encodeHdlcFrame({ segmented, destination, source, control, information });
}

const snrm = (info: Uint8Array = new Uint8Array(0)) => fromClient({ kind: "SNRM", pf: true }, info);
const request = (ns: number, nr: number, apdu: Uint8Array, pf = true) => fromClient({ kind: "I", ns, nr, pf }, concat(LLC_COMMAND, apdu));

const sent = (events: THdlcServerEvent[]) =>
  events.flatMap((e) => {
    if (e.type !== "send") return [];
    const r = decodeHdlcFrame(e.bytes);
    return r.ok ? [r.value] : [];
  });
const controls = (events: THdlcServerEvent[]) => sent(events).map((f) => f.control);
const errors = (events: THdlcServerEvent[]) => events.flatMap((e) => (e.type === "error" ? [e] : []));
const apdus = (events: THdlcServerEvent[]) => events.flatMap((e) => (e.type === "apdu" ? [hex(e.apdu)] : []));

function connected(options: Partial<THdlcServerOptions> = {}) {
  const link = new HdlcServerLink({ accept: () => true, ...options });
  expect(controls(link.receive(snrm()))).toEqual([{ kind: "UA", pf: true }]);
  return link;
}

describe("HdlcServerLink", () => {
  test("SNRM asks accept with the caller's address and UA answers with all four negotiated parameters", () => {
    const asked: TPeerAddress[] = [];
    const link = new HdlcServerLink({ accept: (a) => asked.push(a) > 0, limits: { maxInfoTransmit: 2030, maxInfoReceive: 2030 } });
    const proposal = encodeHdlcParameters({ maxInfoTransmit: 1024, maxInfoReceive: 512, windowTransmit: 1, windowReceive: 1 });
    const events = link.receive(snrm(proposal));
    expect(asked).toEqual([{ clientSap: 16, logicalDevice: 1, physical: 17 }]);
    expect(events[0]).toEqual({
      type: "snrm",
      address: { clientSap: 16, logicalDevice: 1, physical: 17 },
      accepted: true,
      replaced: false,
      parameters: { maxInfoTransmit: 512, maxInfoReceive: 1024, windowTransmit: 1, windowReceive: 1 },
    });
    const [ua] = sent(events);
    expect(ua!.destination).toEqual(CLIENT);
    expect(ua!.source).toEqual(SERVER);
    expect(hex(ua!.information)).toBe("818014" + "05020200" + "06020400" + "070400000001" + "080400000001");
    expect(link.peer).toEqual({ clientSap: 16, logicalDevice: 1, physical: 17 });
  });

  test("a refused SNRM is answered DM", () => {
    const link = new HdlcServerLink({ accept: () => false });
    const events = link.receive(snrm());
    expect(events[0]).toMatchObject({ type: "snrm", accepted: false });
    expect(controls(events)).toEqual([{ kind: "DM", pf: true }]);
    expect(link.connected).toBe(false);
  });

  test("a SNRM with unreadable parameters is answered DM with a recoverable error", () => {
    const link = new HdlcServerLink({ accept: () => true });
    const events = link.receive(snrm(fromHex("818003060100")));
    expect(errors(events)[0]!.recoverable).toBe(true);
    expect(controls(events)).toEqual([{ kind: "DM", pf: true }]);
  });

  test("DISC while disconnected gets DM, and an I frame with P before SNRM gets DM", () => {
    const link = new HdlcServerLink({ accept: () => true });
    expect(controls(link.receive(fromClient({ kind: "DISC", pf: true })))).toEqual([{ kind: "DM", pf: true }]);
    expect(controls(link.receive(request(0, 0, Uint8Array.of(1))))).toEqual([{ kind: "DM", pf: true }]);
    expect(link.receive(request(0, 0, Uint8Array.of(1), false))).toEqual([]);
  });

  test("DISC while connected gets UA and ends the link", () => {
    const link = connected();
    const events = link.receive(fromClient({ kind: "DISC", pf: true }));
    expect(events[0]).toEqual({ type: "disconnected", address: { clientSap: 16, logicalDevice: 1, physical: 17 }, reason: "client 16 disconnected (DISC)" });
    expect(controls(events)).toEqual([{ kind: "UA", pf: true }]);
    expect(link.connected).toBe(false);
  });

  test("a whole request is delivered without an answer; the response goes out as I(N(S)=0, N(R)=1, F)", () => {
    const link = connected();
    const events = link.receive(request(0, 0, fromHex("c001c1")));
    expect(apdus(events)).toEqual(["c001c1"]);
    expect(sent(events)).toEqual([]);
    expect(link.answerDue).toBe(true);
    const [response] = sent(link.sendApdu(fromHex("c401c1")));
    expect(response!.control).toEqual({ kind: "I", ns: 0, nr: 1, pf: true });
    expect(hex(response!.information)).toBe("e6e700c401c1");
  });

  test("each segment of a segmented request is acknowledged with RR(F) and the APDU is delivered once whole", () => {
    const link = connected();
    const whole = concat(LLC_COMMAND, fromHex("c1010102030405"));
    const one = link.receive(fromClient({ kind: "I", ns: 0, nr: 0, pf: true }, whole.subarray(0, 4), true));
    expect(controls(one)).toEqual([{ kind: "RR", nr: 1, pf: true }]);
    const two = link.receive(fromClient({ kind: "I", ns: 1, nr: 0, pf: true }, whole.subarray(4, 7), true));
    expect(controls(two)).toEqual([{ kind: "RR", nr: 2, pf: true }]);
    const three = link.receive(fromClient({ kind: "I", ns: 2, nr: 0, pf: true }, whole.subarray(7)));
    expect(apdus(three)).toEqual(["c1010102030405"]);
  });

  test("a segmented response sends the next segment on each RR from the client", () => {
    const link = connected();
    link.receive(request(0, 0, Uint8Array.of(1)));
    const first = sent(link.sendApdu(new Uint8Array(300)));
    expect(first.map((f) => [f.control, f.segmented, f.information.length])).toEqual([[{ kind: "I", ns: 0, nr: 1, pf: true }, true, 128]]);
    expect(controls(link.receive(fromClient({ kind: "RR", nr: 1, pf: true })))).toEqual([{ kind: "I", ns: 1, nr: 1, pf: true }]);
    const last = sent(link.receive(fromClient({ kind: "RR", nr: 2, pf: true })));
    expect(last.map((f) => [f.control, f.segmented, f.information.length])).toEqual([[{ kind: "I", ns: 2, nr: 1, pf: true }, false, 47]]);
    expect(controls(link.receive(fromClient({ kind: "RR", nr: 3, pf: true })))).toEqual([{ kind: "RR", nr: 1, pf: true }]);
  });

  test("a repeated request after a lost response gets the response again and is not delivered twice", () => {
    const link = connected();
    link.receive(request(0, 0, Uint8Array.of(1)));
    const response = link.sendApdu(Uint8Array.of(2));
    const again = link.receive(request(0, 0, Uint8Array.of(1)));
    expect(apdus(again)).toEqual([]);
    expect(again).toEqual(response);
  });

  test("a repeated request while its answer is still being computed gets no answer of its own", () => {
    const link = connected();
    link.receive(request(0, 0, Uint8Array.of(1)));
    expect(link.receive(request(0, 0, Uint8Array.of(1)))).toEqual([]);
    expect(controls(link.sendApdu(Uint8Array.of(2)))).toEqual([{ kind: "I", ns: 0, nr: 1, pf: true }]);
  });

  test("a repeated segment whose RR was lost is acknowledged again", () => {
    const link = connected();
    const segment = fromClient({ kind: "I", ns: 0, nr: 0, pf: true }, concat(LLC_COMMAND, Uint8Array.of(1)), true);
    link.receive(segment);
    expect(controls(link.receive(segment))).toEqual([{ kind: "RR", nr: 1, pf: true }]);
  });

  test("acknowledge answers a request that has no response with RR, and does nothing when no answer is due", () => {
    const link = connected();
    expect(link.acknowledge()).toEqual([]);
    link.receive(request(0, 0, Uint8Array.of(1)));
    expect(controls(link.acknowledge())).toEqual([{ kind: "RR", nr: 1, pf: true }]);
  });

  test("frames to another server address or from another client are ignored once connected", () => {
    const link = connected();
    expect(link.receive(fromClient({ kind: "I", ns: 0, nr: 0, pf: true }, concat(LLC_COMMAND, Uint8Array.of(1)), false, serverAddress(1, 18)))).toEqual([]);
    expect(link.receive(fromClient({ kind: "I", ns: 0, nr: 0, pf: true }, concat(LLC_COMMAND, Uint8Array.of(1)), false, SERVER, clientAddress(17)))).toEqual([]);
    expect(link.counters.framesIgnored).toBe(2);
  });

  test("an information field above the negotiated maximum is rejected with FRMR (Y), repeated on every poll until SNRM", () => {
    const link = connected();
    const events = link.receive(fromClient({ kind: "I", ns: 0, nr: 0, pf: true }, new Uint8Array(129)));
    expect(errors(events)[0]!.recoverable).toBe(false);
    const [frmr] = sent(events);
    expect(frmr!.control).toEqual({ kind: "FRMR", pf: true });
    expect(hex(frmr!.information)).toBe("100004");
    expect(sent(link.receive(fromClient({ kind: "RR", nr: 0, pf: true })))).toEqual([frmr]);
    expect(controls(link.receive(snrm()))).toEqual([{ kind: "UA", pf: true }]);
  });

  test("an invalid N(R) is rejected with FRMR (Z) and an unknown control field with FRMR (W)", () => {
    const nr = connected().receive(fromClient({ kind: "RR", nr: 5, pf: true }));
    expect(hex(sent(nr)[0]!.information)).toBe("b10008");
    const other = connected().receive(fromClient({ kind: "other", value: 0x19 }));
    expect(hex(sent(other)[0]!.information)).toBe("190001");
  });

  test("push sends UI frames with F, segmented at the negotiated maximum", () => {
    const link = connected();
    const frames = sent(link.push(new Uint8Array(200)));
    expect(frames.map((f) => [f.control, f.segmented, f.information.length])).toEqual([
      [{ kind: "UI", pf: true }, true, 128],
      [{ kind: "UI", pf: true }, false, 75],
    ]);
    expect(errors(new HdlcServerLink({ accept: () => true }).push(Uint8Array.of(1)))[0]!.error.code).toBe("closed");
  });

  test("a request above the APDU limit is an error and is not delivered", () => {
    const link = connected({ maxApduSize: 10 });
    const events = link.receive(request(0, 0, new Uint8Array(20)));
    expect(apdus(events)).toEqual([]);
    expect(errors(events)[0]).toMatchObject({ recoverable: false });
    expect(controls(events)).toEqual([{ kind: "RR", nr: 1, pf: true }]);
  });

  test("a SNRM while connected resets the link and says so", () => {
    const link = connected();
    link.receive(request(0, 0, Uint8Array.of(1)));
    const events = link.receive(snrm());
    expect(events[0]).toMatchObject({ type: "snrm", accepted: true, replaced: true });
    expect(controls(link.receive(request(0, 0, Uint8Array.of(1))))).toEqual([]);
    expect(link.answerDue).toBe(true);
  });

  test("the UA parameters decode to what was negotiated", () => {
    const link = new HdlcServerLink({ accept: () => true, limits: { windowReceive: 7, windowTransmit: 7 } });
    const [ua] = sent(link.receive(snrm(encodeHdlcParameters({ maxInfoTransmit: 128, maxInfoReceive: 128, windowTransmit: 3, windowReceive: 2 }))));
    expect(decodeHdlcParameters(ua!.information)).toEqual({ ok: true, value: { maxInfoTransmit: 128, maxInfoReceive: 128, windowTransmit: 2, windowReceive: 3 } });
  });
});
