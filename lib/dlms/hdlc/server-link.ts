import { concat } from "../bytes";
import type { TLinkError, TPeerAddress } from "../channel";
import { formatAddress, sameStation, type THdlcAddress } from "./address";
import { describeControl, encodeControl, type THdlcControl } from "./control";
import { encodeHdlcFrame, MAX_FRAME_LENGTH, scanHdlcFrames, type THdlcFrame } from "./frame";
import { encodeFrmrInformation, type TFrmrReasons } from "./frmr";
import { addLlc, LLC_LENGTH, stripLlc } from "./llc";
import {
  configuredParameters,
  DEFAULT_HDLC_PARAMETERS,
  decodeHdlcParameters,
  encodeHdlcParameters,
  negotiateHdlcParameters,
  type THdlcParameters,
} from "./parameters";
import type { THdlcLinkCounters } from "./client-link";
import { DEFAULT_MAX_APDU_SIZE, HdlcTransfer, type TTransferConfig } from "./transfer";

/**
 * The server (secondary station) of the HDLC data link in normal response mode (IEC 62056-46),
 * pure: bytes in, events out. It never transmits on its own timer; it answers the client's polls:
 * UA or DM to SNRM, UA to DISC (DM when not connected), RR to each segment of a segmented request,
 * its response once the caller has one (`sendApdu`) or RR when there is none (`acknowledge`), the
 * next response segment on each RR, and FRMR to frames it cannot accept (then every further poll
 * gets the same FRMR until SNRM or DISC, as ISO/IEC 13239 has it).
 */

export interface THdlcServerOptions {
  /** Decides on each SNRM: true answers UA with the negotiated parameters, false answers DM. */
  accept(address: TPeerAddress): boolean;
  /** The server's own limits (default 128 bytes, window 1 each way); outside ZHdlcParameters' ranges RangeError. */
  limits?: Partial<THdlcParameters>;
  /** Largest request APDU reassembled; a larger one is an error event, never held in memory. */
  maxApduSize?: number;
  /** Largest frame read off the stream (format field to FCS), at most 2047. */
  maxFrameLength?: number;
}

export type THdlcServerEvent =
  | { type: "send"; bytes: Uint8Array }
  /** A SNRM arrived and `accept` decided; `replaced` when it reset a link that was connected. */
  | { type: "snrm"; address: TPeerAddress; accepted: boolean; replaced: boolean; parameters?: THdlcParameters }
  /** A whole request APDU (LLC header removed). Answer it with sendApdu, or acknowledge() if there is no answer. */
  | { type: "apdu"; apdu: Uint8Array; address: TPeerAddress }
  | { type: "disconnected"; address: TPeerAddress; reason: string }
  /**
   * `recoverable` as for the client link: false when a request was lost or the link is in FRMR
   * condition. `overLimit` when the client sent more than the limits allow (a request above
   * maxApduSize, an information field above the negotiated maximum).
   */
  | { type: "error"; error: TLinkError; recoverable: boolean; overLimit?: boolean };

type TServerState = "disconnected" | "connected" | "rejected";

const EMPTY = new Uint8Array(0);

export class HdlcServerLink {
  readonly counters: THdlcLinkCounters = { framesSent: 0, framesReceived: 0, framesIgnored: 0, framesRejected: 0 };
  private state: TServerState = "disconnected";
  private readonly limits: THdlcParameters;
  private readonly maxApduSize: number;
  private readonly maxFrameLength: number;
  private negotiated: THdlcParameters = { ...DEFAULT_HDLC_PARAMETERS };
  private readonly transfer: HdlcTransfer;
  private pending: Uint8Array = EMPTY;
  private own: THdlcAddress | undefined;
  private client: THdlcAddress | undefined;
  /** Polled with a whole request, not yet answered: the server holds the turn. */
  private holdsTurn = false;
  private peerBusy = false;
  private lastFrmr: Uint8Array = EMPTY;

