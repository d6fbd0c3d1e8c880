/**
 * Ways the simulator can break its profile on purpose (`simulate --deviation NAME`), so that the
 * conformance runner can be shown to catch each one. `chapter` is the testbook chapter whose
 * tests must report it.
 */
export const DEVIATIONS = {
  "missing-object": { chapter: "access-rights", description: "the first load profile (or the first metering object) is missing from the meter and from every object list" },
  "extra-object": { chapter: "access-rights", description: "the meter has an object the profile does not have (0-0:96.99.99.255), listed for every client" },
  "wrong-class-version": { chapter: "access-rights", description: "the clock is declared with version 1 instead of the profile's version" },
  "reading-client-can-write": { chapter: "access-rights", description: "the Reading client may write every attribute it may read" },
  "public-reads-metering-data": { chapter: "access-rights", description: "the Public client may read the energy registers and load profiles" },
  "secret-readable": { chapter: "security", description: "the Management client may read the LLS secret of the associations" },
  "wrong-sap": { chapter: "associations", description: "the Reading client is served on SAP 32 instead of its profile SAP" },
  "lls-accepts-any-password": { chapter: "associations", description: "LLS associations accept any password" },
  "unciphered-accepted": { chapter: "security", description: "clients whose policy demands protection may send unprotected requests in their association" },
  "invocation-counter-not-increasing": { chapter: "security", description: "the meter accepts a repeated invocation counter and repeats its own" },
  "wrong-capture-period": { chapter: "load-profiles", description: "the first load profile captures at another period than the profile's" },
  "event-not-logged": { chapter: "events", description: "setting the clock is not recorded in any event log" },
  "wrong-scaler-unit": { chapter: "billing", description: "the total active energy import register reports a scaler one lower than the profile's" },
} as const satisfies Record<string, { chapter: string; description: string }>;

export type TDeviation = keyof typeof DEVIATIONS;
export const DEVIATION_NAMES = Object.keys(DEVIATIONS) as TDeviation[];

export const isDeviation = (name: string): name is TDeviation => name in DEVIATIONS;
