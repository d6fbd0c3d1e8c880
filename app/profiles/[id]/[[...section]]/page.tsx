import type { Metadata } from "next";
import { ProfileView, PROFILE_SECTIONS, type TSearch } from "@/components/profile/profile-view";
import { loadProfilePage } from "@/components/profile/load";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "User profile" };

type TProps = { params: Promise<{ id: string; section?: string[] }>; searchParams: Promise<TSearch> };

export default async function ProfilePage({ params, searchParams }: TProps) {
  const { id, section } = await params;
  const page = await loadProfilePage(id, section, PROFILE_SECTIONS);
  return <ProfileView {...page} base={`/profiles/${id}`} search={await searchParams} />;
}
