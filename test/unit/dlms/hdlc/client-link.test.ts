import { describe, expect, test } from "vitest";
import { concat, fromHex, hex } from "@/lib/dlms/bytes";
import { clientAddress, serverAddress, type THdlcAddress } from "@/lib/dlms/hdlc/address";
import { HdlcClientLink, type THdlcClientEvent } from "@/lib/dlms/hdlc/client-link";
import type { THdlcControl } from "@/lib/dlms/hdlc/control";
import { decodeHdlcFrame, encodeHdlcFrame } from "@/lib/dlms/hdlc/frame";
import { encodeFrmrInformation } from "@/lib/dlms/hdlc/frmr";
import { encodeHdlcParameters } from "@/lib/dlms/hdlc/parameters";

const SERVER = serverAddress(1, 17);
const CLIENT = clientAddress(16);
const LLC_RESPONSE = fromHex("e6e700");

/** A frame from the server to the client (or from/to whoever is given). */
function fromServer(control: THdlcControl, information: Uint8Array = new Uint8Array(0), segmented = false, source: THdlcAddress = SERVER, destination: THdlcAddress = CLIENT) {
  return encodeHdlcFrame({ segmented, destination, source, control, information });
}

const ua = (info = encodeHdlcParameters({ maxInfoTransmit: 128, maxInfoReceive: 128, windowTransmit: 1, windowReceive: 1 })) =>
  fromServer({ kind: "UA", pf: true }, info);

const sent = (events: THdlcClientEvent[]) =>
  events.flatMap((e) => {
    if (e.type !== "send") return [];
    const r = decodeHdlcFrame(e.bytes);
    return r.ok ? [r.value] : [];
  });
const controls = (events: THdlcClientEvent[]) => sent(events).map((f) => f.control);
const errors = (events: THdlcClientEvent[]) => events.flatMap((e) => (e.type === "error" ? [e] : []));
const apdus = (events: THdlcClientEvent[]) => events.flatMap((e) => (e.type === "apdu" ? [hex(e.apdu)] : []));

function connected(options: Partial<ConstructorParameters<typeof HdlcClientLink>[0]> = {}) {
  const link = new HdlcClientLink({ clientSap: 16, server: SERVER, ...options });
  link.connect();
  const events = link.receive(ua());
  expect(events.map((e) => e.type)).toEqual(["connected"]);
  return link;
}

