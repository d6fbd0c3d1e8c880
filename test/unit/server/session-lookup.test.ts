import { parseCookies, serializeSignedCookie } from "better-call";
import { describe, expect, test } from "vitest";
import { cookieValue, verifiedToken } from "@/lib/server/session-lookup";

// The cookies are signed by better-call, the library better-auth signs its session cookies with,
// so the fast session lookup is checked against the implementation it must agree with.
const SECRET = "a-secret-of-at-least-thirty-two-characters";
const NAME = "better-auth.session_token";

async function signedHeader(token: string, secret = SECRET): Promise<string> {
  const setCookie = await serializeSignedCookie(NAME, token, secret);
  return `theme=dark; ${setCookie.split(";")[0]}; other=1`;
}

describe("a session cookie signed by better-auth's library", () => {
  test("gives back its token", async () => {
    const header = await signedHeader("Zt3kq9V1mXo2PbR7sLwY4nHc8dEf0GaJ");
    const value = cookieValue(header, NAME)!;
    expect(value).toBe(parseCookies(header).get(NAME));
    expect(verifiedToken(value, SECRET)).toBe("Zt3kq9V1mXo2PbR7sLwY4nHc8dEf0GaJ");
  });

  test("signed with another secret gives nothing", async () => {
    const value = cookieValue(await signedHeader("Zt3kq9V1mXo2PbR7sLwY4nHc8dEf0GaJ", "another-secret-of-thirty-two-characters!"), NAME)!;
    expect(verifiedToken(value, SECRET)).toBeNull();
  });

  test("with its token changed and the signature kept gives nothing", async () => {
    const value = cookieValue(await signedHeader("Zt3kq9V1mXo2PbR7sLwY4nHc8dEf0GaJ"), NAME)!;
    expect(verifiedToken(value.replace(/^Z/, "Y"), SECRET)).toBeNull();
  });

  test("a forged, short, unsigned or missing signature gives nothing", () => {
    expect(verifiedToken("forged.c2lnbmF0dXJl", SECRET)).toBeNull();
    expect(verifiedToken("token-without-signature", SECRET)).toBeNull();
    expect(verifiedToken(".AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", SECRET)).toBeNull();
    expect(verifiedToken("token.!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!=", SECRET)).toBeNull();
  });
});

describe("reading a cookie from the Cookie header", () => {
  test("takes the first of that name, unquoted and URI-decoded, as the library does", () => {
    const header = `${NAME}="a%2Bb.c"; ${NAME}=second`;
    expect(cookieValue(header, NAME)).toBe("a+b.c");
    expect(cookieValue(header, NAME)).toBe(parseCookies(header).get(NAME));
  });

  test("does not match a cookie whose name only ends the same", () => {
    expect(cookieValue(`__Secure-${NAME}=x.y`, NAME)).toBeNull();
    expect(cookieValue("", NAME)).toBeNull();
  });

  test("keeps an undecodable value as it is", () => {
    expect(cookieValue(`${NAME}=%zz`, NAME)).toBe("%zz");
    expect(cookieValue(`${NAME}=%zz`, NAME)).toBe(parseCookies(`${NAME}=%zz`).get(NAME));
  });
});
