import "server-only";
import type { TBaseline } from "../baseline/load";
import { previewCounts, type TProfileCounts } from "../profile/preview";
import { buildTestbook } from "../testbook/build";
import { getCatalogue } from "../testbook/catalogue";

export type { TProfileCounts };

export function profileCounts(values: unknown, baseline: TBaseline): TProfileCounts | null {
  return previewCounts(values, baseline, (profile) => buildTestbook(profile, getCatalogue()).summary.tests);
}
