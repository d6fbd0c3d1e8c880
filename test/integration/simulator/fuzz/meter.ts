import type { TServerLink } from "@/lib/dlms/channel";
import type { TClientCredentials } from "@/lib/dlms/client";
import type { TUserProfile } from "@/lib/profile/schema";
import { credentialsFor } from "@/lib/secrets/credentials";
import type { TSecrets } from "@/lib/secrets/schema";
import { createProfileSimulator, type TProfileSimulator } from "@/lib/simulator/create";
import { listen, type TRunningEndpoints } from "@/lib/simulator/endpoints";
import type { TClientId } from "@/lib/vocabulary";
import { exampleProfile, exampleSecrets } from "../../../helpers/simulator";

/**
 * A simulator of an example profile for the fuzz tests: like startExampleMeter, but it counts its
 * log lines instead of keeping them (a fuzz run logs hundreds of thousands), records what the TCP
 * server reports, so that a test sees every connection end and every internal error, and keeps
 * weak references to its connections' links, so that a test sees whether ended ones are freed.
 */
export interface TServerReport {
  connections: number;
  closed: number;
  frameErrors: number;
  /** Every "error" event's message. */
  errors: string[];
}

export interface TFuzzMeter {
  name: string;
  profile: TUserProfile;
  secrets: TSecrets;
  sim: TProfileSimulator;
  running: TRunningEndpoints;
  wrapperPort: number;
  hdlcPort: number;
  report: TServerReport;
  /** How many of the links the server has given sessions so far are still reachable (exact only after a full GC). */
  reachableLinks(): number;
  logLines(): number;
  /** A client's credentials, with the invocation counter the meter accepts next when it ciphers. */
  credentials(client: TClientId): TClientCredentials;
  close(): Promise<void>;
}

/** Messages of the TCP server that mean the session or the link threw: bugs, whatever the input. */
export const INTERNAL_FAILURES = [/internal error/, /the session failed/, /the session could not be created/];

export function meterCredentials(profile: TUserProfile, secrets: TSecrets, sim: TProfileSimulator, clientId: TClientId): TClientCredentials {
  const client = profile.clients.find((c) => c.id === clientId);
  if (!client) throw new Error(`the profile has no client ${clientId}`);
  const credentials = credentialsFor(client, secrets);
  if (credentials.protection !== null) credentials.invocationCounter = sim.simulator.security.minimumInvocationCounter(clientId);
  return credentials;
}

export interface TFuzzSimulator {
  profile: TUserProfile;
  secrets: TSecrets;
  sim: TProfileSimulator;
  logLines(): number;
}

/** A simulator without endpoints, for sessions driven in process. */
export function createFuzzSimulator(name: string): TFuzzSimulator {
  const profile = exampleProfile(name);
  const secrets = exampleSecrets(name);
  let lines = 0;
  const sim = createProfileSimulator({ profile, secrets, log: () => void lines++ });
  return { profile, secrets, sim, logLines: () => lines };
}

export async function startFuzzMeter(name: string): Promise<TFuzzMeter> {
  const { profile, secrets, sim, logLines } = createFuzzSimulator(name);
  // Each server connection owns the link it hands its sessions: while the connection is
  // reachable, so is its link. Weak references to the links tell whether ended connections are freed.
  const links: WeakRef<TServerLink>[] = [];
  const session = sim.simulator.session.bind(sim.simulator);
  sim.simulator.session = (link) => {
    links.push(new WeakRef(link));
    return session(link);
  };
  const report: TServerReport = { connections: 0, closed: 0, frameErrors: 0, errors: [] };
  const running = await listen(sim.simulator, {
    wrapperPort: 0,
    hdlcPort: 0,
    onEvent: (_framing, event) => {
      if (event.type === "connection") report.connections++;
      else if (event.type === "closed") report.closed++;
      else if (event.type === "frame-error") report.frameErrors++;
      else report.errors.push(event.message);
    },
  });
  const port = (framing: "wrapper" | "hdlc") => running.endpoints.find((e) => e.framing === framing)!.port;
  return {
    name,
    profile,
    secrets,
    sim,
    running,
    wrapperPort: port("wrapper"),
    hdlcPort: port("hdlc"),
    report,
    reachableLinks: () => links.filter((l) => l.deref() !== undefined).length,
    logLines,
    credentials: (client) => meterCredentials(profile, secrets, sim, client),
    async close() {
      await running.close();
      sim.stop();
    },
  };
}
