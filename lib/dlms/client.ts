import type { KeyObject } from "node:crypto";
import { X509Certificate } from "node:crypto";
import { ByteReader, ByteWriter, hex } from "./bytes";
import { decodeAare, encodeAarq, encodeRlrq, AARE_TAG, RLRE_TAG } from "./acse/association";
import { ACSE_PROVIDER_DIAGNOSTICS, ACSE_USER_DIAGNOSTICS, USER_DIAGNOSTIC } from "./acse/names";
import { encodeData, readData } from "./axdr/codec";
import { d, type TData } from "./axdr/data";
import type { TApduChannel, TLinkError } from "./channel";
import { decodeObjectList, type TObjectListEntry } from "./cosem/object-list";
import { describeApdu } from "./describe";
import { describeCipheredTag, protectApdu, unprotectApdu, type TSecurityKeys } from "./security/ciphered-apdu";
import { PROTECTIONS, type TProtection } from "./security/control";
import { publicKeyFromSpki } from "./security/ecdsa";
import { checkHlsProof, generateChallenge, hlsProof, type THlsExchange, type THlsProver, type THlsVerifier } from "./security/hls";
import { acceptInvocationCounter, receiveCounterAfter, sendCounterFrom, takeInvocationCounter, type TReceiveCounter, type TSendCounter } from "./security/invocation-counter";
import type { TEccSuite } from "./security/suite";
import { decodeApduLeniently, encodeApdu, invokeByte, type TXdlmsApdu } from "./xdlms/apdu";
import { CLIENT_CONFORMANCE, type TConformanceBit } from "./xdlms/conformance";
import type { TAttributeRef, TAttributeRequest, TMethodRef, TSelectiveAccess } from "./xdlms/descriptors";
import { describeException, EXCEPTION_RESPONSE_TAG } from "./xdlms/exception";
import { readGetResult, type TGetResult } from "./xdlms/get";
import { decodeInitiateResponse, describeConfirmedServiceError, encodeInitiateRequest, readConfirmedServiceError, CONFIRMED_SERVICE_ERROR_TAG, DLMS_VERSION } from "./xdlms/initiate";
import { actionResultName, dataAccessResultName } from "./xdlms/results";

/**
 * The DLMS/COSEM client (LN referencing): associates over any channel with the client's
 * authentication and security, then reads, writes and invokes, with block transfer both ways,
 * ciphering per the client's policy, and a traffic log with secrets redacted. Every failure comes
 * back as a typed error with a sentence a person can act on.
 */
export type TMechanismKind = "none" | "lls" | "hls-gmac" | "hls-sha256" | "hls-ecdsa";
const MECHANISM_ID: Record<TMechanismKind, number> = { none: 0, lls: 1, "hls-gmac": 5, "hls-sha256": 6, "hls-ecdsa": 7 };

export interface TClientCredentials {
  clientSap: number;
  mechanism: TMechanismKind;
  /** 1: LN without ciphering; 3: LN with ciphering. */
  applicationContext: number;
  password?: Uint8Array;
  hlsSecret?: Uint8Array;
  systemTitle?: Uint8Array;
  keys?: TSecurityKeys;
  /** How requests are protected (the client's security policy); null sends them plain. */
  protection: TProtection | null;
  signing?: { suite: TEccSuite; privateKey: KeyObject; certificate?: Uint8Array };
  /** The meter's public signing key for HLS-ECDSA pass 4; otherwise taken from its certificate in the AARE. */
  meterPublicKey?: KeyObject;
  /** The first invocation counter to use (for a meter that remembers earlier ones). */
  invocationCounter?: number;
}

export type TClientError =
  | { kind: "link"; code: TLinkError["code"]; message: string }
  | { kind: "refused"; message: string; diagnostic?: number; expectedInvocationCounter?: number }
  | { kind: "data-access"; code: number; name: string; message: string }
  | { kind: "action"; code: number; name: string; message: string }
  | { kind: "exception"; message: string }
  | { kind: "security"; message: string }
  | { kind: "protocol"; message: string };

export type TClientResult<T> = { ok: true; value: T } | { ok: false; error: TClientError };

