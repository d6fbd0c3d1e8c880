/**
 * What the DLMS client needs from a link: whole APDUs in and out, whatever the framing (TCP
 * wrapper, HDLC over TCP, HDLC over a serial port). Channels live in lib/transport; the client
 * and the conformance runner see only this interface.
 */

export const LINK_ERROR_CODES = ["connect-failed", "timeout", "closed", "refused", "frame", "busy"] as const;
export type TLinkErrorCode = (typeof LINK_ERROR_CODES)[number];

export interface TLinkError {
  code: TLinkErrorCode;
  /** A sentence a person can act on, e.g. "no answer within 5 s on 127.0.0.1:4059". */
  message: string;
}

export type TLinkResult<T> = { ok: true; value: T } | { ok: false; error: TLinkError };

/** Parameters the link settled on when it opened (HDLC: negotiated by SNRM/UA). */
export interface TLinkInfo {
  framing: "wrapper" | "hdlc";
  /** Largest information field per frame, each direction (HDLC); undefined for the wrapper. */
  maxInfoTransmit?: number;
  maxInfoReceive?: number;
  windowTransmit?: number;
  windowReceive?: number;
}

/** Counters a channel keeps, for the traffic log and the benchmarks (bytes on the wire per check). */
export interface TLinkStats {
  bytesSent: number;
  bytesReceived: number;
  framesSent: number;
  framesReceived: number;
  /** Request/response exchanges completed through `exchange`. */
  roundTrips: number;
}

export interface TApduChannel {
  /** For messages: "tcp://127.0.0.1:4059 (wrapper, client 16 → server 1)". */
  readonly description: string;
  readonly stats: TLinkStats;
  /** What the open link settled on (HDLC: the parameters SNRM/UA negotiated); absent for a link that negotiates nothing or is not open. */
  readonly linkInfo?: TLinkInfo;
  /** Whether the link is up: false before open and once either side ended it (a meter drops an idle link after its inactivity time-out). */
  readonly isOpen: boolean;
  /** Opens the link: TCP connect, then for HDLC the SNRM/UA exchange. */
  open(timeoutMs: number): Promise<TLinkResult<TLinkInfo>>;
  /** Sends one APDU and resolves with the peer's next whole APDU (segments reassembled). */
  exchange(apdu: Uint8Array, timeoutMs: number): Promise<TLinkResult<Uint8Array>>;
  /** Sends an APDU that gets no answer (unconfirmed services, release without response). */
  send(apdu: Uint8Array): Promise<TLinkResult<void>>;
  /** Unsolicited APDUs from the peer (data-notification, event-notification) arrive here. */
  onUnsolicited(listener: (apdu: Uint8Array) => void): void;
  /** Closes the link (HDLC: DISC, waiting briefly for UA/DM) and the byte stream under it. */
  close(): Promise<void>;
}

/** How a client reached the server: wrapper wPorts, or HDLC addresses (upper = logical device). */
export interface TPeerAddress {
  clientSap: number;
  /** Wrapper: destination wPort. HDLC: upper (logical device) address. */
  logicalDevice: number;
  /** HDLC lower (physical) address, when the client sent one. */
  physical?: number;
}

/**
 * The server side of one connection, as the simulator implements it. The transport adapter
 * (lib/transport) does the framing, segmentation and link management and calls these.
 */
export interface TServerSession {
  /**
   * HDLC SNRM, or the first wrapper frame: may this client talk to this logical device?
   * false makes HDLC answer DM and the wrapper close the connection.
   */
  accept(address: TPeerAddress): boolean;
  /** One whole APDU from the client; resolves with the APDUs to send back (usually one, none for unconfirmed services). */
  handle(apdu: Uint8Array, address: TPeerAddress): Promise<Uint8Array[]> | Uint8Array[];
  /** The connection ended (closed by either side, DISC, inactivity or a link error). */
  closed(reason: string): void;
}

/** What the adapter gives a session: a way to push unsolicited APDUs (data-notification). */
export interface TServerLink {
  readonly remote: string;
  push(apdu: Uint8Array): void;
  close(): void;
}
