import { concat } from "../bytes";
import type { TLinkError } from "../channel";
import { clientAddress, formatAddress, sameStation, type THdlcAddress } from "./address";
import { describeControl, type THdlcControl } from "./control";
import { encodeHdlcFrame, MAX_FRAME_LENGTH, scanHdlcFrames, type THdlcFrame } from "./frame";
import { describeFrmr } from "./frmr";
import { addLlc, LLC_LENGTH, stripLlc } from "./llc";
import {
  clientParameters,
  configuredParameters,
  DEFAULT_HDLC_PARAMETERS,
  decodeHdlcParameters,
  encodeHdlcParameters,
  type THdlcParameters,
} from "./parameters";
import { DEFAULT_MAX_APDU_SIZE, HdlcTransfer, type TTransferConfig } from "./transfer";

/**
 * The client (primary station) of the HDLC data link in normal response mode (IEC 62056-46), pure:
 * bytes in, events out. The caller owns the byte stream and the timers: it writes every `send`
 * event, and when no answer comes in time it calls `retransmit()` (the client is the only side
 * that retransmits on time-outs; the server only answers polls).
 *
 * Polls: every burst the client sends ends with P=1 and hands the turn to the server; the server's
 * frame with F=1 hands it back. A response segment with F=1 and the segmentation bit is answered
 * with RR(P) asking for the next one.
 */

export interface THdlcClientOptions {
  clientSap: number;
  server: THdlcAddress;
  /**
   * What the client proposes in its SNRM; each value not given is the default (128 bytes, window 1).
   * Values outside ZHdlcParameters' ranges throw RangeError.
   */
  proposal?: Partial<THdlcParameters>;
  /** Largest APDU accepted from the server; larger ones are an error event, never held in memory. */
  maxApduSize?: number;
  /** Largest frame read off the stream (format field to FCS), at most 2047. */
  maxFrameLength?: number;
}

export type THdlcClientState = "disconnected" | "connecting" | "connected" | "rejected" | "disconnecting";

export type THdlcClientEvent =
  | { type: "send"; bytes: Uint8Array }
  | { type: "connected"; parameters: THdlcParameters }
  /** A whole APDU, LLC header removed; `unnumbered` when it came in UI frames (pushed by the server). */
  | { type: "apdu"; apdu: Uint8Array; unnumbered: boolean }
  | { type: "disconnected"; reason: string }
  /**
   * `recoverable`: the link carries on by itself and nothing the caller waits for is lost (a bad
   * frame skipped, a retransmission asked for). Otherwise the exchange in progress cannot complete.
   */
  | { type: "error"; error: TLinkError; recoverable: boolean };

export interface THdlcLinkCounters {
  framesSent: number;
  framesReceived: number;
  /** Well-formed frames between other stations. */
  framesIgnored: number;
  /** Frames that failed to decode (format, length, HCS, FCS). */
  framesRejected: number;
}

const EMPTY = new Uint8Array(0);

export class HdlcClientLink {
  readonly counters: THdlcLinkCounters = { framesSent: 0, framesReceived: 0, framesIgnored: 0, framesRejected: 0 };
  private current: THdlcClientState = "disconnected";
  private readonly own: THdlcAddress;
  private readonly server: THdlcAddress;
  private readonly proposal: THdlcParameters;
  private readonly maxApduSize: number;
  private readonly maxFrameLength: number;
  private negotiated: THdlcParameters = { ...DEFAULT_HDLC_PARAMETERS };
  private readonly transfer: HdlcTransfer;
  private pending: Uint8Array = EMPTY;
  /** The client sent P=1 and waits for the server's F=1. */
  private awaitingFinal = false;
  private peerBusy = false;
  private lastTransmission: Uint8Array[] = [];
  private uiParts: Uint8Array[] = [];
  private uiSize = 0;

  constructor(options: THdlcClientOptions) {
    this.own = clientAddress(options.clientSap);
    this.server = options.server;
    this.proposal = configuredParameters(options.proposal, "HDLC client proposal");
    this.maxApduSize = options.maxApduSize ?? DEFAULT_MAX_APDU_SIZE;
    this.maxFrameLength = Math.min(options.maxFrameLength ?? MAX_FRAME_LENGTH, MAX_FRAME_LENGTH);
    this.transfer = new HdlcTransfer(this.transferConfig());
  }

  get state(): THdlcClientState {
    return this.current;
  }

  /** Parameters in the client's own direction, valid once connected. */
  get parameters(): THdlcParameters {
    return { ...this.negotiated };
  }

  /**
   * An answer is due (the client handed the turn to the server), or a busy server (RNR) holds back
   * what is queued: the caller's timer runs, and on expiry calls retransmit().
   */
  get waiting(): boolean {
    if (this.current === "connecting" || this.current === "disconnecting") return true;
    return this.current === "connected" && (this.awaitingFinal || (this.peerBusy && this.transfer.busy));
  }

