import type { Metadata } from "next";
import { loadResultsLinkPage } from "@/components/testbook/load-results-link";
import { ResultsLinkView } from "@/components/testbook/results-link-view";
import { param, type TSearch } from "@/components/profile/profile-view";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Upload results", robots: { index: false } };

type TProps = { params: Promise<{ token: string }>; searchParams: Promise<TSearch> };

/** The page a laboratory's results link opens. */
export default async function ResultsLinkPage({ params, searchParams }: TProps) {
  const { token } = await params;
  const search = await searchParams;
  return <ResultsLinkView page={await loadResultsLinkPage(token, { from: param(search, "from"), to: param(search, "to") })} />;
}
