import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/components/account/session";
import { SignOutButton } from "@/components/account/sign-out-button";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign out" };

export default async function SignOutPage() {
  const user = await currentUser();
  return (
    <>
      <h1>Sign out</h1>
      {user ? (
        <>
          <p>You are signed in as {user.name} ({user.email}). Signing out ends this session on this browser.</p>
          <SignOutButton />
        </>
      ) : (
        <p>You are signed out. <Link href="/sign-in">Sign in</Link></p>
      )}
    </>
  );
}