  /** Sends SNRM, proposing the configured parameters (those at their default left out). */
  connect(): THdlcClientEvent[] {
    this.current = "connecting";
    this.pending = EMPTY;
    this.awaitingFinal = false;
    this.peerBusy = false;
    this.dropUi();
    return this.transmit([this.frame({ kind: "SNRM", pf: true }, encodeHdlcParameters(this.proposal, { omitDefaults: true }))]);
  }

  disconnect(): THdlcClientEvent[] {
    this.current = "disconnecting";
    this.awaitingFinal = false;
    return this.transmit([this.frame({ kind: "DISC", pf: true })]);
  }

  /** Queues an APDU (LLC header added, segmented); sends what the window allows when it is the client's turn. */
  sendApdu(apdu: Uint8Array): THdlcClientEvent[] {
    if (this.current !== "connected") {
      return [this.error("closed", `the HDLC link to server ${formatAddress(this.server)} is not connected (${this.current})`, false)];
    }
    this.transfer.enqueue(addLlc("command", apdu));
    return this.awaitingFinal || this.peerBusy ? [] : this.sendBurst();
  }

  /** Sends the last transmission again, or polls a busy server with RR (the caller's timer expired). */
  retransmit(): THdlcClientEvent[] {
    if (this.current === "connecting" || this.current === "disconnecting") return this.transmit(this.lastTransmission);
    if (this.current !== "connected") return [];
    if (this.peerBusy) return this.transfer.busy || this.awaitingFinal ? this.sendReceiveReady() : [];
    return this.awaitingFinal ? this.transmit(this.lastTransmission) : [];
  }

  /**
   * Polls the server with RR(P) when no answer is due: for a server that acknowledged a request
   * with RR and owes the response, or to check that the link is alive.
   */
  poll(): THdlcClientEvent[] {
    return this.current === "connected" && !this.awaitingFinal ? this.sendReceiveReady() : [];
  }

