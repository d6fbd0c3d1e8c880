import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ZUserProfile, type TUserProfile } from "@/lib/profile/schema";
import { meterIdentity, type TMeterIdentity, type TValueContext } from "@/lib/simulator/values/context";
import { EXAMPLES_DIR, EXAMPLE_NAMES } from "../../../helpers/examples";

/** The example profiles with the meter the value tests run: a PRIME+ meter started on a summer Wednesday morning. */
export const METER: TMeterIdentity = meterIdentity("PRP", "12345678", {
  identifier: "PRP-EM3-APP",
  version: "2.4.1",
  former: "2.3.0",
  prime: "PRIME 1.4 SN 5.2.0",
});

/** 2026-07-15 10:07:30 UTC, a Wednesday. */
export const STARTED_AT = Date.UTC(2026, 6, 15, 10, 7, 30);

export const readProfile = (name: string): TUserProfile =>
  ZUserProfile.parse(JSON.parse(readFileSync(join(EXAMPLES_DIR, `${name}.profile.json`), "utf8")));

export const PROFILES: readonly (readonly [string, TUserProfile])[] = EXAMPLE_NAMES.map((name) => [name, readProfile(name)] as const);

export const contextOf = (profile: TUserProfile, startedAt = STARTED_AT): TValueContext => ({ profile, meter: METER, startedAt });

/** Every attribute of every object of every example, with its profile and context. */
export const ATTRIBUTES = PROFILES.flatMap(([name, profile]) =>
  profile.objects.flatMap((object) => object.attributes.map((attribute) => ({ name, profile, object, attribute, ctx: contextOf(profile) }))),
);