export interface TTrafficEntry {
  /** ms since the association started. */
  at: number;
  direction: "sent" | "received";
  /** The APDU as on the channel, hex, with secrets replaced by "*". */
  hex: string;
  /** Words: the decoded APDU, and for a ciphered one what it carried. */
  summary: string;
  /** For received APDUs: ms since the request. */
  durationMs?: number;
  /** Invocation counter of a ciphered APDU. */
  invocationCounter?: number;
}

export interface TConnectOptions {
  channel: TApduChannel;
  credentials: TClientCredentials;
  timeoutMs?: number;
  /** Largest APDU the client accepts; the meter cuts longer answers into blocks. */
  maxReceivePdu?: number;
  conformance?: ReadonlySet<TConformanceBit>;
  /** Open the channel first (default true). */
  openChannel?: boolean;
  now?: () => number;
  /** Every traffic entry as it is logged, for a run's evidence. */
  onTraffic?: (entry: TTrafficEntry) => void;
  /** Sends an HLS pass-3 proof with one bit changed: how a conformance test makes the meter refuse the authentication itself. */
  wrongHlsProof?: boolean;
}

const fail = <T>(error: TClientError): TClientResult<T> => ({ ok: false, error });
const linkFail = <T>(e: TLinkError): TClientResult<T> => fail({ kind: "link", code: e.code, message: e.message });

/** Replaces the LLS password in an AARQ's hex by asterisks. */
function redact(bytes: Uint8Array, secret: Uint8Array | undefined): string {
  const text = hex(bytes);
  if (!secret || secret.length === 0) return text;
  return text.split(hex(secret)).join("*".repeat(secret.length * 2));
}

export class Association {
  readonly traffic: TTrafficEntry[] = [];
  /** What the meter sent that breaks the rules but could still be read (trailing bytes, values padded). */
  readonly warnings: string[] = [];
  private invoke = 0;
  private send: TSendCounter;
  private receive: TReceiveCounter = receiveCounterAfter(null);
  private readonly started: number;
  private released = false;

  /** What the meter agreed to: conformance, its max PDU, and its system title. */
  negotiated = { conformance: new Set<TConformanceBit>(), maxPdu: 0xffff, serverSystemTitle: undefined as Uint8Array | undefined };

  constructor(
    readonly channel: TApduChannel,
    readonly credentials: TClientCredentials,
    private readonly timeoutMs: number,
    private readonly now: () => number,
    private readonly onTraffic?: (entry: TTrafficEntry) => void,
  ) {
    this.send = sendCounterFrom(credentials.invocationCounter ?? 0);
    this.started = now();
  }

  private log(direction: TTrafficEntry["direction"], bytes: Uint8Array, summary: string, extra: Partial<TTrafficEntry> = {}): void {
    const entry = { at: this.now() - this.started, direction, hex: redact(bytes, this.credentials.password), summary, ...extra };
    this.traffic.push(entry);
    this.onTraffic?.(entry);
  }

  /** The invocation counter the next protected message will use (null once exhausted). */
  get nextInvocationCounter(): number | null {
    return this.send.next;
  }

  private nextInvoke(): number {
    this.invoke = (this.invoke + 1) & 0x0f;
    return invokeByte(this.invoke);
  }

  private ciphered(): boolean {
    return this.credentials.protection !== null && this.credentials.keys !== undefined && this.credentials.systemTitle !== undefined;
  }

  /** Sends one APDU (protected per policy) and returns the meter's answer (unprotected). */
  async exchange(apdu: Uint8Array): Promise<TClientResult<Uint8Array>> {
    return this.exchangeAltered(apdu, (wire) => wire);
  }

