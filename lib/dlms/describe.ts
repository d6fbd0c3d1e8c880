import { decodeAare, decodeAarq, AARE_TAG, AARQ_TAG, RLRE_TAG, RLRQ_TAG } from "./acse/association";
import { ACSE_PROVIDER_DIAGNOSTICS, ACSE_USER_DIAGNOSTICS, MECHANISM_NAMES } from "./acse/names";
import { formatData } from "./axdr/format";
import { describeCipheredTag } from "./security/ciphered-apdu";
import { decodeApdu, type TXdlmsApdu } from "./xdlms/apdu";
import { describeAttribute, describeMethod } from "./xdlms/descriptors";
import { describeException } from "./xdlms/exception";
import { describeConfirmedServiceError } from "./xdlms/initiate";
import { actionResultName, dataAccessResultName } from "./xdlms/results";

/**
 * One line of words for an APDU, for traffic logs, evidence and the inspect command. It never
 * shows a secret: LLS passwords and HLS challenges are not printed.
 */
export function describeXdlms(apdu: TXdlmsApdu): string {
  const result = (r: { ok: true; data: import("./axdr/data").TData } | { ok: false; code: number }) => (r.ok ? formatData(r.data, 4) : dataAccessResultName(r.code));
  switch (apdu.type) {
    case "get-request-normal":
      return `GET ${describeAttribute(apdu.attribute)}${apdu.access ? ` with selective access ${apdu.access.selector}` : ""}`;
    case "get-request-next":
      return `GET next block ${apdu.block}`;
    case "get-request-with-list":
      return `GET with list of ${apdu.attributes.length}: ${apdu.attributes.slice(0, 3).map((a) => describeAttribute(a.attribute)).join("; ")}${apdu.attributes.length > 3 ? "; …" : ""}`;
    case "get-response-normal":
      return `GET response: ${result(apdu.result)}`;
    case "get-response-with-datablock":
      return `GET response block ${apdu.block}${apdu.last ? " (last)" : ""}: ${apdu.result.ok ? `${apdu.result.raw.length} bytes` : dataAccessResultName(apdu.result.code)}`;
    case "get-response-with-list":
      return `GET response with list: ${apdu.results.map(result).join("; ")}`;
    case "set-request-normal":
      return `SET ${describeAttribute(apdu.attribute)} = ${formatData(apdu.value, 4)}`;
    case "set-request-with-first-datablock":
      return `SET ${describeAttribute(apdu.attribute)}, first block (${apdu.block.raw.length} bytes)`;
    case "set-request-with-datablock":
      return `SET block ${apdu.block.block}${apdu.block.last ? " (last)" : ""}`;
    case "set-request-with-list":
      return `SET with list of ${apdu.attributes.length}`;
    case "set-response-normal":
      return `SET response: ${dataAccessResultName(apdu.result)}`;
    case "set-response-datablock":
      return `SET response: block ${apdu.block} received`;
    case "set-response-last-datablock":
      return `SET response: ${dataAccessResultName(apdu.result)} after block ${apdu.block}`;
    case "set-response-with-list":
      return `SET response with list: ${apdu.results.map(dataAccessResultName).join("; ")}`;
    case "action-request-normal":
      return `ACTION ${describeMethod(apdu.method)}${apdu.parameters ? ` (${formatData(apdu.parameters, 4)})` : ""}`;
    case "action-request-next-pblock":
      return `ACTION next block ${apdu.block}`;
    case "action-request-with-first-pblock":
      return `ACTION ${describeMethod(apdu.method)}, first block`;
    case "action-request-with-pblock":
      return `ACTION block ${apdu.block.block}${apdu.block.last ? " (last)" : ""}`;
    case "action-response-normal":
      return `ACTION response: ${actionResultName(apdu.outcome.result)}${apdu.outcome.returned ? `, returns ${result(apdu.outcome.returned)}` : ""}`;
    case "action-response-with-pblock":
      return `ACTION response block ${apdu.block.block}`;
    case "action-response-next-pblock":
      return `ACTION response: block ${apdu.block} received`;
    case "exception-response":
      return describeException(apdu);
    case "confirmed-service-error":
      return describeConfirmedServiceError(apdu);
    case "data-notification":
      return `data-notification: ${formatData(apdu.body, 4)}`;
    case "event-notification":
      return `event-notification ${describeAttribute(apdu.attribute)} = ${formatData(apdu.value, 4)}`;
  }
}

export function describeApdu(bytes: Uint8Array): string {
  const tag = bytes[0];
  if (tag === undefined) return "(empty)";
  if (tag === AARQ_TAG) {
    const a = decodeAarq(bytes);
    return a.ok ? `AARQ: context ${a.value.applicationContext}, ${MECHANISM_NAMES[a.value.mechanism ?? 0] ?? `mechanism ${a.value.mechanism}`}` : `AARQ (undecodable: ${a.error.message})`;
  }
  if (tag === AARE_TAG) {
    const a = decodeAare(bytes);
    if (!a.ok) return `AARE (undecodable: ${a.error.message})`;
    const table = a.value.diagnostic.source === "user" ? ACSE_USER_DIAGNOSTICS : ACSE_PROVIDER_DIAGNOSTICS;
    return `AARE: ${a.value.result}, ${table[a.value.diagnostic.value] ?? `diagnostic ${a.value.diagnostic.value}`}`;
  }
  if (tag === RLRQ_TAG) return "RLRQ: release request";
  if (tag === RLRE_TAG) return "RLRE: release response";
  const ciphered = describeCipheredTag(tag);
  if (ciphered) return `${ciphered.form}-ciphered APDU (tag 0x${tag.toString(16)}, ${bytes.length} bytes)`;
  const x = decodeApdu(bytes);
  return x.ok ? describeXdlms(x.value) : `undecodable APDU: ${x.error.message}`;
}
