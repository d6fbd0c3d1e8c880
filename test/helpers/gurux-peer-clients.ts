import { execFile } from "node:child_process";
import { join } from "node:path";
import { privateKeyFromPem, privateKeyToScalar } from "@/lib/dlms/security/ecdsa";
import type { TProfileClient } from "@/lib/profile/schema";
import type { TSecrets } from "@/lib/secrets/schema";
import { ROOT } from "./examples";
import type { TGuruxReadOptions } from "./gurux-read";

/**
 * How the Gurux clients are told to be a client of one of our profiles: the same SAP, mechanism,
 * policy and secrets our own client uses, in their command-line words.
 */
const AUTH: Record<number, "none" | "low" | "high-gmac" | "high-sha256" | "high-ecdsa"> = { 0: "none", 1: "low", 5: "high-gmac", 6: "high-sha256", 7: "high-ecdsa" };
const SECURITY = { none: "none", authenticated: "authentication", encrypted: "encryption", "authenticated-encrypted": "authentication-encryption" } as const;

export function guruxAuth(client: TProfileClient) {
  return AUTH[client.authentication.mechanismId]!;
}

/** gurux-read.py options for a profile client (it has no HLS-ECDSA: such clients return undefined). */
export function guruxReadOptionsFor(client: TProfileClient, secrets: TSecrets, port: number, hdlc: boolean, invocationCounter: number): TGuruxReadOptions | undefined {
  const auth = guruxAuth(client);
  if (auth === "high-ecdsa") return undefined;
  const s = secrets.clients[client.id]!;
  return {
    port,
    hdlc,
    client: client.sap,
    auth,
    ...(auth === "low" ? { password: s.password! } : auth === "high-sha256" ? { password: s.hlsSecret! } : {}),
    ...(s.systemTitle ? { systemTitle: s.systemTitle, blockKey: s.globalUnicastEncryptionKey!, authKey: s.globalAuthenticationKey!, suite: client.securitySuite ?? 0 } : {}),
    security: SECURITY[client.securityPolicy.id],
    invocationCounter,
    values: true,
    timeout: 10,
    killAfterMs: 120_000,
  };
}

export interface TGuruxClientReport {
  associated: boolean;
  step: string;
  reads: Array<{ target: string; value?: unknown; error?: string }>;
  error?: string;
}

/**
 * Runs test/tools/gurux-client.py (the Gurux Python library as a second client) for a profile
 * client; asynchronous, because the simulator it talks to usually runs in the same process.
 */
export async function runGuruxClient(client: TProfileClient, secrets: TSecrets, port: number, options: { hdlc?: boolean; invocationCounter?: number; reads?: string[]; password?: string }): Promise<TGuruxClientReport> {
  const s = secrets.clients[client.id]!;
  const auth = guruxAuth(client);
  const args = [join(ROOT, "test/tools/gurux-client.py"), "--port", String(port), "--client", String(client.sap), "--auth", auth, "--security", SECURITY[client.securityPolicy.id]];
  if (options.hdlc) args.push("--hdlc");
  const password = options.password ?? (auth === "low" ? s.password : auth === "high-sha256" ? s.hlsSecret : undefined);
  if (password) args.push("--password", password);
  if (s.systemTitle) args.push("--system-title", s.systemTitle, "--block-key", s.globalUnicastEncryptionKey!, "--auth-key", s.globalAuthenticationKey!, "--suite", String(client.securitySuite ?? 0));
  if (auth === "high-ecdsa" && s.signingKey) {
    const key = privateKeyFromPem(s.signingKey.suite, s.signingKey.privateKey);
    const scalar = key.ok ? privateKeyToScalar(key.value) : undefined;
    const meter = secrets.meter.signingKeys.find((k) => k.suite === s.signingKey!.suite);
    if (scalar?.ok && meter) args.push("--signing-key", Buffer.from(scalar.value).toString("hex"), "--meter-key", meter.publicKey);
  }
  if (options.invocationCounter !== undefined) args.push("--invocation-counter", String(options.invocationCounter));
  for (const r of options.reads ?? []) args.push("--read", r);
  const r = await new Promise<{ stdout: string; stderr: string }>((done) => {
    execFile("python3", args, { encoding: "utf8", timeout: 60_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } }, (_error, stdout, stderr) => done({ stdout, stderr }));
  });
  try {
    return JSON.parse(r.stdout) as TGuruxClientReport;
  } catch {
    return { associated: false, step: "start", reads: [], error: `gurux-client.py printed no report: ${r.stderr.slice(0, 500)}` };
  }
}

/** "1-0:1.8.0.255" as Gurux writes it: "1.0.1.8.0.255". */
export const dotted = (obis: string): string => obis.replace("-", ".").replace(":", ".");
