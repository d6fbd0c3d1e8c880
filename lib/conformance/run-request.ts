import { z } from "zod";
import { NAME_MAX } from "../testbook/results";
import { parseMeterAddress } from "../transport/address";

/**
 * What a person gives to run the testbook against a meter from the web page: the same choices as
 * the CLI's `run` command (--meter, --server, --physical, --timeout, --only, --operator, --p1), the
 * laboratory whose results the run becomes, and the secrets file as its text. The page's form and
 * the server check it with this one schema; the server then checks what needs the profile (the
 * chapters of its testbook, the secrets of its clients) and the machine (a serial port).
 */
export const OPERATOR_MODES = ["ask", "skip"] as const;
export type TOperatorMode = (typeof OPERATOR_MODES)[number];

/** Largest secrets file accepted: a full profile's, with ECDSA keys and certificates, is about 10 KiB. */
export const SECRETS_MAX_CHARS = 256 * 1024;
const ADDRESS_MAX = 300;
const HDLC_ADDRESS_MAX = 0x3fff;

const ZMeterAddress = z
  .string()
  .trim()
  .min(1, "give the meter's address, such as tcp://192.168.1.20:4059")
  .max(ADDRESS_MAX, `at most ${ADDRESS_MAX} characters`)
  .superRefine((text, ctx) => {
    const parsed = parseMeterAddress(text);
    if (typeof parsed === "string") ctx.addIssue({ code: "custom", message: parsed });
  });

const ZP1Address = z
  .string()
  .trim()
  .max(ADDRESS_MAX, `at most ${ADDRESS_MAX} characters`)
  .superRefine((text, ctx) => {
    const parsed = parseMeterAddress(text);
    if (typeof parsed === "string" || parsed.kind !== "wrapper") ctx.addIssue({ code: "custom", message: `"${text}" is not a P1 source: use tcp://host:port, where the meter's P1 telegrams can be read` });
  });

const hdlcAddress = (what: string) =>
  z.int(`${what} must be a whole number from 0 to ${HDLC_ADDRESS_MAX}`).min(0, `${what} must be from 0 to ${HDLC_ADDRESS_MAX}`).max(HDLC_ADDRESS_MAX, `${what} must be from 0 to ${HDLC_ADDRESS_MAX}`);

export const ZRunRequest = z.strictObject({
  meter: ZMeterAddress.meta({ description: "tcp://host:port (TCP wrapper), hdlc+tcp://host:port or serial:///dev/ttyUSB0" }),
  serverAddress: hdlcAddress("the server address").optional().meta({ description: "The logical device (wrapper destination wPort, HDLC upper address); 1, the management device, when not given" }),
  physicalAddress: hdlcAddress("the physical address").optional().meta({ description: "HDLC lower address, when the meter needs one" }),
  timeoutSeconds: z.int("the time-out must be a whole number of seconds from 1 to 600").min(1, "at least 1 second").max(600, "at most 600 seconds").optional(),
  only: z.array(z.string().min(1).max(NAME_MAX)).max(200, "at most 200 chapters or tests").default([]).meta({ description: "Chapter ids, case ids or test ids; the whole testbook when empty" }),
  operator: z.enum(OPERATOR_MODES, "choose whether the page asks the assisted questions (ask) or skips them (skip)"),
  p1: ZP1Address.optional().meta({ description: "Where the meter's P1 port can be read, tcp://host:port" }),
  laboratory: z.string().trim().min(1, "name the laboratory whose results the run becomes").max(NAME_MAX, `at most ${NAME_MAX} characters`),
  secrets: z.string().min(1, "upload or paste the meter's secrets file (JSON)").max(SECRETS_MAX_CHARS, `the secrets file is larger than ${SECRETS_MAX_CHARS / 1024} KiB`),
});
export type TRunRequest = z.infer<typeof ZRunRequest>;
export type TRunRequestInput = z.input<typeof ZRunRequest>;

export const ANSWERS = ["yes", "no", "skip"] as const;
export type TAnswer = (typeof ANSWERS)[number];

export const ZRunAnswer = z.strictObject({
  questionId: z.string().min(1, "name the question you answer").max(100),
  answer: z.enum(ANSWERS, "answer yes, no or skip"),
});
export type TRunAnswer = z.infer<typeof ZRunAnswer>;

/** A zod problem as a line naming the field: "meter: port 70000 is outside 1..65535". */
export const runIssue = (issue: { path: PropertyKey[]; message: string }): { path: string; message: string } => {
  const path = issue.path.map(String).join(".") || "(body)";
  return { path, message: `${path}: ${issue.message}` };
};
