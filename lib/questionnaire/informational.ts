/**
 * Answers that change neither the profile nor, through it, the documents and the testbook, each
 * with the reason it is kept. Every other answer must change the profile when its value changes:
 * test/unit/questionnaire/answer-effects.test.ts walks every answer of the schema to prove it.
 *
 * `asked: false` marks answers with a single valid value: the form does not ask them.
 */
export type TInformational = { reason: string; asked: boolean };

export const INFORMATIONAL_ANSWERS: Readonly<Record<string, TInformational>> = {
  "communication.cellular.technology": {
    asked: true,
    reason:
      "The DLMS objects of the cellular profile are the same for 2G, 3G and 4G; the answer tells the meter supplier which modem to fit and is kept in the answers file delivered with the profile.",
  },
  "metering.tou.seasons": {
    asked: true,
    reason:
      "The PRIME+ baseline does not fix the content of the activity calendar, which the utility writes at installation; the number of seasons tells the meter supplier how large its season table must be and is kept in the answers file delivered with the profile.",
  },
  "metering.loadProfiles.profile2.capturePeriodS": {
    asked: false,
    reason: "Load profile 2 is the daily profile: one day (86400 s) is its only valid capture period.",
  },
  "security.broadcast.authentication": {
    asked: false,
    reason: "The Broadcast client's association is pre-established: it cannot log in, so none is its only valid authentication.",
  },
  "security.broadcast.hlsMechanism": {
    asked: false,
    reason: "The Broadcast client never uses HLS (it cannot log in), so no HLS mechanism applies to it.",
  },
};

/** The sentence the form shows under an informational question. */
export const informationalNote = (path: string): string | undefined => {
  const entry = INFORMATIONAL_ANSWERS[path];
  return entry?.asked ? `This answer does not change your profile. ${entry.reason}` : undefined;
};
