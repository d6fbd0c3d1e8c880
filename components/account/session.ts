import "server-only";
import { headers } from "next/headers";
import { sessionUser, type TSessionUser } from "@/lib/server/auth";

/** The signed-in person of the page's request, or null. */
export async function currentUser(): Promise<TSessionUser | null> {
  return sessionUser(await headers());
}
