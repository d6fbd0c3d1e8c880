import "server-only";
import pino from "pino";

/**
 * The server's log: one JSON line per event on stdout, each with the request's id when there is
 * one (proxy.ts gives every request an `x-request-id`). Never the body of a request or the values
 * of answers: they are a utility's confidential choices.
 */
export const log = pino({ base: { service: "prime-plus" }, timestamp: pino.stdTimeFunctions.isoTime });
