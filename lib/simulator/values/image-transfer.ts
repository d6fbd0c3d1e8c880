import { d, type TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";

/**
 * Image transfer (class 18, Blue Book): enabled, nothing transferred yet, no image waiting
 * for activation. Types checked against Gurux.DLMS.Python 1.0.197 GXDLMSImageTransfer.
 */

/** Block size that fits one PRIME LLC/SSCS segment with the xDLMS and ciphering overhead. */
export const IMAGE_BLOCK_SIZE = 192;
/** image_transfer_status (0) image transfer not initiated. */
const NOT_INITIATED = 0;

export function imageTransferAttribute(_object: TProfileObject, index: number): TData | undefined {
  switch (index) {
    case 2:
      return d.u32(IMAGE_BLOCK_SIZE);
    case 3:
      return d.bits("");
    case 4:
      return d.u32(0);
    case 5:
      return d.bool(true);
    case 6:
      return d.enum(NOT_INITIATED);
    case 7:
      return d.array([]);
    default:
      return undefined;
  }
}