describe("HdlcClientLink", () => {
  test("connect sends SNRM with P to the server address, proposing only non-default parameters", () => {
    const link = new HdlcClientLink({ clientSap: 16, server: SERVER, proposal: { maxInfoReceive: 512 } });
    const [snrm] = sent(link.connect());
    expect(snrm!.control).toEqual({ kind: "SNRM", pf: true });
    expect(snrm!.destination).toEqual(SERVER);
    expect(hex(snrm!.information)).toBe("8180040602" + "0200");
    expect(link.state).toBe("connecting");
    expect(link.waiting).toBe(true);
  });

  test("UA connects with parameters in the client's direction", () => {
    const link = new HdlcClientLink({ clientSap: 16, server: SERVER, proposal: { maxInfoTransmit: 1024, maxInfoReceive: 1024 } });
    link.connect();
    const events = link.receive(ua(encodeHdlcParameters({ maxInfoTransmit: 256, maxInfoReceive: 512, windowTransmit: 1, windowReceive: 1 })));
    expect(events).toEqual([{ type: "connected", parameters: { maxInfoTransmit: 512, maxInfoReceive: 256, windowTransmit: 1, windowReceive: 1 } }]);
    expect(link.waiting).toBe(false);
  });

  test("DM answering SNRM is a refusal naming the server and the client", () => {
    const link = new HdlcClientLink({ clientSap: 16, server: SERVER });
    link.connect();
    const [e] = errors(link.receive(fromServer({ kind: "DM", pf: true })));
    expect(e).toEqual({ type: "error", error: { code: "refused", message: "server 1/17 refused the connection from client 16 (DM)" }, recoverable: false });
    expect(link.state).toBe("disconnected");
  });

  test("a UA with unreadable parameters fails the connection", () => {
    const link = new HdlcClientLink({ clientSap: 16, server: SERVER });
    link.connect();
    const [e] = errors(link.receive(ua(fromHex("818003060100"))));
    expect(e!.recoverable).toBe(false);
    expect(link.state).toBe("disconnected");
  });

  test("sending before the link is connected is a closed error", () => {
    const link = new HdlcClientLink({ clientSap: 16, server: SERVER });
    expect(errors(link.sendApdu(Uint8Array.of(1)))[0]!.error.code).toBe("closed");
  });

  test("the first I frame after UA is N(S)=0, N(R)=0 with P and carries the LLC header E6 E6 00", () => {
    const link = connected();
    const [frame] = sent(link.sendApdu(fromHex("c001c1")));
    expect(frame!.control).toEqual({ kind: "I", ns: 0, nr: 0, pf: true });
    expect(hex(frame!.information)).toBe("e6e600c001c1");
    expect(link.waiting).toBe(true);
  });

  test("a response segment with F and the segmentation bit is answered RR(N(R)=1, P); the last completes the APDU", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const first = link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c401")), true));
    expect(controls(first)).toEqual([{ kind: "RR", nr: 1, pf: true }]);
    const last = link.receive(fromServer({ kind: "I", ns: 1, nr: 1, pf: true }, fromHex("c100")));
    expect(apdus(last)).toEqual(["c401c100"]);
    expect(controls(last)).toEqual([]);
    expect(link.waiting).toBe(false);
  });

  test("a repeated response segment is acknowledged again and not delivered twice", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const segment = fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c401")), true);
    link.receive(segment);
    const again = link.receive(segment);
    expect(controls(again)).toEqual([{ kind: "RR", nr: 1, pf: true }]);
    expect(errors(again)).toEqual([]);
    const last = link.receive(fromServer({ kind: "I", ns: 1, nr: 1, pf: true }, fromHex("c100")));
    expect(apdus(last)).toEqual(["c401c100"]);
  });

  test("a repeated whole response is not delivered twice", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const response = fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c401")));
    expect(apdus(link.receive(response))).toEqual(["c401"]);
    expect(apdus(link.receive(response))).toEqual([]);
  });

  test("an I frame out of sequence is a recoverable error and RR asks for the missing one", () => {
    const link = connected({ proposal: { windowReceive: 3 } });
    link.sendApdu(Uint8Array.of(1));
    const events = link.receive(fromServer({ kind: "I", ns: 2, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c4"))));
    expect(errors(events)[0]!.recoverable).toBe(true);
    expect(controls(events)).toEqual([{ kind: "RR", nr: 0, pf: true }]);
  });

  test("an N(R) acknowledging a frame never sent breaks the link", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const [e] = errors(link.receive(fromServer({ kind: "RR", nr: 3, pf: true })));
    expect(e!.recoverable).toBe(false);
    expect(e!.error.message).toMatch(/N\(R\)=3/);
    expect(link.state).toBe("rejected");
  });

  test("FRMR is an error naming the reasons the server gave", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const info = encodeFrmrInformation({ rejectedControl: 0x10, vs: 0, vr: 0, rejectedWasResponse: false, informationTooLong: true });
    const [e] = errors(link.receive(fromServer({ kind: "FRMR", pf: true }, info)));
    expect(e!.error.message).toMatch(/control 0x10 \(FRMR: information field too long\)/);
    expect(e!.recoverable).toBe(false);
    expect(link.state).toBe("rejected");
  });

  test("UI frames carry unsolicited APDUs, reassembled over the segmentation bit", () => {
    const link = connected();
    expect(link.receive(fromServer({ kind: "UI", pf: true }, concat(LLC_RESPONSE, fromHex("0f00")), true))).toEqual([]);
    expect(link.receive(fromServer({ kind: "UI", pf: true }, fromHex("0000")))).toEqual([{ type: "apdu", apdu: fromHex("0f000000"), unnumbered: true }]);
  });

  test("frames for another client or from another server are ignored and counted", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const response = concat(LLC_RESPONSE, fromHex("c4"));
    expect(link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, response, false, SERVER, clientAddress(17)))).toEqual([]);
    expect(link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, response, false, serverAddress(1, 18)))).toEqual([]);
    expect(link.counters.framesIgnored).toBe(2);
    expect(apdus(link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, response)))).toEqual(["c4"]);
  });

  test("a corrupt frame is skipped with a recoverable error", () => {
    const link = connected();
    const frame = fromServer({ kind: "RR", nr: 0, pf: true });
    frame[4] = frame[4]! ^ 0x04;
    const [e] = errors(link.receive(frame));
    expect(e!.recoverable).toBe(true);
    expect(link.counters.framesRejected).toBe(1);
  });

  test("retransmit sends the last transmission again, byte for byte", () => {
    const link = connected();
    const first = link.sendApdu(Uint8Array.of(1, 2, 3));
    expect(link.retransmit()).toEqual(first);
    link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c4")), true));
    expect(controls(link.retransmit())).toEqual([{ kind: "RR", nr: 1, pf: true }]);
  });

  test("nothing is retransmitted when no answer is due", () => {
    expect(connected().retransmit()).toEqual([]);
  });

  test("RNR holds further segments back; the retransmit timer then polls with RR and RR lets them go", () => {
    const link = connected();
    link.sendApdu(new Uint8Array(300));
    expect(link.receive(fromServer({ kind: "RNR", nr: 1, pf: true }))).toEqual([]);
    expect(controls(link.retransmit())).toEqual([{ kind: "RR", nr: 0, pf: true }]);
    expect(controls(link.receive(fromServer({ kind: "RR", nr: 1, pf: true })))).toEqual([{ kind: "I", ns: 1, nr: 0, pf: true }]);
  });

  test("an APDU queued while the server has the turn goes out when the server hands it back", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    expect(link.sendApdu(Uint8Array.of(2))).toEqual([]);
    const events = link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, concat(LLC_RESPONSE, fromHex("c4"))));
    expect(controls(events)).toEqual([{ kind: "I", ns: 1, nr: 1, pf: true }]);
  });

  test("disconnect sends DISC; UA or DM completes it", () => {
    const link = connected();
    expect(controls(link.disconnect())).toEqual([{ kind: "DISC", pf: true }]);
    expect(link.receive(fromServer({ kind: "UA", pf: true }))).toEqual([{ type: "disconnected", reason: "server 1/17 confirmed the disconnection (UA)" }]);
    const other = connected();
    other.disconnect();
    expect(other.receive(fromServer({ kind: "DM", pf: true })).map((e) => e.type)).toEqual(["disconnected"]);
  });

  test("DM while connected reports the link gone", () => {
    const link = connected();
    expect(link.receive(fromServer({ kind: "DM", pf: true }))).toEqual([{ type: "disconnected", reason: "server 1/17 reports disconnected mode (DM)" }]);
    expect(link.state).toBe("disconnected");
  });

  test("a response above the APDU limit is an error and its segments are not kept", () => {
    const link = connected({ maxApduSize: 100 });
    link.sendApdu(Uint8Array.of(1));
    const events = link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, new Uint8Array(120), true));
    expect(errors(events)[0]).toMatchObject({ recoverable: false, error: { code: "frame" } });
    expect(controls(events)).toEqual([{ kind: "RR", nr: 1, pf: true }]);
    expect(apdus(link.receive(fromServer({ kind: "I", ns: 1, nr: 1, pf: true }, new Uint8Array(10))))).toEqual([]);
  });

  test("a response without the LLC header is an error", () => {
    const link = connected();
    link.sendApdu(Uint8Array.of(1));
    const [e] = errors(link.receive(fromServer({ kind: "I", ns: 0, nr: 1, pf: true }, fromHex("c401"))));
    expect(e!.error.message).toMatch(/LLC header E6 E7 00/);
  });
});