  /**
   * Sends one APDU protected per policy, then changed by alter before it goes on the wire: how a
   * conformance test sends a tampered or malformed request that only the meter can refuse.
   */
  async exchangeAltered(apdu: Uint8Array, alter: (wire: Uint8Array) => Uint8Array): Promise<TClientResult<Uint8Array>> {
    let wire = apdu;
    let ic: number | undefined;
    if (this.ciphered()) {
      const counter = takeInvocationCounter(this.send);
      if (!counter.ok) return fail({ kind: "security", message: counter.error.message });
      this.send = counter.value.counter;
      ic = counter.value.invocationCounter;
      const p = protectApdu({ apdu, form: "glo", protection: this.credentials.protection!, systemTitle: this.credentials.systemTitle!, invocationCounter: ic, keys: this.credentials.keys! });
      if (!p.ok) return fail({ kind: "security", message: p.error.message });
      wire = p.value;
    }
    wire = alter(wire);
    this.log("sent", wire, ic !== undefined ? `${describeApdu(apdu)} [ciphered, IC ${ic}]` : describeApdu(apdu), ic !== undefined ? { invocationCounter: ic } : {});
    const sentAt = this.now();
    const r = await this.channel.exchange(wire, this.timeoutMs);
    if (!r.ok) return linkFail(r.error);
    return this.openResponse(r.value, this.now() - sentAt);
  }

  private openResponse(wire: Uint8Array, durationMs: number): TClientResult<Uint8Array> {
    const kind = describeCipheredTag(wire[0] ?? 0);
    if (!kind) {
      this.log("received", wire, describeApdu(wire), { durationMs });
      return { ok: true, value: wire };
    }
    if (!this.credentials.keys || !this.negotiated.serverSystemTitle) {
      this.log("received", wire, describeApdu(wire), { durationMs });
      return fail({ kind: "security", message: "the meter sent a ciphered APDU but this client has no keys or no server system title" });
    }
    const opened = unprotectApdu(wire, { peerSystemTitle: this.negotiated.serverSystemTitle, keys: this.credentials.keys, acceptedProtections: PROTECTIONS });
    if (!opened.ok) {
      this.log("received", wire, `ciphered APDU that does not open: ${opened.error.message}`, { durationMs });
      return fail({ kind: "security", message: `the meter's ciphered answer is refused: ${opened.error.message}` });
    }
    const ic = opened.value.invocationCounter;
    this.log("received", wire, `${describeApdu(opened.value.apdu)} [ciphered, IC ${ic}]`, { durationMs, invocationCounter: ic });
    const accepted = acceptInvocationCounter(this.receive, ic);
    if (!accepted.ok) return fail({ kind: "security", message: `the meter's invocation counter did not increase: ${accepted.error.message}` });
    this.receive = accepted.value;
    return { ok: true, value: opened.value.apdu };
  }

  private async request(apdu: TXdlmsApdu): Promise<TClientResult<TXdlmsApdu>> {
    const r = await this.exchange(encodeApdu(apdu));
    if (!r.ok) return r;
    const decoded = decodeApduLeniently(r.value);
    if (!decoded.ok) return fail({ kind: "protocol", message: `the meter's answer does not decode: ${decoded.error.message}` });
    const v = decoded.value.apdu;
    if (decoded.value.trailing > 0) this.warnings.push(`${decoded.value.trailing} bytes after the ${v.type} answering ${describeApdu(encodeApdu(apdu))}`);
    if (v.type === "exception-response") return fail({ kind: "exception", message: `the meter answered with an ${describeException(v)}` });
    if (v.type === "confirmed-service-error") return fail({ kind: "exception", message: describeConfirmedServiceError(v) });
    return { ok: true, value: v };
  }

  /** Reads one attribute; a refusal is a data-access error naming the result. */
  async get(attribute: TAttributeRef, access?: TSelectiveAccess): Promise<TClientResult<TData>> {
    const r = await this.getResult(attribute, access);
    if (!r.ok) return r;
    return r.value.ok ? { ok: true, value: r.value.data } : fail(this.accessError(r.value.code, `GET ${attribute.obis} attribute ${attribute.attribute}`));
  }

  private accessError(code: number, what: string): TClientError {
    return { kind: "data-access", code, name: dataAccessResultName(code), message: `${what} refused: ${dataAccessResultName(code)}` };
  }

