import type { TData } from "../../dlms/axdr/data";
import type { TProfileClient, TProfileObject } from "../../profile/schema";

/** One COSEM object of the simulated meter: its profile definition and its current attribute values. */
export interface TSimObject {
  readonly def: TProfileObject;
  readonly classId: number;
  readonly version: number;
  readonly obis: string;
  /** Stored values by attribute index; dynamic attributes are computed on read instead. */
  readonly values: Map<number, TData>;
}

/** Who is asking: the client of the association, or the meter itself (captures, scripts). */
export interface TCaller {
  client: TProfileClient;
}

/** What a method invocation gives back: the action-result code and, for some methods, data. */
export interface TMethodOutcome {
  result: number;
  returned?: TData;
}

/** Data-access-result and action-result codes the simulator answers with. */
export const RESULT = {
  success: 0,
  hardwareFault: 1,
  temporaryFailure: 2,
  readWriteDenied: 3,
  objectUndefined: 4,
  objectClassInconsistent: 9,
  objectUnavailable: 11,
  typeUnmatched: 12,
  scopeOfAccessViolated: 13,
  otherReason: 250,
} as const;
