/** Sizes the web check accepts, shared by the upload form (in the browser) and the route. */
export const P1_UPLOAD_MAX_BYTES = 512 * 1024;
export const P1_TIMES_MAX_BYTES = 256 * 1024;