  constructor(private readonly options: THdlcServerOptions) {
    this.limits = configuredParameters(options.limits, "HDLC server limits");
    this.maxApduSize = options.maxApduSize ?? DEFAULT_MAX_APDU_SIZE;
    this.maxFrameLength = Math.min(options.maxFrameLength ?? MAX_FRAME_LENGTH, MAX_FRAME_LENGTH);
    this.transfer = new HdlcTransfer(this.transferConfig());
  }

  get connected(): boolean {
    return this.state === "connected";
  }

  /** The connected client and the server address it called, once a SNRM was accepted. */
  get peer(): TPeerAddress | undefined {
    return this.state === "disconnected" || this.own === undefined || this.client === undefined ? undefined : peerAddress(this.own, this.client);
  }

  /** Negotiated parameters in the server's own direction. */
  get parameters(): THdlcParameters {
    return { ...this.negotiated };
  }

  /** A request is waiting for sendApdu or acknowledge. */
  get answerDue(): boolean {
    return this.holdsTurn;
  }

  receive(bytes: Uint8Array): THdlcServerEvent[] {
    const scan = scanHdlcFrames(this.pending.length === 0 ? bytes : concat(this.pending, bytes), { maxFrameLength: this.maxFrameLength });
    this.pending = scan.rest;
    const events: THdlcServerEvent[] = [];
    for (const item of scan.items) {
      if (!item.ok) {
        this.counters.framesRejected++;
        events.push(this.error("frame", `${item.error.message} (frame skipped)`, true));
        continue;
      }
      events.push(...this.onFrame(item.value));
    }
    return events;
  }

  /** Queues a response (LLC header added, segmented); sent now if the server holds the turn, else on the next poll. */
  sendApdu(apdu: Uint8Array): THdlcServerEvent[] {
    if (this.state !== "connected") return [this.error("closed", "no HDLC client is connected: the response was not sent", false)];
    this.transfer.enqueue(addLlc("response", apdu));
    return this.holdsTurn ? this.answerPoll() : [];
  }

  /** The request has no answer (unconfirmed service): hand the turn back with RR. */
  acknowledge(): THdlcServerEvent[] {
    return this.holdsTurn && this.state === "connected" ? this.answerPoll() : [];
  }

  /** An unsolicited APDU (data-notification) in UI frames, segmented like I frames but never acknowledged. */
  push(apdu: Uint8Array): THdlcServerEvent[] {
    if (this.state !== "connected") return [this.error("closed", "no HDLC client is connected: the unsolicited APDU was not sent", true)];
    const information = addLlc("response", apdu);
    const max = this.negotiated.maxInfoTransmit;
    const frames: Uint8Array[] = [];
    for (let at = 0; at < information.length; at += max) {
      const end = Math.min(at + max, information.length);
      frames.push(this.reply({ kind: "UI", pf: true }, information.subarray(at, end), end < information.length));
    }
    return this.transmit(frames);
  }

  private onFrame(frame: THdlcFrame): THdlcServerEvent[] {
    if (frame.source.size !== 1) {
      this.counters.framesIgnored++;
      return [];
    }
    const control = frame.control;
    if (control.kind === "SNRM") {
      this.counters.framesReceived++;
      return this.onSnrm(frame);
    }
    if (this.state === "disconnected") {
      this.counters.framesReceived++;
      return this.whileDisconnected(frame);
    }
    if (!sameStation(frame.destination, this.own!) || frame.source.upper !== this.client!.upper) {
      this.counters.framesIgnored++;
      return [];
    }
    this.counters.framesReceived++;
    if (control.kind === "DISC") return this.onDisc(control.pf);
    if (this.state === "rejected") return pollBit(control) ? this.transmit([this.lastFrmr]) : [];
    switch (control.kind) {
      case "I":
        return this.onInformation(frame, control);
      case "RR":
      case "RNR":
        return this.onSupervisory(frame, control);
      case "UI":
        return [this.error("frame", "a UI frame from the client was ignored: this server takes requests in I frames", true)];
      case "UA":
      case "DM":
      case "FRMR":
        return [this.error("frame", `the client sent ${describeControl(control)}, a response frame (ignored)`, true)];
      default:
        return this.frameReject(frame, { unknownControl: true }, `${describeControl(control)} is not implemented`);
    }
  }