  /** Reads one attribute and gives the meter's Get-Data-Result as it is, refusals included. */
  async getResult(attribute: TAttributeRef, access?: TSelectiveAccess): Promise<TClientResult<TGetResult>> {
    const invoke = this.nextInvoke();
    const r = await this.request({ type: "get-request-normal", invoke, attribute, ...(access ? { access } : {}) });
    if (!r.ok) return r;
    if (r.value.type === "get-response-normal") return { ok: true, value: r.value.result };
    if (r.value.type === "get-response-with-datablock") {
      const raw = await this.collectBlocks(r.value, invoke);
      if (!raw.ok) return raw;
      if (!raw.value.ok) return { ok: true, value: raw.value };
      const value = this.decodeValue(raw.value.raw);
      return value.ok ? { ok: true, value: { ok: true, data: value.value } } : fail({ kind: "protocol", message: `the blocks of the answer do not decode as one value: ${value.error.message}` });
    }
    return fail({ kind: "protocol", message: `a GET was answered with ${r.value.type}` });
  }

  private decodeValue(raw: Uint8Array): TClientResult<TData> {
    try {
      const reader = new ByteReader(raw);
      const v = readData(reader);
      if (!reader.done) this.warnings.push(`${reader.remaining} bytes after the value carried in GET blocks`);
      return { ok: true, value: v };
    } catch (e) {
      return fail({ kind: "protocol", message: `the value does not decode: ${(e as Error).message}` });
    }
  }

  /** Follows GET block transfer to the last block. */
  private async collectBlocks(first: Extract<TXdlmsApdu, { type: "get-response-with-datablock" }>, invoke: number): Promise<TClientResult<{ ok: true; raw: Uint8Array } | { ok: false; code: number }>> {
    const parts: Uint8Array[] = [];
    let block = first;
    for (let guard = 0; guard < 100_000; guard++) {
      if (!block.result.ok) return { ok: true, value: { ok: false, code: block.result.code } };
      parts.push(block.result.raw);
      if (block.last) {
        const w = new ByteWriter(parts.reduce((n, p) => n + p.length, 0));
        for (const p of parts) w.bytes(p);
        return { ok: true, value: { ok: true, raw: w.finish() } };
      }
      const next = await this.request({ type: "get-request-next", invoke, block: block.block });
      if (!next.ok) return next;
      if (next.value.type !== "get-response-with-datablock") return fail({ kind: "protocol", message: `a GET block was answered with ${next.value.type}` });
      if (next.value.block !== block.block + 1) return fail({ kind: "protocol", message: `block ${block.block + 1} expected, the meter sent block ${next.value.block}` });
      block = next.value;
    }
    return fail({ kind: "protocol", message: "the meter never sent a last block" });
  }

  /** Reads several attributes in one request (the meter must allow multiple references). */
  async getWithList(attributes: TAttributeRequest[]): Promise<TClientResult<TGetResult[]>> {
    const invoke = this.nextInvoke();
    const r = await this.request({ type: "get-request-with-list", invoke, attributes });
    if (!r.ok) return r;
    if (r.value.type === "get-response-with-list") return { ok: true, value: r.value.results };
    if (r.value.type === "get-response-with-datablock") {
      const raw = await this.collectBlocks(r.value, invoke);
      if (!raw.ok) return raw;
      if (!raw.value.ok) return { ok: true, value: attributes.map(() => ({ ok: false, code: (raw.value as { code: number }).code })) };
      try {
        const reader = new ByteReader(raw.value.raw);
        const n = reader.length("result count");
        const results: TGetResult[] = [];
        for (let i = 0; i < n; i++) results.push(readGetResult(reader));
        return { ok: true, value: results };
      } catch (e) {
        return fail({ kind: "protocol", message: `the blocks of a GET with list do not decode: ${(e as Error).message}` });
      }
    }
    return fail({ kind: "protocol", message: `a GET with list was answered with ${r.value.type}` });
  }

  /** Writes one attribute, in blocks when the value is longer than the meter's PDU. */
  async set(attribute: TAttributeRef, value: TData): Promise<TClientResult<void>> {
    const r = await this.setResult(attribute, value);
    if (!r.ok) return r;
    return r.value === 0 ? { ok: true, value: undefined } : fail(this.accessError(r.value, `SET ${attribute.obis} attribute ${attribute.attribute}`));
  }

