import "server-only";
import { notFound, redirect } from "next/navigation";
import { NotFoundError } from "@/lib/server/errors";
import { HttpError } from "@/lib/server/http";

/** Where sign-in sends the person back to afterwards; only paths of this site. */
export const signInPath = (next: string) => `/sign-in?next=${encodeURIComponent(next.startsWith("/") && !next.startsWith("//") ? next : "/")}`;

/** Runs a page's loader: signed out → the sign-in page (then back to `path`); a link the person may not know → the 404 page. */
export async function guardPage<T>(path: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof NotFoundError) notFound();
    if (e instanceof HttpError && e.status === 401) redirect(signInPath(path));
    throw e;
  }
}
