import type { TPeerAddress, TServerSession } from "@/lib/dlms/channel";
import { connect, type TClientCredentials } from "@/lib/dlms/client";
import type { TClientId } from "@/lib/vocabulary";
import { answersProblem, cipheredAnswers } from "./answers";
import type { FuzzFailures } from "./failures";
import { meterCredentials, type TFuzzSimulator } from "./meter";
import type { Random } from "./random";
import { FUZZ_LINK, sessionChannel } from "./session-channel";

/**
 * Inputs thrown at a simulator session (`handle`), in batches: each batch gets a fresh session,
 * left idle, associated first through our own client (so the inputs meet a session that deciphers
 * and serves), or for an HLS client stopped after the AARQ (so they meet a session waiting for
 * pass 3). A throw or a malformed answer is recorded with the
 * batch's inputs so far, and the batch ends (the session's state is unknown after a throw).
 */
export interface TSessionFuzz {
  part: string;
  meter: TFuzzSimulator;
  client: TClientId;
  state: "idle" | "associated" | "waiting-for-pass-3";
  inputs: number;
  batch: number;
  /** The next input; `counter()` gives an invocation counter the meter has not seen yet. */
  input(r: Random, counter: () => number): Uint8Array;
}

export interface TSessionFuzzCounts {
  inputs: number;
  answers: number;
  associations: number;
}

/** Opens the association the part asks for; what went wrong, or undefined. */
async function associate(f: TSessionFuzz, credentials: TClientCredentials, session: TServerSession, address: TPeerAddress): Promise<string | undefined> {
  const waiting = f.state === "waiting-for-pass-3";
  const counter = credentials.protection !== null ? { invocationCounter: f.meter.sim.simulator.security.minimumInvocationCounter(f.client) } : {};
  // Waiting for pass 3: the channel answers the AARQ, then fails the client's pass 3 before the session sees it.
  const channel = sessionChannel(session, address, waiting ? { exchanges: 1 } : {});
  const opened = await connect({ channel, credentials: { ...credentials, ...counter }, timeoutMs: 1000 });
  if (waiting) return !opened.ok && opened.error.kind === "link" ? undefined : `the AARQ was not left waiting for HLS pass 3 (${opened.ok ? "associated" : opened.error.message})`;
  return opened.ok ? undefined : opened.error.message;
}

export async function fuzzSession(f: TSessionFuzz, r: Random, failures: FuzzFailures): Promise<TSessionFuzzCounts> {
  const { profile, secrets, sim } = f.meter;
  // Made once: the key material of the HLS-ECDSA and SHA-256 clients takes milliseconds to load.
  const first = meterCredentials(profile, secrets, sim, f.client);
  const opener = first.keys && first.protection !== null ? cipheredAnswers(first.keys, sim.simulator.security.meter.systemTitle) : undefined;
  const address: TPeerAddress = { clientSap: first.clientSap, logicalDevice: 1 };
  const counts: TSessionFuzzCounts = { inputs: 0, answers: 0, associations: 0 };
  while (counts.inputs < f.inputs) {
    const session = sim.simulator.session(FUZZ_LINK);
    session.accept(address);
    if (f.state !== "idle") {
      const refusal = await associate(f, first, session, address);
      if (refusal) {
        failures.add(f.part, counts.inputs, `a valid association was refused after the inputs before it: ${refusal}`, new Uint8Array(0), []);
        return counts;
      }
      counts.associations++;
    }
    let next = sim.simulator.security.minimumInvocationCounter(f.client);
    const counter = () => next++;
    const history: Uint8Array[] = [];
    for (let k = 0; k < f.batch && counts.inputs < f.inputs; k++) {
      const index = counts.inputs++;
      const input = f.input(r, counter);
      history.push(input);
      // Now and then another client, or another logical device: only an AARQ looks at the address.
      const to = r.chance(0.05) ? { clientSap: r.int(128), logicalDevice: r.chance(0.7) ? 1 : r.int(4) } : address;
      let answers: unknown;
      try {
        answers = await session.handle(input, to);
      } catch (e) {
        failures.add(f.part, index, `handle threw ${(e as Error).name}: ${(e as Error).message}`, input, history, e);
        break;
      }
      const problem = answersProblem(answers, to === address ? opener : undefined);
      if (problem) {
        failures.add(f.part, index, problem, input, history);
        break;
      }
      counts.answers += (answers as unknown[]).length;
    }
    session.closed("fuzz batch done");
  }
  return counts;
}
