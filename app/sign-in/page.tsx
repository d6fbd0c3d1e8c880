import type { Metadata } from "next";
import Link from "next/link";
import { currentUser } from "@/components/account/session";
import { SignInForm } from "@/components/account/sign-in-form";
import { safeNext } from "@/lib/account/forms";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Sign in" };

type TProps = { searchParams: Promise<{ next?: string | string[] }> };

export default async function SignInPage({ searchParams }: TProps) {
  const raw = (await searchParams).next;
  const next = safeNext(Array.isArray(raw) ? raw[0] : raw);
  const user = await currentUser();
  return (
    <>
      <h1>Sign in</h1>
      {user ? (
        <p>You are signed in as {user.name} ({user.email}). <Link href={next}>Continue</Link> or <Link href="/sign-out">sign out</Link>.</p>
      ) : (
        <>
          <p>Questionnaires and profiles belong to a utility&apos;s workspace: sign in to open them. Laboratories with a share link or a results link need no account.</p>
          <SignInForm next={next} />
          <p>No account yet? <Link href={`/sign-up?next=${encodeURIComponent(next)}`}>Create an account</Link>.</p>
        </>
      )}
    </>
  );
}
