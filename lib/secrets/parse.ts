import type { TUserProfile } from "../profile/schema";
import { clientKeyMaterial } from "./material";
import { ZSecrets, type TSecrets } from "./schema";

/**
 * A secrets file as a person gives it (the CLI's --secrets, the web page's upload or paste):
 * checked against the schema, then against the profile it is for. Problems are lines naming the
 * JSON path or the client, because the file is typed or edited by people.
 */
export type TParsedSecrets = { ok: true; secrets: TSecrets } | { ok: false; problems: string[] };

const PROBLEMS_SHOWN = 20;

export function parseSecrets(value: unknown, profile?: TUserProfile): TParsedSecrets {
  const parsed = ZSecrets.safeParse(value);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.slice(0, PROBLEMS_SHOWN).map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`) };
  }
  if (profile && parsed.data.profileId && parsed.data.profileId !== profile.id) {
    return { ok: false, problems: [`made for another profile (${parsed.data.profileId.slice(0, 12)}…), not ${profile.id.slice(0, 12)}…`] };
  }
  return { ok: true, secrets: parsed.data };
}

/**
 * What the secrets lack for the profile's clients to associate: a run refuses to start on an
 * incomplete file rather than fail every test of the client it forgot.
 */
export function missingSecrets(profile: TUserProfile, secrets: TSecrets): string[] {
  return profile.clients.flatMap((client) => {
    try {
      clientKeyMaterial(client, secrets);
      return [];
    } catch (e) {
      return [(e as Error).message];
    }
  });
}