  /** Writes one attribute and gives the meter's data-access-result code. */
  async setResult(attribute: TAttributeRef, value: TData): Promise<TClientResult<number>> {
    const raw = encodeData(value);
    const room = this.room();
    const invoke = this.nextInvoke();
    if (raw.length + 20 <= room) {
      const r = await this.request({ type: "set-request-normal", invoke, attribute, value });
      if (!r.ok) return r;
      return r.value.type === "set-response-normal" ? { ok: true, value: r.value.result } : fail({ kind: "protocol", message: `a SET was answered with ${r.value.type}` });
    }
    for (let at = 0, block = 1; at < raw.length; at += room, block++) {
      const part = raw.subarray(at, Math.min(raw.length, at + room));
      const last = at + room >= raw.length;
      const r = await this.request(block === 1 ? { type: "set-request-with-first-datablock", invoke, attribute, block: { last, block, raw: part } } : { type: "set-request-with-datablock", invoke, block: { last, block, raw: part } });
      if (!r.ok) return r;
      if (r.value.type === "set-response-last-datablock") return { ok: true, value: r.value.result };
      if (r.value.type === "set-response-normal") return { ok: true, value: r.value.result };
      if (r.value.type !== "set-response-datablock") return fail({ kind: "protocol", message: `a SET block was answered with ${r.value.type}` });
    }
    return fail({ kind: "protocol", message: "the meter never confirmed the last SET block" });
  }

  async setWithList(items: Array<{ attribute: TAttributeRef; value: TData }>): Promise<TClientResult<number[]>> {
    const r = await this.request({ type: "set-request-with-list", invoke: this.nextInvoke(), attributes: items.map((i) => ({ attribute: i.attribute })), values: items.map((i) => i.value) });
    if (!r.ok) return r;
    return r.value.type === "set-response-with-list" ? { ok: true, value: r.value.results } : fail({ kind: "protocol", message: `a SET with list was answered with ${r.value.type}` });
  }

  /** Invokes a method; the value it returns, if any. */
  async action(method: TMethodRef, parameters?: TData): Promise<TClientResult<TData | undefined>> {
    const r = await this.actionResult(method, parameters);
    if (!r.ok) return r;
    if (r.value.result !== 0) {
      const name = actionResultName(r.value.result);
      return fail({ kind: "action", code: r.value.result, name, message: `ACTION ${method.obis} method ${method.method} refused: ${name}` });
    }
    return { ok: true, value: r.value.returned };
  }

  /** Invokes a method and gives the meter's action-result code and returned value. */
  async actionResult(method: TMethodRef, parameters?: TData): Promise<TClientResult<{ result: number; returned?: TData }>> {
    const invoke = this.nextInvoke();
    const raw = parameters ? encodeData(parameters) : new Uint8Array();
    const room = this.room();
    let r: TClientResult<TXdlmsApdu>;
    if (raw.length + 20 <= room) {
      r = await this.request({ type: "action-request-normal", invoke, method, ...(parameters ? { parameters } : {}) });
    } else {
      r = fail({ kind: "protocol", message: "no blocks sent" });
      for (let at = 0, block = 1; at < raw.length; at += room, block++) {
        const part = raw.subarray(at, Math.min(raw.length, at + room));
        const last = at + room >= raw.length;
        r = await this.request(block === 1 ? { type: "action-request-with-first-pblock", invoke, method, block: { last, block, raw: part } } : { type: "action-request-with-pblock", invoke, block: { last, block, raw: part } });
        if (!r.ok || r.value.type !== "action-response-next-pblock") break;
      }
    }
    if (!r.ok) return r;
    if (r.value.type !== "action-response-normal") return fail({ kind: "protocol", message: `an ACTION was answered with ${r.value.type}` });
    const o = r.value.outcome;
    return { ok: true, value: o.returned?.ok ? { result: o.result, returned: o.returned.data } : { result: o.result } };
  }

  private room(): number {
    return Math.max(32, this.negotiated.maxPdu - (this.ciphered() ? 40 : 20));
  }

