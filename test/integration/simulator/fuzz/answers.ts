import { AARE_TAG, decodeAare, decodeRlre, RLRE_TAG } from "@/lib/dlms/acse/association";
import { describeCipheredTag, unprotectApdu, type TSecurityKeys } from "@/lib/dlms/security/ciphered-apdu";
import { PROTECTIONS } from "@/lib/dlms/security/control";
import { decodeApdu } from "@/lib/dlms/xdlms/apdu";

/**
 * The fuzz oracle for a session's answers: whatever came in, `handle` gives an array of APDUs, each
 * of which our own decoders read whole (AARE, RLRE or xDLMS; ciphered ones, where the client's keys
 * are known, open to such an APDU, their invocation counters rising).
 */
export type TOpener = (apdu: Uint8Array) => Uint8Array | string;

/** Opens the meter's ciphered answers to one client, checking that its invocation counter only rises. */
export function cipheredAnswers(keys: TSecurityKeys, meterSystemTitle: Uint8Array): TOpener {
  let last = -1;
  return (apdu) => {
    const opened = unprotectApdu(apdu, { peerSystemTitle: meterSystemTitle, keys, acceptedProtections: PROTECTIONS });
    if (!opened.ok) return `a ciphered answer does not open (${opened.error.message})`;
    if (opened.value.invocationCounter <= last) return `the meter's invocation counter went from ${last} to ${opened.value.invocationCounter}`;
    last = opened.value.invocationCounter;
    return opened.value.apdu;
  };
}

function apduProblem(apdu: Uint8Array, opener: TOpener | undefined): string | undefined {
  const tag = apdu[0]!;
  if (tag === AARE_TAG) {
    const aare = decodeAare(apdu);
    return aare.ok ? undefined : `an AARE that does not decode (${aare.error.message})`;
  }
  if (tag === RLRE_TAG) {
    const rlre = decodeRlre(apdu);
    return rlre.ok ? undefined : `an RLRE that does not decode (${rlre.error.message})`;
  }
  if (describeCipheredTag(tag)) {
    // Without the client's keys there is nothing to open it with (a session waiting for HLS pass 3 ciphers its refusals).
    if (!opener) return undefined;
    const plain = opener(apdu);
    return typeof plain === "string" ? plain : apduProblem(plain, undefined);
  }
  const decoded = decodeApdu(apdu);
  return decoded.ok ? undefined : `an answer that does not decode (${decoded.error.message})`;
}

/** What is wrong with what `handle` returned, or undefined when nothing is. */
export function answersProblem(answers: unknown, opener: TOpener | undefined): string | undefined {
  if (!Array.isArray(answers)) return `handle returned ${typeof answers}, not an array`;
  for (const a of answers) {
    if (!(a instanceof Uint8Array)) return "an answer is not a byte array";
    if (a.length === 0) return "an empty answer";
    const problem = apduProblem(a, opener);
    if (problem) return `${problem}: ${Buffer.from(a).toString("hex")}`;
  }
  return undefined;
}
