import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ProfileSummary } from "@/components/profile/summary";
import { NotFoundError } from "@/lib/server/errors";
import { loadVersionWithSiblings } from "@/lib/server/profiles";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "User profile" };

export default async function ProfilePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const loaded = await loadVersionWithSiblings(id).catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  return <ProfileSummary {...loaded} />;
}
