import { d } from "../../dlms/axdr/data";
import { AARQ_TAG, decodeRlrq, encodeRlre, RLRQ_TAG } from "../../dlms/acse/association";
import type { TPeerAddress, TServerLink, TServerSession } from "../../dlms/channel";
import { describeCipheredTag, protectApdu, unprotectApdu, type TCipheredForm } from "../../dlms/security/ciphered-apdu";
import { protectionsMeeting, type TProtection } from "../../dlms/security/control";
import { checkHlsProof, hlsProof, type THlsExchange, type THlsProver, type THlsVerifier } from "../../dlms/security/hls";
import { takeInvocationCounter } from "../../dlms/security/invocation-counter";
import { decodeApdu, encodeApdu, type TXdlmsApdu } from "../../dlms/xdlms/apdu";
import { SERVICE_ERRORS, STATE_ERRORS } from "../../dlms/xdlms/exception";
import { RESULT } from "../meter/object";
import type { Simulator } from "../simulator";
import { handleAarq, type TAssociationParameters } from "./acse";
import { METER_CONFORMANCE } from "../values/associations";
import type { TProfileClient } from "../../profile/schema";
import { serveAction, serveGet, serveSet, type TLongTransfers, type TServeContext } from "./serve";

type TState = { kind: "idle" } | { kind: "pending-hls"; parameters: TAssociationParameters } | { kind: "associated"; parameters: TAssociationParameters };

const exception = (stateError: number, serviceError: number, invocationCounter?: number): Uint8Array =>
  encodeApdu({ type: "exception-response", stateError, serviceError, ...(invocationCounter !== undefined ? { invocationCounter } : {}) });

/** Bytes ciphering adds to a service-specific APDU: tag, length (up to 3), SC, IC, GCM tag. */
const CIPHERING_OVERHEAD = 1 + 3 + 1 + 4 + 12;

/**
 * One connection to the simulated meter: at most one association at a time, opened by AARQ
 * (and HLS pass 3/4 where the client's mechanism asks for it), closed by RLRQ or by the link.
 */
export class AssociationSession implements TServerSession {
  private state: TState = { kind: "idle" };
  private readonly long: TLongTransfers = {};
  private form: TCipheredForm = "glo";

  constructor(
    private readonly sim: Simulator,
    private readonly link: TServerLink,
  ) {}

  accept(address: TPeerAddress): boolean {
    const client = this.sim.clientOnSap(address.clientSap);
    const ok = client !== undefined && address.logicalDevice === 1;
    if (!ok) this.sim.log(`${this.link.remote}: refused client SAP ${address.clientSap} to logical device ${address.logicalDevice}`);
    return ok;
  }

  closed(reason: string): void {
    if (this.state.kind !== "idle") this.sim.log(`${this.link.remote}: ${this.state.parameters.client.name} association ended: ${reason}`);
    this.state = { kind: "idle" };
  }

