import { handleAuthRequest } from "@/lib/server/auth";

/** Sign-up, sign-in, sign-out and the session, served by better-auth. */
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