  private onSnrm(frame: THdlcFrame): THdlcServerEvent[] {
    const replaced = this.state !== "disconnected";
    const address = peerAddress(frame.destination, frame.source);
    const proposal = decodeHdlcParameters(frame.information);
    this.state = "disconnected";
    this.holdsTurn = false;
    if (!proposal.ok) {
      return [
        this.error("frame", `SNRM from client ${address.clientSap} with unreadable parameters (${proposal.error.message}): answered DM`, true),
        ...this.transmit([this.frameTo(frame, { kind: "DM", pf: true })]),
      ];
    }
    if (!this.options.accept(address)) {
      return [{ type: "snrm", address, accepted: false, replaced }, ...this.transmit([this.frameTo(frame, { kind: "DM", pf: true })])];
    }
    const negotiated = negotiateHdlcParameters(this.limits, proposal.value);
    negotiated.maxInfoTransmit = Math.min(negotiated.maxInfoTransmit, MAX_FRAME_LENGTH - (8 + frame.destination.size));
    this.negotiated = negotiated;
    this.own = frame.destination;
    this.client = frame.source;
    this.transfer.reset(this.transferConfig());
    this.state = "connected";
    this.peerBusy = false;
    return [
      { type: "snrm", address, accepted: true, replaced, parameters: { ...negotiated } },
      ...this.transmit([this.reply({ kind: "UA", pf: true }, encodeHdlcParameters(negotiated))]),
    ];
  }

  private whileDisconnected(frame: THdlcFrame): THdlcServerEvent[] {
    const control = frame.control;
    if (control.kind === "DISC" || ((control.kind === "I" || control.kind === "RR" || control.kind === "RNR") && control.pf)) {
      return this.transmit([this.frameTo(frame, { kind: "DM", pf: true })]);
    }
    return [];
  }

  private onDisc(pf: boolean): THdlcServerEvent[] {
    const address = peerAddress(this.own!, this.client!);
    this.state = "disconnected";
    this.holdsTurn = false;
    this.transfer.reset(this.transferConfig());
    return [
      { type: "disconnected", address, reason: `client ${address.clientSap} disconnected (DISC)` },
      ...this.transmit([this.reply({ kind: "UA", pf })]),
    ];
  }

  private onInformation(frame: THdlcFrame, control: Extract<THdlcControl, { kind: "I" }>): THdlcServerEvent[] {
    if (frame.information.length > this.negotiated.maxInfoReceive) {
      return this.frameReject(
        frame,
        { informationTooLong: true },
        `an information field of ${frame.information.length} bytes exceeds the negotiated ${this.negotiated.maxInfoReceive}`,
      );
    }
    if (!this.transfer.acknowledge(control.nr)) {
      return this.frameReject(frame, { invalidNr: true }, `N(R)=${control.nr} acknowledges a frame never sent (V(S)=${this.transfer.sendState})`);
    }
    const incoming = this.transfer.receive(control.ns, frame.information, frame.segmented);
    const events: THdlcServerEvent[] = [];
    const address = peerAddress(this.own!, this.client!);
    if (incoming.status === "accepted") {
      if (incoming.overflow) {
        events.push(this.error("frame", `the request from client ${address.clientSap} exceeds ${this.maxApduSize} bytes (discarded)`, false, true));
      }
      if (incoming.complete !== undefined) {
        const apdu = stripLlc("command", incoming.complete);
        if (apdu === undefined) {
          events.push(this.error("frame", `the request from client ${address.clientSap} lacks the LLC header E6 E6 00 (discarded)`, false));
        } else {
          events.push({ type: "apdu", apdu, address });
          if (control.pf) this.holdsTurn = true;
          return events;
        }
      }
      return control.pf ? [...events, ...this.sendReceiveReady()] : events;
    }
    if (incoming.status === "out-of-sequence") {
      events.push(this.error("frame", `I frame N(S)=${control.ns} out of sequence, expected ${incoming.expected}: asking for a retransmission`, true));
    }
    if (!control.pf || this.holdsTurn) return events;
    return [...events, ...this.answerPoll()];
  }

