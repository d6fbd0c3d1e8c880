import { concat } from "../bytes";

/**
 * The numbered (I frame) transfer of one station, shared by the client and the server link:
 * sequence numbers modulo 8, segmentation of an information field at the negotiated maximum with
 * the segmentation bit, a sending window, go-back-N retransmission from the peer's N(R), and
 * bounded reassembly of what the peer sends (IEC 62056-46, from ISO/IEC 13239 normal response mode).
 * It decides nothing about polls: the links do.
 */

export interface TTransferConfig {
  maxInfoTransmit: number;
  windowTransmit: number;
  windowReceive: number;
  /** Largest reassembled information field (LLC header included) accepted from the peer. */
  maxReceive: number;
}

interface TSegment {
  information: Uint8Array;
  segmented: boolean;
}

export interface TOutgoingFrame extends TSegment {
  ns: number;
  nr: number;
  /** Set on the last frame of a burst: the poll (client) or final (server) bit. */
  pf: boolean;
}

export type TIncoming =
  /** In sequence. `complete` is the whole information field when this was its last segment. */
  | { status: "accepted"; complete?: Uint8Array; overflow?: boolean }
  /** Already received (the peer retransmitted because our acknowledgement was lost). */
  | { status: "duplicate" }
  /** A frame is missing before this one. */
  | { status: "out-of-sequence"; expected: number };

/** Segment N(S) values the window can cover: modulo 8 leaves 7. */
export const MAX_WINDOW = 7;

export class HdlcTransfer {
  private vs = 0;
  private vr = 0;
  private queue: TSegment[] = [];
  private unacked: TSegment[] = [];
  private parts: Uint8Array[] = [];
  private partsSize = 0;
  private discarding = false;

  constructor(private config: TTransferConfig) {}

  /** Back to V(S) = V(R) = 0 with nothing queued: after SNRM/UA. */
  reset(config: TTransferConfig): void {
    this.config = config;
    this.vs = 0;
    this.vr = 0;
    this.queue = [];
    this.unacked = [];
    this.dropReassembly();
  }

  get receiveState(): number {
    return this.vr;
  }

  get sendState(): number {
    return this.vs;
  }

  /** Frames queued or sent but not yet acknowledged. */
  get busy(): boolean {
    return this.queue.length > 0 || this.unacked.length > 0;
  }

  get hasQueued(): boolean {
    return this.queue.length > 0;
  }

  get hasUnacknowledged(): boolean {
    return this.unacked.length > 0;
  }

  /** Cuts an information field into segments of at most maxInfoTransmit bytes. */
  enqueue(information: Uint8Array): void {
    const max = Math.max(1, this.config.maxInfoTransmit);
    let at = 0;
    do {
      const end = Math.min(at + max, information.length);
      this.queue.push({ information: information.subarray(at, end), segmented: end < information.length });
      at = end;
    } while (at < information.length);
  }

  /** The frames of one transmission opportunity: as many as the window allows, P/F on the last. */
  burst(): TOutgoingFrame[] {
    const out: TOutgoingFrame[] = [];
    const window = Math.min(Math.max(1, this.config.windowTransmit), MAX_WINDOW);
    while (this.unacked.length < window && this.queue.length > 0) {
      const segment = this.queue.shift()!;
      this.unacked.push(segment);
      out.push({ ...segment, ns: this.vs, nr: this.vr, pf: false });
      this.vs = (this.vs + 1) & 7;
    }
    if (out.length > 0) out[out.length - 1]!.pf = true;
    return out;
  }

  /**
   * The peer's N(R) acknowledges every frame before it. False when N(R) names a frame that was
   * never sent (an invalid N(R), which ISO/IEC 13239 answers with FRMR).
   */
  acknowledge(nr: number): boolean {
    const base = (this.vs - this.unacked.length) & 7;
    const count = (nr - base) & 7;
    if (count > this.unacked.length) return false;
    this.unacked.splice(0, count);
    return true;
  }

  /** Go-back-N: the peer polled with an N(R) short of V(S), so everything from N(R) goes again. */
  goBack(): void {
    if (this.unacked.length === 0) return;
    this.vs = (this.vs - this.unacked.length) & 7;
    this.queue.unshift(...this.unacked);
    this.unacked = [];
  }

  receive(ns: number, information: Uint8Array, segmented: boolean): TIncoming {
    if (ns !== this.vr) {
      const behind = (this.vr - ns) & 7;
      const window = Math.min(Math.max(1, this.config.windowReceive), MAX_WINDOW);
      return behind >= 1 && behind <= window ? { status: "duplicate" } : { status: "out-of-sequence", expected: this.vr };
    }
    this.vr = (this.vr + 1) & 7;
    let overflow = false;
    if (!this.discarding) {
      if (this.partsSize + information.length > this.config.maxReceive) {
        this.dropReassembly();
        this.discarding = true;
        overflow = true;
      } else {
        this.parts.push(information);
        this.partsSize += information.length;
      }
    }
    if (segmented) return overflow ? { status: "accepted", overflow } : { status: "accepted" };
    if (this.discarding) {
      this.dropReassembly();
      return overflow ? { status: "accepted", overflow } : { status: "accepted" };
    }
    const complete = this.parts.length === 1 ? this.parts[0]! : concat(...this.parts);
    this.dropReassembly();
    return { status: "accepted", complete };
  }

  private dropReassembly(): void {
    this.parts = [];
    this.partsSize = 0;
    this.discarding = false;
  }
}

/** Largest APDU a link reassembles unless told otherwise: the largest xDLMS max-receive-pdu-size. */
export const DEFAULT_MAX_APDU_SIZE = 0xffff;
