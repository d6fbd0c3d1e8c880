/**
 * The information field of FRMR (frame reject), modulo 8, as ISO/IEC 13239 lays it out (the same
 * three bytes as X.25 LAPB): the rejected control field; V(S) in bits 3..1, C/R in bit 4 (1 when
 * the rejected frame was a response), V(R) in bits 7..5; then the reasons W (control field not
 * implemented), X (information field not permitted), Y (information field too long), Z (invalid
 * N(R)) in bits 0..3. IEC 62056-46 lets the FRMR carry it; a peer may also send FRMR without it.
 */

export interface TFrmrReasons {
  /** W: the control field is undefined or not implemented. */
  unknownControl?: boolean;
  /** X: an information field came with a frame that may not carry one. */
  informationNotPermitted?: boolean;
  /** Y: the information field exceeded the negotiated maximum. */
  informationTooLong?: boolean;
  /** Z: the N(R) acknowledged a frame never sent. */
  invalidNr?: boolean;
}

export interface TFrmr extends TFrmrReasons {
  rejectedControl: number;
  vs: number;
  vr: number;
  rejectedWasResponse: boolean;
}

export function encodeFrmrInformation(frmr: TFrmr): Uint8Array {
  const flags =
    (frmr.unknownControl ? 1 : 0) |
    (frmr.informationNotPermitted ? 2 : 0) |
    (frmr.informationTooLong ? 4 : 0) |
    (frmr.invalidNr ? 8 : 0);
  return Uint8Array.of(frmr.rejectedControl & 0xff, ((frmr.vr & 7) << 5) | (frmr.rejectedWasResponse ? 0x10 : 0) | ((frmr.vs & 7) << 1), flags);
}

/** A sentence naming the reasons, or a general one when the FRMR carries no (or another) field. */
export function describeFrmr(information: Uint8Array): string {
  if (information.length !== 3) return "the peer rejected a frame (FRMR)";
  const flags = information[2]!;
  const reasons = [
    flags & 1 ? "control field not implemented" : "",
    flags & 2 ? "information field not permitted" : "",
    flags & 4 ? "information field too long" : "",
    flags & 8 ? "invalid N(R)" : "",
  ].filter((r) => r !== "");
  const control = `0x${information[0]!.toString(16).padStart(2, "0")}`;
  return `the peer rejected the frame with control ${control} (FRMR${reasons.length > 0 ? `: ${reasons.join(", ")}` : ""})`;
}
