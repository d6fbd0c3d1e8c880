import type { Metadata } from "next";
import { ProfileView, PROFILE_SECTIONS, type TSearch } from "@/components/profile/profile-view";
import { loadProfilePage } from "@/components/profile/load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Shared user profile", robots: { index: false } };

type TProps = { params: Promise<{ token: string; section?: string[] }>; searchParams: Promise<TSearch> };

/** The read-only view a laboratory opens: same content, no link to the editable questionnaire. */
export default async function SharedProfilePage({ params, searchParams }: TProps) {
  const { token, section } = await params;
  const page = await loadProfilePage(token, section, PROFILE_SECTIONS, `/shared/${token}`);
  return <ProfileView {...page} readOnly base={`/shared/${token}`} search={await searchParams} />;
}
