/**
 * What one upload of results and one results link may do, shared by the upload forms (in the
 * browser) and the routes. The full example testbook's CSV is 3.7 MB empty and about 5 MB once a
 * laboratory fills in its result, tester, date and remarks columns: 16 MiB leaves room for long
 * remarks on every step, and bounds what one request may make the server hold.
 */
export const RESULTS_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;
export const RESULTS_UPLOAD_MAX_TEXT = "16 MiB";
/** Uploads one results link accepts: a campaign and its re-runs, not a stream of files. */
export const RESULTS_LINK_MAX_UPLOADS = 20;
/** The latest expiry date a results link may have, in days from its creation. */
export const RESULTS_LINK_MAX_DAYS = 366;
/** Results links one version may have, revoked ones included. */
export const RESULTS_LINKS_MAX = 50;
/** Results sets one version keeps; far more than a certification needs. */
export const RESULTS_SETS_MAX = 1000;
/** The evidence archive of a conformance run stored with its results set. */
export const EVIDENCE_MAX_BYTES = 64 * 1024 * 1024;
