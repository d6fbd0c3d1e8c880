import { spawn } from "node:child_process";
import { join } from "node:path";
import { z } from "zod";
import { requirePeers } from "./peers";

/** The options of ../shared/peers/gurux-read.py (see its -h), typed. */
export type TGuruxReadOptions = {
  host?: string;
  port: number;
  /** HDLC frames over the TCP connection instead of the wrapper. */
  hdlc?: boolean;
  /** Client SAP. */
  client: number;
  /** Server logical address: the wrapper port, or the HDLC upper address. */
  server?: number;
  /** HDLC lower (physical) server address; 0 or absent for none. */
  physical?: number;
  auth?: "none" | "low" | "high-gmac" | "high-sha256";
  /** The LLS password as text, or an HLS secret as hex. */
  password?: string;
  suite?: 0 | 1 | 2;
  security?: "none" | "authentication" | "encryption" | "authentication-encryption";
  /** Client system title, 8 bytes as hex. */
  systemTitle?: string;
  /** Global unicast encryption key, hex. */
  blockKey?: string;
  /** Global authentication key, hex. */
  authKey?: string;
  invocationCounter?: number;
  /** Read every attribute the object list declares readable. */
  values?: boolean;
  /** Include every chunk sent and received, as hex. */
  traffic?: boolean;
  /** gurux-read's own socket timeout, in seconds (its default is 10). */
  timeout?: number;
  /** When the process is killed if it has not finished; default 60 s. */
  killAfterMs?: number;
};

const ZGuruxAttribute = z.object({
  index: z.number().int(),
  /** As the Gurux library parsed the object list: an access mode enum, or v3 access flags. */
  access: z.number().int().nullable(),
  value: z.json().optional(),
  error: z.string().optional(),
});

const ZGuruxMethod = z.object({ index: z.number().int(), access: z.number().int().nullable() });

export const ZGuruxObject = z.object({
  classId: z.number().int(),
  version: z.number().int(),
  /** Dotted form as Gurux writes it, e.g. "0.0.40.0.0.255". */
  obis: z.string(),
  attributes: z.array(ZGuruxAttribute),
  methods: z.array(ZGuruxMethod),
  /** The Gurux library has no model for this class, so no attributes or methods are listed. */
  unknownClass: z.boolean().optional(),
});
export type TGuruxObject = z.infer<typeof ZGuruxObject>;

export const ZGuruxError = z.object({
  step: z.string().optional(),
  obis: z.string().optional(),
  attribute: z.number().int().optional(),
  error: z.string(),
});
export type TGuruxError = z.infer<typeof ZGuruxError>;

export const ZGuruxTrafficChunk = z.tuple([z.enum(["tx", "rx"]), z.string().regex(/^([0-9a-f]{2})*$/)]);

export const ZGuruxReadOutput = z.object({
  peer: z.string(),
  association: z.object({ accepted: z.boolean(), negotiatedConformance: z.number().int(), maxPduSize: z.number().int() }).nullable(),
  objects: z.array(ZGuruxObject),
  errors: z.array(ZGuruxError),
  seconds: z.number(),
  traffic: z.array(ZGuruxTrafficChunk).optional(),
});
export type TGuruxReadOutput = z.infer<typeof ZGuruxReadOutput>;

export type TGuruxReadResult = {
  /** 0 associated and read everything asked, 1 refused or failed, 2 wrong usage; null when killed. */
  exitCode: number | null;
  /** Its JSON report, or undefined when it printed none that parses. */
  json: TGuruxReadOutput | undefined;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
  /** The command line run, from "python3" on, with the script's absolute path. */
  command: string[];
};

/** gurux-read.py's arguments for these options, in a fixed order. */
export function guruxReadArgs(o: TGuruxReadOptions): string[] {
  const args: string[] = [];
  const add = (flag: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(flag, String(value));
  };
  add("--host", o.host);
  add("--port", o.port);
  if (o.hdlc) args.push("--hdlc");
  add("--client", o.client);
  add("--server", o.server);
  add("--physical", o.physical);
  add("--auth", o.auth);
  add("--password", o.password);
  add("--suite", o.suite);
  add("--security", o.security);
  add("--system-title", o.systemTitle);
  add("--block-key", o.blockKey);
  add("--auth-key", o.authKey);
  add("--invocation-counter", o.invocationCounter);
  if (o.values) args.push("--values");
  add("--timeout", o.timeout);
  if (o.traffic) args.push("--traffic");
  return args;
}

/**
 * Runs the Gurux Python client gurux-read.py against a meter or simulator and returns its typed
 * report. It never hangs: the process is killed after killAfterMs.
 */
export function runGuruxRead(options: TGuruxReadOptions): Promise<TGuruxReadResult> {
  const script = join(requirePeers(["python3"]).dir, "gurux-read.py");
  const command = ["python3", script, ...guruxReadArgs(options)];
  const started = performance.now();
  return new Promise((done, fail) => {
    const child = spawn(command[0]!, command.slice(1), {
      stdio: ["ignore", "pipe", "pipe"],
      // The peers folder is read-only in CI: Python must not try to write bytecode into it.
      env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.killAfterMs ?? 60_000);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.once("error", (e) => {
      clearTimeout(timer);
      fail(e);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      let json: TGuruxReadOutput | undefined;
      try {
        const parsed = ZGuruxReadOutput.safeParse(JSON.parse(stdout));
        if (parsed.success) json = parsed.data;
        else stderr += `\n(harness) gurux-read output does not match its schema: ${parsed.error.message}`;
      } catch {
        // No JSON at all: it failed before printing, and stderr says why.
      }
      done({ exitCode: code, json, stdout, stderr, ms: Math.round(performance.now() - started), timedOut, command });
    });
  });
}
