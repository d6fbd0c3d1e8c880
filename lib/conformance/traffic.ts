import type { TTrafficEntry } from "../dlms/client";
import type { TSecrets } from "../secrets/schema";
import type { TClientId } from "../vocabulary";

/** The run's traffic: every APDU of every association, in order, with the client that sent or got it. */
export interface TRunTraffic extends TTrafficEntry {
  client: TClientId | "other";
  /** ms since the run started. */
  runAt: number;
}

/**
 * The secrets a run may put on the wire, as hex and as text: LLS passwords and HLS secrets travel
 * in a SET of an association's secret or a change_HLS_secret, and a wrong password tried by a test
 * starts with the right one. Keys travel only wrapped.
 */
export interface TSecretPatterns {
  hex: string[];
  text: string[];
}

export function secretPatterns(secrets: TSecrets): TSecretPatterns {
  const hex = new Set<string>();
  const text = new Set<string>();
  for (const s of Object.values(secrets.clients)) {
    if (s?.password) {
      hex.add(Buffer.from(s.password, "latin1").toString("hex"));
      text.add(s.password);
    }
    if (s?.hlsSecret) {
      hex.add(s.hlsSecret.toLowerCase());
      text.add(s.hlsSecret.toLowerCase());
    }
  }
  const longestFirst = (set: Set<string>) => [...set].filter((p) => p.length >= 4).sort((a, b) => b.length - a.length);
  return { hex: longestFirst(hex), text: longestFirst(text) };
}

/** A text with every secret of the patterns replaced by asterisks: for every file a run writes. */
export function redactSecrets(text: string, patterns: TSecretPatterns): string {
  return redact(redact(text, patterns.hex), patterns.text);
}

function redact(value: string, patterns: readonly string[]): string {
  let out = value;
  for (const p of patterns) if (out.toLowerCase().includes(p.toLowerCase())) out = out.replace(new RegExp(p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "*".repeat(p.length));
  return out;
}

export class TrafficLog {
  readonly entries: TRunTraffic[] = [];
  bytes = 0;
  constructor(
    private readonly started: number,
    private readonly now: () => number,
    private readonly secrets: TSecretPatterns = { hex: [], text: [] },
  ) {}

  recorder(client: TClientId | "other"): (entry: TTrafficEntry) => void {
    return (entry) => {
      this.bytes += entry.hex.length / 2;
      this.entries.push({ ...entry, hex: redact(entry.hex, this.secrets.hex), summary: redact(redact(entry.summary, this.secrets.hex), this.secrets.text), client, runAt: this.now() - this.started });
    };
  }

  get length(): number {
    return this.entries.length;
  }
}
