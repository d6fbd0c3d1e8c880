import { readFileSync } from "node:fs";
import { join } from "node:path";
import { connect, type Association, type TClientCredentials } from "@/lib/dlms/client";
import { ZUserProfile, type TUserProfile } from "@/lib/profile/schema";
import { generateSecrets } from "@/lib/secrets/generate";
import { credentialsFor } from "@/lib/secrets/credentials";
import type { TSecrets } from "@/lib/secrets/schema";
import { createProfileSimulator, type TProfileSimulator } from "@/lib/simulator/create";
import type { TDeviation } from "@/lib/simulator/deviations";
import { listen, type TRunningEndpoints } from "@/lib/simulator/endpoints";
import { channelFor, parseMeterAddress } from "@/lib/transport/meter-address";
import type { TClientId } from "@/lib/vocabulary";
import { EXAMPLES_DIR } from "./examples";

/** The example profiles, parsed, and one set of test secrets each (generated once per test file). */
const profiles = new Map<string, TUserProfile>();
const secrets = new Map<string, TSecrets>();

export function exampleProfile(name: string): TUserProfile {
  let p = profiles.get(name);
  if (!p) {
    p = ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")));
    profiles.set(name, p);
  }
  return p;
}

export function exampleSecrets(name: string): TSecrets {
  let s = secrets.get(name);
  if (!s) {
    s = generateSecrets(exampleProfile(name), { now: new Date("2026-01-01T00:00:00Z") });
    secrets.set(name, s);
  }
  return s;
}

export interface TTestMeter {
  name: string;
  profile: TUserProfile;
  secrets: TSecrets;
  sim: TProfileSimulator;
  running: TRunningEndpoints;
  wrapper: string;
  hdlc: string;
  log: string[];
  /** Opens an association as a client of the profile (over the wrapper unless hdlc is asked). */
  associate(client: TClientId, options?: { hdlc?: boolean; credentials?: Partial<TClientCredentials>; maxReceivePdu?: number }): Promise<Association>;
  close(): Promise<void>;
}

export interface TStartOptions {
  deviations?: TDeviation[];
  now?: () => number;
  stateFile?: string;
}

/** A simulator of an example profile on free loopback ports, wrapper and HDLC. */
export async function startExampleMeter(name: string, options: TStartOptions = {}): Promise<TTestMeter> {
  const profile = exampleProfile(name);
  const s = exampleSecrets(name);
  const log: string[] = [];
  const sim = createProfileSimulator({
    profile,
    secrets: s,
    deviations: options.deviations ?? [],
    log: (line) => log.push(line),
    ...(options.now ? { now: options.now } : {}),
    ...(options.stateFile ? { stateFile: options.stateFile } : {}),
  });
  const running = await listen(sim.simulator, { wrapperPort: 0, hdlcPort: 0 });
  const wrapper = running.endpoints.find((e) => e.framing === "wrapper")!.url;
  const hdlc = running.endpoints.find((e) => e.framing === "hdlc")!.url;
  const meter: TTestMeter = {
    name,
    profile,
    secrets: s,
    sim,
    running,
    wrapper,
    hdlc,
    log,
    async associate(clientId, o = {}) {
      const client = profile.clients.find((c) => c.id === clientId);
      if (!client) throw new Error(`${name} has no client ${clientId}`);
      const credentials = { ...credentialsFor(client, s), ...o.credentials };
      const minimum = sim.simulator.security.minimumInvocationCounter(clientId);
      if (credentials.invocationCounter === undefined && credentials.protection !== null) credentials.invocationCounter = minimum;
      const address = parseMeterAddress(o.hdlc ? hdlc : wrapper);
      if (typeof address === "string") throw new Error(address);
      const r = await connect({ channel: channelFor(address, { clientSap: credentials.clientSap }), credentials, timeoutMs: 5000, ...(o.maxReceivePdu ? { maxReceivePdu: o.maxReceivePdu } : {}) });
      if (!r.ok) throw new Error(`${client.name}: ${r.error.message}`);
      return r.value;
    },
    async close() {
      await running.close();
      sim.stop();
    },
  };
  return meter;
}

/** Expects a client result to be ok and gives its value. */
export function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}
