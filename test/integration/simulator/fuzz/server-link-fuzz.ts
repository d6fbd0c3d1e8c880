import type { TServerSession } from "@/lib/dlms/channel";
import { decodeHdlcFrame, HDLC_FLAG, MAX_FRAME_LENGTH } from "@/lib/dlms/hdlc/frame";
import { HdlcServerLink, type THdlcServerEvent } from "@/lib/dlms/hdlc/server-link";
import { answersProblem } from "./answers";

/**
 * One fuzz case of the HDLC server link, wired to a simulator session as the TCP server wires it
 * (lib/transport/tcp-server.ts, with the simulator's limits): the stream goes in piece by piece,
 * every request APDU the link delivers is answered by the session, and every frame the link sends
 * must be a well-formed HDLC frame. Afterwards the link must take a new client: enough flags to
 * end any frame the stream left open, then a SNRM, which must get a UA.
 */

/** Longer than any frame the stream can leave open plus any frame starting inside it (2 × 2049 bytes). */
const FLUSH = new Uint8Array(2 * (MAX_FRAME_LENGTH + 2) + 100).fill(HDLC_FLAG);
const EVENT_TYPES = new Set(["send", "snrm", "apdu", "disconnected", "error"]);

export interface TLinkCase {
  problem?: string;
  /** A request APDU reached the session. */
  apdus: number;
}

export function fuzzServerLink(session: TServerSession, pieces: readonly Uint8Array[], snrm: Uint8Array): TLinkCase {
  const link = new HdlcServerLink({ accept: (address) => session.accept(address), limits: { maxInfoTransmit: 1024, maxInfoReceive: 1024 } });
  let apdus = 0;
  let problem: string | undefined;
  const sent: THdlcServerEvent[] = [];
  const run = (events: THdlcServerEvent[]): void => {
    if (!Array.isArray(events)) {
      problem ??= "the link returned something other than an event list";
      return;
    }
    for (const e of events) {
      if (!EVENT_TYPES.has(e.type)) problem ??= `an event of unknown type ${String(e.type)}`;
      if (e.type === "send") {
        sent.push(e);
        const frame = decodeHdlcFrame(e.bytes);
        if (!frame.ok) problem ??= `the link sent a malformed frame (${frame.error.message}): ${Buffer.from(e.bytes).toString("hex")}`;
      } else if (e.type === "apdu") {
        apdus++;
        const answers = session.handle(e.apdu, e.address);
        const wrong = answersProblem(answers, undefined);
        if (wrong) {
          problem ??= `the session's answer: ${wrong}`;
          continue;
        }
        const list = answers as Uint8Array[];
        if (list.length === 0) run(link.acknowledge());
        for (const a of list) run(link.sendApdu(a));
      }
    }
  };
  for (const piece of pieces) run(link.receive(piece));
  run(link.receive(FLUSH));
  sent.length = 0;
  run(link.receive(snrm));
  const answered = sent.some((e) => e.type === "send" && (() => {
    const f = decodeHdlcFrame(e.bytes);
    return f.ok && f.value.control.kind === "UA";
  })());
  if (!answered) problem ??= `a SNRM after the stream got no UA (the link sent ${sent.length} frames)`;
  return problem === undefined ? { apdus } : { problem, apdus };
}