  handle(apdu: Uint8Array, address: TPeerAddress): Uint8Array[] {
    const tag = apdu[0];
    if (tag === undefined) return [];
    if (tag === AARQ_TAG) return [this.associate(apdu, address)];
    if (tag === RLRQ_TAG) return [this.release(apdu)];
    const preEstablished = this.sim.clientOnSap(address.clientSap);
    if (preEstablished?.association === "pre-established") return this.broadcast(apdu, preEstablished);
    if (this.state.kind === "idle") return [exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["operation-not-possible"])];
    const parameters = this.state.parameters;
    const opened = this.open(apdu, parameters);
    if ("refusal" in opened) return [opened.refusal];
    const decoded = decodeApdu(opened.apdu);
    if (!decoded.ok) {
      this.sim.log(`${parameters.client.name}: APDU refused: ${decoded.error.message}`);
      return [this.wrap(exception(STATE_ERRORS["service-unknown"], SERVICE_ERRORS["service-not-supported"]), parameters, opened.protection)];
    }
    const response = this.serve(decoded.value, parameters, opened.protection);
    const wrapped = response ? [this.wrap(response, parameters, opened.protection)] : [];
    this.sim.security.commitKeys();
    return wrapped;
  }

  /**
   * A request of a pre-established client (the Broadcast client): no AARQ comes first, and the
   * meter never answers (the request reaches many meters at once). Only an APDU ciphered with the
   * global broadcast key and meeting the client's policy is served; anything else is dropped, and
   * a tampered or replayed one is recorded like any other.
   */
  private broadcast(apdu: Uint8Array, client: TProfileClient): Uint8Array[] {
    const state = this.sim.security.state(client.id);
    const systemTitle = state?.material.systemTitle;
    if (!describeCipheredTag(apdu[0]!) || !state?.keys?.broadcastKey || !systemTitle) {
      this.sim.log(`${this.link.remote}: ${client.name}: APDU dropped: a pre-established client's requests are ciphered with the broadcast key`);
      return [];
    }
    const opened = unprotectApdu(apdu, {
      peerSystemTitle: systemTitle,
      keys: state.keys,
      acceptedProtections: protectionsMeeting(client.securityPolicy.id),
      ...(this.sim.deviations.has("invocation-counter-not-increasing") ? {} : { receiveCounter: state.receive }),
    });
    if (!opened.ok) {
      this.sim.log(`${client.name}: broadcast APDU dropped: ${opened.error.message}`);
      this.sim.meter.raise(opened.error.code === "replayed" ? "replay" : "deciphering-failed");
      return [];
    }
    if (!opened.value.control.broadcastKey) {
      this.sim.log(`${client.name}: APDU dropped: ciphered with the unicast key, not the broadcast key`);
      return [];
    }
    if (opened.value.receiveCounter) state.receive = opened.value.receiveCounter;
    const decoded = decodeApdu(opened.value.apdu);
    if (!decoded.ok) {
      this.sim.log(`${client.name}: broadcast APDU dropped: ${decoded.error.message}`);
      return [];
    }
    const parameters: TAssociationParameters = {
      client,
      context: client.applicationContext.id,
      mechanism: client.authentication.mechanismId,
      conformance: new Set(METER_CONFORMANCE),
      maxSendPdu: this.sim.maxReceivePdu,
      ciphering: { keys: state.keys, clientSystemTitle: systemTitle, protection: opened.value.protection },
    };
    this.serve(decoded.value, parameters, opened.value.protection);
    this.sim.security.commitKeys();
    this.sim.log(`${client.name}: broadcast ${decoded.value.type} served, not answered`);
    return [];
  }

  private associate(apdu: Uint8Array, address: TPeerAddress): Uint8Array {
    const client = this.sim.clientOnSap(address.clientSap);
    if (!client) return exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["operation-not-possible"]);
    const outcome = handleAarq(apdu, {
      client,
      security: this.sim.security,
      maxReceivePdu: this.sim.maxReceivePdu,
      acceptAnyPassword: this.sim.deviations.has("lls-accepts-any-password"),
      checkCounter: !this.sim.deviations.has("invocation-counter-not-increasing"),
    });
    if (!outcome.accepted) {
      this.sim.log(`${this.link.remote}: ${client.name} association refused: ${outcome.reason}`);
      if (outcome.authenticationFailure) this.sim.meter.raise("authentication-failed");
      if (outcome.replay) this.sim.meter.raise("replay");
      this.state = { kind: "idle" };
      return outcome.aare;
    }
    this.state = outcome.pendingHls ? { kind: "pending-hls", parameters: outcome.parameters } : { kind: "associated", parameters: outcome.parameters };
    this.form = "glo";
    this.sim.log(`${this.link.remote}: ${client.name} associated on SAP ${address.clientSap}${outcome.pendingHls ? ", waiting for HLS pass 3" : ""}`);
    return outcome.aare;
  }

  private release(apdu: Uint8Array): Uint8Array {
    if (!decodeRlrq(apdu).ok) this.sim.log(`${this.link.remote}: malformed release request, released anyway`);
    if (this.state.kind !== "idle") this.sim.log(`${this.link.remote}: ${this.state.parameters.client.name} released`);
    this.state = { kind: "idle" };
    return encodeRlre({ reason: 0 });
  }

  /** Unwraps a ciphered request, or checks that a plain one is allowed by the client's policy. */
  private open(apdu: Uint8Array, p: TAssociationParameters): { apdu: Uint8Array; protection: TProtection | null } | { refusal: Uint8Array } {
    const kind = describeCipheredTag(apdu[0]!);
    const state = this.sim.security.state(p.client.id);
    if (!kind) return { apdu, protection: null };
    if (!p.ciphering || !state?.keys) return { refusal: exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["deciphering-error"]) };
    const repeatsAllowed = this.sim.deviations.has("invocation-counter-not-increasing");
    const opened = unprotectApdu(apdu, {
      peerSystemTitle: p.ciphering.clientSystemTitle,
      keys: state.keys,
      acceptedProtections: protectionsMeeting(p.client.securityPolicy.id),
      ...(repeatsAllowed ? {} : { receiveCounter: state.receive }),
    });
    if (!opened.ok) {
      this.sim.log(`${p.client.name}: ciphered APDU refused: ${opened.error.message}`);
      if (opened.error.code === "replayed" || opened.error.code === "counter-exhausted") {
        this.sim.meter.raise("replay");
        return { refusal: exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["invocation-counter-error"], this.sim.security.minimumInvocationCounter(p.client.id)) };
      }
      this.sim.meter.raise("deciphering-failed");
      return { refusal: exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["deciphering-error"]) };
    }
    if (opened.value.receiveCounter) state.receive = opened.value.receiveCounter;
    this.form = opened.value.form;
    return { apdu: opened.value.apdu, protection: opened.value.protection };
  }

  /** Protects a response like the request it answers; plain when the request was plain. */
  private wrap(response: Uint8Array, p: TAssociationParameters, protection: TProtection | null): Uint8Array {
    const state = this.sim.security.state(p.client.id);
    if (protection === null || !p.ciphering || !state?.keys) return response;
    const repeat = this.sim.deviations.has("invocation-counter-not-increasing");
    const counter = takeInvocationCounter(state.send);
    if (!counter.ok) return exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["invocation-counter-error"]);
    if (!repeat) state.send = counter.value.counter;
    const form = this.form === "ded" || this.form === "general-ded" ? "glo" : this.form;
    const wrapped = protectApdu({ apdu: response, form, protection, systemTitle: this.sim.security.meter.systemTitle, invocationCounter: counter.value.invocationCounter, keys: state.keys });
    return wrapped.ok ? wrapped.value : response;
  }

  private serve(apdu: TXdlmsApdu, p: TAssociationParameters, protection: TProtection | null): Uint8Array | null {
    const violated = protection === null && p.client.securityPolicy.id !== "none" && p.ciphering !== undefined && !this.sim.deviations.has("unciphered-accepted");
    const ctx: TServeContext = { sim: this.sim, association: p, overhead: protection ? CIPHERING_OVERHEAD : 0, protectionViolated: violated };
    if (this.state.kind === "pending-hls") return this.passThree(apdu, p);
    switch (apdu.type) {
      case "get-request-normal":
      case "get-request-next":
      case "get-request-with-list":
        if (!p.conformance.has("get")) return exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["service-not-supported"]);
        return encodeApdu(serveGet(ctx, apdu, this.long));
      case "set-request-normal":
      case "set-request-with-first-datablock":
      case "set-request-with-datablock":
      case "set-request-with-list":
        if (!p.conformance.has("set")) return exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["service-not-supported"]);
        return encodeApdu(serveSet(ctx, apdu, this.long));
      case "action-request-normal":
      case "action-request-next-pblock":
      case "action-request-with-first-pblock":
      case "action-request-with-pblock":
        if (!p.conformance.has("action")) return exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["service-not-supported"]);
        return encodeApdu(serveAction(ctx, apdu, this.long));
      default:
        return exception(STATE_ERRORS["service-unknown"], SERVICE_ERRORS["service-not-supported"]);
    }
  }

  /** HLS pass 3 and 4: the only request an association waiting for authentication may make. */
  private passThree(apdu: TXdlmsApdu, p: TAssociationParameters): Uint8Array {
    const own = p.client.associationObject.obis;
    const isReply =
      apdu.type === "action-request-normal" && apdu.method.classId === 15 && apdu.method.method === 1 && (apdu.method.obis === "0-0:40.0.0.255" || apdu.method.obis === own);
    if (!isReply) {
      this.sim.log(`${p.client.name}: request refused before HLS pass 3`);
      return apdu.type.startsWith("get")
        ? encodeApdu({ type: "get-response-normal", invoke: "invoke" in apdu ? apdu.invoke : 0xc1, result: { ok: false, code: RESULT.readWriteDenied } })
        : exception(STATE_ERRORS["service-not-allowed"], SERVICE_ERRORS["operation-not-possible"]);
    }
    const proof = apdu.parameters?.type === "octet-string" ? apdu.parameters.value : null;
    const outcome = proof ? this.checkPassThree(p, proof) : null;
    if (!outcome) {
      this.sim.log(`${p.client.name}: HLS pass 3 refused: wrong secret or key`);
      this.sim.meter.raise("authentication-failed");
      this.state = { kind: "idle" };
      return encodeApdu({ type: "action-response-normal", invoke: apdu.invoke, outcome: { result: RESULT.otherReason } });
    }
    this.state = { kind: "associated", parameters: p };
    this.sim.log(`${p.client.name}: HLS pass 3 and 4 done, association open`);
    return encodeApdu({ type: "action-response-normal", invoke: apdu.invoke, outcome: { result: 0, returned: { ok: true, data: d.octets(outcome) } } });
  }

  /** Checks the client's f(StoC) and returns the meter's f(CtoS), or null when the proof is wrong. */
  private checkPassThree(p: TAssociationParameters, proof: Uint8Array): Uint8Array | null {
    const state = this.sim.security.state(p.client.id);
    if (!state || !p.hls) return null;
    const exchange: THlsExchange = {
      clientSystemTitle: p.hls.clientSystemTitle,
      serverSystemTitle: this.sim.security.meter.systemTitle,
      clientChallenge: p.hls.clientChallenge,
      serverChallenge: p.hls.serverChallenge,
    };
    const suite = p.client.securitySuite ?? 0;
    let verifier: THlsVerifier;
    let prover: THlsProver;
    if (p.mechanism === 5 && state.keys) {
      const counter = takeInvocationCounter(state.send);
      if (!counter.ok) return null;
      state.send = counter.value.counter;
      verifier = { mechanism: "gmac", suite, encryptionKey: state.keys.unicastKey, authenticationKey: state.keys.authenticationKey };
      prover = { mechanism: "gmac", suite, encryptionKey: state.keys.unicastKey, authenticationKey: state.keys.authenticationKey, invocationCounter: counter.value.invocationCounter };
    } else if (p.mechanism === 6 && state.hlsSecret) {
      verifier = { mechanism: "sha256", secret: state.hlsSecret };
      prover = verifier;
    } else if (p.mechanism === 7 && state.material.signing) {
      const own = this.sim.security.meter.signing.get(state.material.signing.suite);
      if (!own) return null;
      verifier = { mechanism: "ecdsa", suite: state.material.signing.suite, publicKey: state.material.signing.publicKey };
      prover = { mechanism: "ecdsa", suite: state.material.signing.suite, privateKey: own.privateKey };
    } else return null;
    const checked = checkHlsProof("client", exchange, verifier, proof);
    if (!checked.ok) return null;
    const answer = hlsProof("server", exchange, prover);
    return answer.ok ? answer.value : null;
  }
}
