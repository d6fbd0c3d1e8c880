/**
 * Result codes of the xDLMS services (Green Book 9.5): Data-Access-Result for GET and SET,
 * Action-Result for ACTION. Every code by name, so that a refusal reads as words.
 */
export const DATA_ACCESS_RESULTS = {
  success: 0,
  "hardware-fault": 1,
  "temporary-failure": 2,
  "read-write-denied": 3,
  "object-undefined": 4,
  "object-class-inconsistent": 9,
  "object-unavailable": 11,
  "type-unmatched": 12,
  "scope-of-access-violated": 13,
  "data-block-unavailable": 14,
  "long-get-aborted": 15,
  "no-long-get-in-progress": 16,
  "long-set-aborted": 17,
  "no-long-set-in-progress": 18,
  "data-block-number-invalid": 19,
  "other-reason": 250,
} as const;
export type TDataAccessResult = keyof typeof DATA_ACCESS_RESULTS;

export const ACTION_RESULTS = {
  success: 0,
  "hardware-fault": 1,
  "temporary-failure": 2,
  "read-write-denied": 3,
  "object-undefined": 4,
  "object-class-inconsistent": 9,
  "object-unavailable": 11,
  "type-unmatched": 12,
  "scope-of-access-violated": 13,
  "data-block-unavailable": 14,
  "long-action-aborted": 15,
  "no-long-action-in-progress": 16,
  "other-reason": 250,
} as const;
export type TActionResult = keyof typeof ACTION_RESULTS;

const byCode = <K extends string>(table: Record<K, number>) => new Map<number, K>(Object.entries(table).map(([k, v]) => [v as number, k as K]));
const DATA_ACCESS_BY_CODE = byCode(DATA_ACCESS_RESULTS);
const ACTION_BY_CODE = byCode(ACTION_RESULTS);

/** The name of a data-access-result code; an unknown code keeps its number ("code 77"). */
export const dataAccessResultName = (code: number): string => DATA_ACCESS_BY_CODE.get(code) ?? `code ${code}`;
export const actionResultName = (code: number): string => ACTION_BY_CODE.get(code) ?? `code ${code}`;
