import type { Metadata } from "next";
import { profileSectionTitle, ProfileView, PROFILE_SECTIONS, type TSearch } from "@/components/profile/profile-view";
import { loadProfilePage } from "@/components/profile/load";

export const dynamic = "force-dynamic";

type TProps = { params: Promise<{ id: string; section?: string[] }>; searchParams: Promise<TSearch> };

export async function generateMetadata({ params }: TProps): Promise<Metadata> {
  return { title: profileSectionTitle((await params).section) };
}

export default async function ProfilePage({ params, searchParams }: TProps) {
  const { id, section } = await params;
  const page = await loadProfilePage(id, section, PROFILE_SECTIONS, `/profiles/${id}${section ? `/${section.join("/")}` : ""}`);
  return <ProfileView {...page} base={`/profiles/${id}`} search={await searchParams} />;
}