  receive(bytes: Uint8Array): THdlcClientEvent[] {
    const scan = scanHdlcFrames(this.pending.length === 0 ? bytes : concat(this.pending, bytes), { maxFrameLength: this.maxFrameLength });
    this.pending = scan.rest;
    const events: THdlcClientEvent[] = [];
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

  private onFrame(frame: THdlcFrame): THdlcClientEvent[] {
    const toUs = frame.destination.size === 1 && frame.destination.upper === this.own.upper;
    if (!toUs || !sameStation(frame.source, this.server)) {
      this.counters.framesIgnored++;
      return [];
    }
    this.counters.framesReceived++;
    const control = frame.control;
    switch (control.kind) {
      case "UA":
        return this.onUa(frame);
      case "DM":
        return this.onDm();
      case "FRMR":
        return this.onFrmr(frame);
      case "UI":
        return this.onUi(frame);
      case "I":
        return this.onInformation(frame, control);
      case "RR":
      case "RNR":
        return this.onSupervisory(control);
      default:
        return [this.error("frame", `the server sent ${describeControl(control)}, which IEC 62056-46 does not use (ignored)`, true)];
    }
  }

  private onUa(frame: THdlcFrame): THdlcClientEvent[] {
    if (this.current === "disconnecting") {
      this.current = "disconnected";
      return [{ type: "disconnected", reason: `server ${formatAddress(this.server)} confirmed the disconnection (UA)` }];
    }
    if (this.current !== "connecting") return [];
    const ua = decodeHdlcParameters(frame.information);
    if (!ua.ok) {
      this.current = "disconnected";
      return [this.error("frame", `the UA from server ${formatAddress(this.server)} has unreadable parameters: ${ua.error.message}`, false)];
    }
    const negotiated = clientParameters(this.proposal, ua.value);
    const overhead = 8 + this.server.size;
    negotiated.maxInfoTransmit = Math.min(negotiated.maxInfoTransmit, MAX_FRAME_LENGTH - overhead);
    this.negotiated = negotiated;
    this.transfer.reset(this.transferConfig());
    this.current = "connected";
    this.awaitingFinal = false;
    this.peerBusy = false;
    this.lastTransmission = [];
    return [{ type: "connected", parameters: { ...negotiated } }];
  }

  private onDm(): THdlcClientEvent[] {
    const previous = this.current;
    if (previous === "disconnected") return [];
    this.current = "disconnected";
    this.awaitingFinal = false;
    const server = `server ${formatAddress(this.server)}`;
    if (previous === "connecting") {
      return [this.error("refused", `${server} refused the connection from client ${this.own.upper} (DM)`, false)];
    }
    if (previous === "disconnecting") return [{ type: "disconnected", reason: `${server} was already disconnected (DM)` }];
    return [{ type: "disconnected", reason: `${server} reports disconnected mode (DM)` }];
  }

  private onFrmr(frame: THdlcFrame): THdlcClientEvent[] {
    if (this.current === "disconnected") return [];
    this.current = "rejected";
    this.awaitingFinal = false;
    return [this.error("frame", `server ${formatAddress(this.server)}: ${describeFrmr(frame.information)}; the link needs a new SNRM`, false)];
  }

  private onUi(frame: THdlcFrame): THdlcClientEvent[] {
    if (this.uiSize + frame.information.length > this.maxApduSize + LLC_LENGTH) {
      this.dropUi();
      return [this.error("frame", `an unsolicited APDU from server ${formatAddress(this.server)} exceeds ${this.maxApduSize} bytes (dropped)`, true)];
    }
    this.uiParts.push(frame.information);
    this.uiSize += frame.information.length;
    if (frame.segmented) return [];
    const information = concat(...this.uiParts);
    this.dropUi();
    const apdu = stripLlc("response", information);
    if (apdu === undefined) return [this.error("frame", "a UI frame from the server lacks the LLC header E6 E7 00 (dropped)", true)];
    return [{ type: "apdu", apdu, unnumbered: true }];
  }

  private onInformation(frame: THdlcFrame, control: Extract<THdlcControl, { kind: "I" }>): THdlcClientEvent[] {
    if (this.current !== "connected") return [];
    const events: THdlcClientEvent[] = [];
    if (!this.transfer.acknowledge(control.nr)) return this.invalidNr(control.nr);
    const incoming = this.transfer.receive(control.ns, frame.information, frame.segmented);
    if (incoming.status === "accepted") {
      if (incoming.overflow) {
        events.push(this.error("frame", `the response from server ${formatAddress(this.server)} exceeds ${this.maxApduSize} bytes (discarded)`, false));
      }
      if (incoming.complete !== undefined) {
        const apdu = stripLlc("response", incoming.complete);
        if (apdu === undefined) events.push(this.error("frame", "the response lacks the LLC header E6 E7 00 (discarded)", false));
        else events.push({ type: "apdu", apdu, unnumbered: false });
      }
    } else if (incoming.status === "out-of-sequence") {
      events.push(this.error("frame", `I frame N(S)=${control.ns} out of sequence, expected ${incoming.expected}: asking for a retransmission`, true));
    }
    if (!control.pf) return events;
    this.awaitingFinal = false;
    if (incoming.status !== "accepted" || frame.segmented) return [...events, ...this.sendReceiveReady()];
    this.transfer.goBack();
    return this.transfer.hasQueued ? [...events, ...this.sendBurst()] : events;
  }

  private onSupervisory(control: Extract<THdlcControl, { kind: "RR" | "RNR" }>): THdlcClientEvent[] {
    if (this.current !== "connected") return [];
    if (!this.transfer.acknowledge(control.nr)) return this.invalidNr(control.nr);
    this.peerBusy = control.kind === "RNR";
    if (!control.pf) return [];
    this.awaitingFinal = false;
    this.transfer.goBack();
    return !this.peerBusy && this.transfer.hasQueued ? this.sendBurst() : [];
  }

  private invalidNr(nr: number): THdlcClientEvent[] {
    this.current = "rejected";
    this.awaitingFinal = false;
    return [this.error("frame", `server ${formatAddress(this.server)} acknowledged N(R)=${nr}, a frame never sent (V(S)=${this.transfer.sendState}); the link needs a new SNRM`, false)];
  }

  private sendBurst(): THdlcClientEvent[] {
    const frames = this.transfer.burst();
    if (frames.length === 0) return [];
    this.awaitingFinal = true;
    return this.transmit(
      frames.map((f) => this.frame({ kind: "I", ns: f.ns, nr: f.nr, pf: f.pf }, f.information, f.segmented)),
    );
  }

  private sendReceiveReady(): THdlcClientEvent[] {
    this.awaitingFinal = true;
    return this.transmit([this.frame({ kind: "RR", nr: this.transfer.receiveState, pf: true })]);
  }

  private transmit(frames: Uint8Array[]): THdlcClientEvent[] {
    this.lastTransmission = frames;
    this.counters.framesSent += frames.length;
    return frames.map((bytes) => ({ type: "send", bytes }));
  }

  private frame(control: THdlcControl, information: Uint8Array = EMPTY, segmented = false): Uint8Array {
    return encodeHdlcFrame({ segmented, destination: this.server, source: this.own, control, information });
  }

  private transferConfig(): TTransferConfig {
    return {
      maxInfoTransmit: this.negotiated.maxInfoTransmit,
      windowTransmit: this.negotiated.windowTransmit,
      windowReceive: this.negotiated.windowReceive,
      maxReceive: this.maxApduSize + LLC_LENGTH,
    };
  }

  private dropUi(): void {
    this.uiParts = [];
    this.uiSize = 0;
  }

  private error(code: TLinkError["code"], message: string, recoverable: boolean): THdlcClientEvent {
    return { type: "error", error: { code, message }, recoverable };
  }
}