  /** The object list of the current association, decoded. */
  async objectList(): Promise<TClientResult<TObjectListEntry[]>> {
    const r = await this.get({ classId: 15, obis: "0-0:40.0.0.255", attribute: 2 });
    if (!r.ok) return r;
    const { entries, problems } = decodeObjectList(r.value);
    if (problems.length > 0) return fail({ kind: "protocol", message: `the object list is malformed: ${problems.slice(0, 3).join("; ")}` });
    return { ok: true, value: entries };
  }

  /** Releases the association (RLRQ) and closes the channel. */
  async release(): Promise<TClientResult<void>> {
    if (this.released) return { ok: true, value: undefined };
    this.released = true;
    const rlrq = encodeRlrq({ reason: 0 });
    this.log("sent", rlrq, describeApdu(rlrq));
    const sentAt = this.now();
    const r = await this.channel.exchange(rlrq, this.timeoutMs);
    await this.channel.close();
    if (!r.ok) return linkFail(r.error);
    this.log("received", r.value, describeApdu(r.value), { durationMs: this.now() - sentAt });
    if (r.value[0] !== RLRE_TAG) return fail({ kind: "protocol", message: `the release was answered with ${describeApdu(r.value)}` });
    return { ok: true, value: undefined };
  }

  /** Closes the channel without a release (after a refusal, or to abort). */
  async abort(): Promise<void> {
    this.released = true;
    await this.channel.close();
  }

  /**
   * Sends the AARQ (and HLS pass 3) and reads the AARE. A meter that refuses the invocation counter
   * and names the lowest it accepts (invocation-counter-error) is asked once more from that counter,
   * as a head end resynchronises.
   */
  async associate(options: TConnectOptions): Promise<TClientResult<void>> {
    const first = await this.associateOnce(options);
    if (first.ok || this.credentials.invocationCounter !== undefined) return first;
    const expected = this.expectedCounter;
    if (expected === undefined) return first;
    this.send = sendCounterFrom(expected);
    this.expectedCounter = undefined;
    return this.associateOnce(options);
  }

  /** The lowest invocation counter a refusing meter named, for one retry. */
  private expectedCounter: number | undefined;

