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
  "billing-reset-not-counted": { chapter: "billing", description: "the end of billing period script captures the billing profile but leaves the billing period counter and its time stamp as they were" },
  "billing-lockout-ignored": { chapter: "billing", description: "a billing reset within the reset lockout time closes another billing period" },
  "tariff-off-by-one": { chapter: "tariffs", description: "the tariffication runs the script after the one the activity calendar selects, so the tariff in force is not the calendar's" },
  "passive-calendar-not-stored": { chapter: "tariffs", description: "writes of the passive calendar answer success but the passive calendar keeps what it held" },
  "calendar-activation-ignored": { chapter: "tariffs", description: "activate_passive_calendar answers success but leaves the active calendar as it was and logs nothing" },
  "image-transfer-ignores-disabled": { chapter: "firmware", description: "image_transfer_initiate starts a transfer while image_transfer_enabled is false" },
  "firmware-limit-writable": { chapter: "firmware", description: "every client that sees the regulatory firmware upgrade limit may write it" },
  "parameter-change-not-marked": { chapter: "load-profiles", description: "a parameter change does not set AMR bit MP in the load profile entries" },
} as const satisfies Record<string, { chapter: string; description: string }>;

export type TDeviation = keyof typeof DEVIATIONS;
export const DEVIATION_NAMES = Object.keys(DEVIATIONS) as TDeviation[];

export const isDeviation = (name: string): name is TDeviation => name in DEVIATIONS;
