/**
 * APDUs a server sends without being asked, told apart by their first byte (the xDLMS APDU tag,
 * values as in Gurux.DLMS.Python 1.0.197 enums/Command): they never answer a pending request.
 */
export const UNSOLICITED_TAGS: ReadonlySet<number> = new Set([
  0x0f, // data-notification
  0xc2, // event-notification-request
  0xca, // glo-event-notification-request (ciphered, global key)
  0xd2, // ded-event-notification-request (ciphered, dedicated key)
  0x18, // information-report-request (SN referencing)
]);

export function isUnsolicited(apdu: Uint8Array): boolean {
  return apdu.length > 0 && UNSOLICITED_TAGS.has(apdu[0]!);
}