  private async associateOnce(options: TConnectOptions): Promise<TClientResult<void>> {
    const c = options.credentials;
    const mechanism = MECHANISM_ID[c.mechanism];
    const hls = mechanism >= 5;
    const clientChallenge = hls ? generateChallenge(16) : undefined;
    const initiate = encodeInitiateRequest({
      responseAllowed: true,
      dlmsVersion: DLMS_VERSION,
      conformance: new Set(options.conformance ?? CLIENT_CONFORMANCE),
      maxReceivePduSize: options.maxReceivePdu ?? 0xffff,
    });
    let userInformation = initiate;
    const cipheredContext = c.applicationContext === 3;
    if (cipheredContext) {
      if (!c.keys || !c.systemTitle) return fail({ kind: "security", message: "a ciphered application context needs the client's system title and keys" });
      const counter = takeInvocationCounter(this.send);
      if (!counter.ok) return fail({ kind: "security", message: counter.error.message });
      this.send = counter.value.counter;
      const p = protectApdu({ apdu: initiate, form: "glo", protection: c.protection ?? "authenticated-encrypted", systemTitle: c.systemTitle, invocationCounter: counter.value.invocationCounter, keys: c.keys });
      if (!p.ok) return fail({ kind: "security", message: p.error.message });
      userInformation = p.value;
    }
    const aarq = encodeAarq({
      applicationContext: c.applicationContext,
      ...(cipheredContext || hls ? (c.systemTitle ? { callingApTitle: c.systemTitle } : {}) : {}),
      ...(mechanism === 7 && c.signing?.certificate ? { callingAeQualifier: c.signing.certificate } : {}),
      mechanism,
      ...(mechanism === 1 && c.password ? { authenticationValue: c.password } : {}),
      ...(clientChallenge ? { authenticationValue: clientChallenge } : {}),
      userInformation,
    });
    this.log("sent", aarq, describeApdu(aarq));
    const sentAt = this.now();
    const r = await this.channel.exchange(aarq, this.timeoutMs);
    if (!r.ok) return linkFail(r.error);
    this.log("received", r.value, describeApdu(r.value), { durationMs: this.now() - sentAt });
    const aare = decodeAare(r.value);
    if (!aare.ok) {
      const x = r.value[0] === EXCEPTION_RESPONSE_TAG ? decodeApduLeniently(r.value) : undefined;
      if (x?.ok && x.value.apdu.type === "exception-response" && x.value.apdu.invocationCounter !== undefined) this.expectedCounter = x.value.apdu.invocationCounter;
      const what = r.value[0] === AARE_TAG ? `a malformed AARE (${aare.error.message})` : describeApdu(r.value);
      const hint = /invocation-counter/.test(what) ? "; start from the meter's invocation counter (--invocation-counter)" : "";
      return fail({ kind: "refused", message: `association refused: the meter answered the AARQ with ${what}${hint}`, ...(this.expectedCounter !== undefined ? { expectedInvocationCounter: this.expectedCounter } : {}) });
    }
    const a = aare.value;
    if (a.result !== "accepted") {
      let detail = "";
      if (a.userInformation?.[0] === CONFIRMED_SERVICE_ERROR_TAG) {
        try {
          detail = ` (${describeConfirmedServiceError(readConfirmedServiceError(new ByteReader(a.userInformation)))})`;
        } catch {
          detail = "";
        }
      }
      return fail({ kind: "refused", diagnostic: a.diagnostic.value, message: `association refused: ${refusalMessage(a.diagnostic)}${detail}` });
    }
    if (a.respondingApTitle) this.negotiated.serverSystemTitle = a.respondingApTitle;
    let initiateResponse = a.userInformation;
    if (initiateResponse && describeCipheredTag(initiateResponse[0] ?? 0)) {
      if (!c.keys || !a.respondingApTitle) return fail({ kind: "security", message: "the AARE is ciphered but gives no server system title" });
      const opened = unprotectApdu(initiateResponse, { peerSystemTitle: a.respondingApTitle, keys: c.keys, acceptedProtections: PROTECTIONS });
      if (!opened.ok) return fail({ kind: "security", message: `the meter's ciphered initiate response is refused: ${opened.error.message}` });
      initiateResponse = opened.value.apdu;
      this.receive = receiveCounterAfter(opened.value.invocationCounter);
    }
    if (!initiateResponse) return fail({ kind: "protocol", message: "the AARE carries no xDLMS initiate response" });
    const ir = decodeInitiateResponse(initiateResponse);
    if (!ir.ok) return fail({ kind: "protocol", message: `the xDLMS initiate response does not decode: ${ir.error.message}` });
    this.negotiated.conformance = ir.value.conformance;
    this.negotiated.maxPdu = ir.value.maxReceivePduSize;
    if (!hls) return { ok: true, value: undefined };
    if (a.diagnostic.value !== USER_DIAGNOSTIC.authenticationRequired && a.diagnostic.value !== USER_DIAGNOSTIC.null) {
      return fail({ kind: "protocol", message: `HLS: the AARE diagnostic is ${refusalMessage(a.diagnostic)}, expected "authentication required"` });
    }
    if (!a.authenticationValue || !a.respondingApTitle || !clientChallenge || !c.systemTitle) {
      return fail({ kind: "protocol", message: "HLS: the AARE lacks the server challenge or system title" });
    }
    return this.passThree(c, {
      clientSystemTitle: c.systemTitle,
      serverSystemTitle: a.respondingApTitle,
      clientChallenge,
      serverChallenge: a.authenticationValue,
    }, a.respondingAeQualifier, options.wrongHlsProof === true);
  }