  private onSupervisory(frame: THdlcFrame, control: Extract<THdlcControl, { kind: "RR" | "RNR" }>): THdlcServerEvent[] {
    if (!this.transfer.acknowledge(control.nr)) {
      return this.frameReject(frame, { invalidNr: true }, `N(R)=${control.nr} acknowledges a frame never sent (V(S)=${this.transfer.sendState})`);
    }
    this.peerBusy = control.kind === "RNR";
    if (!control.pf || this.holdsTurn) return [];
    return this.answerPoll();
  }

  /** The turn is the server's: next frames of the response (from the client's N(R)), else RR. */
  private answerPoll(): THdlcServerEvent[] {
    this.holdsTurn = false;
    this.transfer.goBack();
    if (this.peerBusy || !this.transfer.hasQueued) return this.sendReceiveReady();
    return this.transmit(
      this.transfer.burst().map((f) => this.reply({ kind: "I", ns: f.ns, nr: f.nr, pf: f.pf }, f.information, f.segmented)),
    );
  }

  private sendReceiveReady(): THdlcServerEvent[] {
    return this.transmit([this.reply({ kind: "RR", nr: this.transfer.receiveState, pf: true })]);
  }

  private frameReject(frame: THdlcFrame, reasons: TFrmrReasons, why: string): THdlcServerEvent[] {
    const error = this.error(
      "frame",
      `frame rejected (FRMR) from client ${this.client!.upper} to server ${formatAddress(this.own!)}: ${why}`,
      false,
      reasons.informationTooLong === true,
    );
    this.state = "rejected";
    this.holdsTurn = false;
    this.lastFrmr = this.reply(
      { kind: "FRMR", pf: true },
      encodeFrmrInformation({
        rejectedControl: encodeControl(frame.control),
        vs: this.transfer.sendState,
        vr: this.transfer.receiveState,
        rejectedWasResponse: false,
        ...reasons,
      }),
    );
    return [error, ...this.transmit([this.lastFrmr])];
  }

  private transmit(frames: Uint8Array[]): THdlcServerEvent[] {
    this.counters.framesSent += frames.length;
    return frames.map((bytes) => ({ type: "send", bytes }));
  }

  /** A frame to the connected client, from the address it called. */
  private reply(control: THdlcControl, information: Uint8Array = EMPTY, segmented = false): Uint8Array {
    return encodeHdlcFrame({ segmented, destination: this.client!, source: this.own!, control, information });
  }

  /** A frame back to whoever sent `to`, from the address it called. */
  private frameTo(to: THdlcFrame, control: THdlcControl): Uint8Array {
    return encodeHdlcFrame({ segmented: false, destination: to.source, source: to.destination, control, information: EMPTY });
  }

  private transferConfig(): TTransferConfig {
    return {
      maxInfoTransmit: this.negotiated.maxInfoTransmit,
      windowTransmit: this.negotiated.windowTransmit,
      windowReceive: this.negotiated.windowReceive,
      maxReceive: this.maxApduSize + LLC_LENGTH,
    };
  }

  private error(code: TLinkError["code"], message: string, recoverable: boolean, overLimit = false): THdlcServerEvent {
    return overLimit ? { type: "error", error: { code, message }, recoverable, overLimit } : { type: "error", error: { code, message }, recoverable };
  }
}

function pollBit(control: THdlcControl): boolean {
  return control.kind !== "other" && control.pf;
}

function peerAddress(server: THdlcAddress, client: THdlcAddress): TPeerAddress {
  return server.lower === undefined
    ? { clientSap: client.upper, logicalDevice: server.upper }
    : { clientSap: client.upper, logicalDevice: server.upper, physical: server.lower };
}
