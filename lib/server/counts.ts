import "server-only";
import type { TBaseline } from "../baseline/load";
import { previewCounts, type TProfileCounts } from "../profile/preview";
import { countTests } from "../testbook/select";
import { getCatalogue } from "../testbook/catalogue";

export type { TProfileCounts };

export function profileCounts(values: unknown, baseline: TBaseline): TProfileCounts | null {
  return previewCounts(values, baseline, (profile) => countTests(profile, getCatalogue()));
}