  private async passThree(c: TClientCredentials, exchange: THlsExchange, serverCertificate: Uint8Array | undefined, wrongProof: boolean): Promise<TClientResult<void>> {
    const suite = c.keys?.suite ?? 0;
    let prover: THlsProver;
    let verifier: THlsVerifier;
    if (c.mechanism === "hls-gmac") {
      if (!c.keys) return fail({ kind: "security", message: "HLS-GMAC needs the client's keys" });
      const counter = takeInvocationCounter(this.send);
      if (!counter.ok) return fail({ kind: "security", message: counter.error.message });
      this.send = counter.value.counter;
      prover = { mechanism: "gmac", suite, encryptionKey: c.keys.unicastKey, authenticationKey: c.keys.authenticationKey, invocationCounter: counter.value.invocationCounter };
      verifier = { mechanism: "gmac", suite, encryptionKey: c.keys.unicastKey, authenticationKey: c.keys.authenticationKey };
    } else if (c.mechanism === "hls-sha256") {
      if (!c.hlsSecret) return fail({ kind: "security", message: "HLS-SHA256 needs the HLS secret" });
      prover = { mechanism: "sha256", secret: c.hlsSecret };
      verifier = prover;
    } else {
      if (!c.signing) return fail({ kind: "security", message: "HLS-ECDSA needs the client's signing key" });
      let meterKey = c.meterPublicKey;
      if (!meterKey && serverCertificate) {
        try {
          const spki = new X509Certificate(Buffer.from(serverCertificate)).publicKey.export({ type: "spki", format: "der" });
          const k = publicKeyFromSpki(c.signing.suite, new Uint8Array(spki));
          if (k.ok) meterKey = k.value;
        } catch {
          meterKey = undefined;
        }
      }
      if (!meterKey) return fail({ kind: "security", message: "HLS-ECDSA: the meter's public key is neither in the secrets nor in the AARE" });
      prover = { mechanism: "ecdsa", suite: c.signing.suite, privateKey: c.signing.privateKey };
      verifier = { mechanism: "ecdsa", suite: c.signing.suite, publicKey: meterKey };
    }
    const proof = hlsProof("client", exchange, prover);
    if (!proof.ok) return fail({ kind: "security", message: `HLS pass 3: ${proof.error.message}` });
    const sent = wrongProof ? Uint8Array.from(proof.value, (b, i) => (i === proof.value.length - 1 ? b ^ 0x01 : b)) : proof.value;
    const r = await this.actionResult({ classId: 15, obis: "0-0:40.0.0.255", method: 1 }, d.octets(sent));
    if (!r.ok) return r;
    if (r.value.result !== 0) return fail({ kind: "refused", message: `association refused: HLS pass 3 not accepted (${actionResultName(r.value.result)}): wrong secret or key` });
    const answer = r.value.returned;
    if (answer?.type !== "octet-string") return fail({ kind: "protocol", message: "HLS pass 4: the meter returned no f(CtoS)" });
    const checked = checkHlsProof("server", exchange, verifier, answer.value);
    if (!checked.ok) return fail({ kind: "security", message: `HLS pass 4: the meter's answer does not verify (${checked.error.message})` });
    return { ok: true, value: undefined };
  }

  /** One line per APDU of the traffic, for people. */
  static describe(entry: TTrafficEntry): string {
    return `${String(entry.at).padStart(6)} ms ${entry.direction === "sent" ? "→" : "←"} ${entry.summary}${entry.durationMs !== undefined ? ` (${entry.durationMs} ms)` : ""}`;
  }
}

function refusalMessage(diagnostic: { source: "user" | "provider"; value: number }): string {
  const table = diagnostic.source === "user" ? ACSE_USER_DIAGNOSTICS : ACSE_PROVIDER_DIAGNOSTICS;
  return table[diagnostic.value] ?? `diagnostic ${diagnostic.value}`;
}

/** Opens the channel and associates; the association is ready for requests when this resolves ok. */
export async function connect(options: TConnectOptions): Promise<TClientResult<Association>> {
  const { channel, credentials } = options;
  const timeoutMs = options.timeoutMs ?? 5000;
  const now = options.now ?? Date.now;
  if (options.openChannel !== false) {
    const opened = await channel.open(timeoutMs);
    if (!opened.ok) return linkFail(opened.error);
  }
  const association = new Association(channel, credentials, timeoutMs, now, options.onTraffic);
  const outcome = await association.associate(options);
  if (!outcome.ok) {
    await association.abort();
    return outcome;
  }
  return { ok: true, value: association };
}

