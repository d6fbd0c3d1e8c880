import { connect } from "../dlms/client";
import type { TUserProfile } from "../profile/schema";
import { credentialsFor } from "../secrets/credentials";
import type { TSecrets } from "../secrets/schema";
import type { TRunTarget } from "./sessions";

/**
 * One association of the Public client (no security), released at once: whether anything at the
 * address speaks DLMS/COSEM before a run starts. Without it, a wrong address, a meter that does
 * not answer or one that sends garbage would give hundreds of failed tests, each after a time-out,
 * instead of one clear reason. Null when the meter answered; otherwise the reason, for people.
 */
export async function probeMeter(profile: TUserProfile, secrets: TSecrets, target: TRunTarget, timeoutMs: number): Promise<string | null> {
  const client = profile.clients.find((c) => c.id === "public") ?? profile.clients[0];
  if (!client) return "the profile has no client to associate with";
  const r = await connect({ channel: target.channel(client.sap), credentials: credentialsFor(client, secrets), timeoutMs });
  if (r.ok) {
    await r.value.release();
    return null;
  }
  const e = r.error;
  const why =
    e.kind === "refused" ? "refused the association" : e.kind === "link" && e.code === "frame" ? "answered with something that is not DLMS/COSEM" : e.kind === "link" ? "could not be reached" : "gave an answer the runner cannot use";
  return `The meter at ${target.description} ${why} for the ${client.name} (SAP ${client.sap}): ${e.message}. Check the address and its transport (tcp:// is the TCP wrapper, hdlc+tcp:// HDLC over TCP), the server address and the time-out. Nothing was run and no results set was stored.`;
}
