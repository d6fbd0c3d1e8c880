import { describe, expect, test } from "vitest";
import { refuseRequest } from "@/lib/http/request-guard";

const request = (method: string, rawPath: string, headers: Record<string, string> = {}) => ({
  method,
  rawPath,
  headers: new Headers({ host: "tool.example", ...headers }),
});
const sameSite = { "content-type": "application/json", origin: "http://tool.example" };

describe("refuseRequest", () => {
  test("a path with a malformed %-escape is a 400", () => {
    expect(refuseRequest(request("GET", "/questionnaires/%zz"))).toMatchObject({ status: 400 });
    expect(refuseRequest(request("GET", "/questionnaires/%E2%82"))).toMatchObject({ status: 400 });
    expect(refuseRequest(request("GET", "/questionnaires/caf%C3%A9"))).toBeNull();
  });

  test.each(["PROPFIND", "MKCOL", "LOCK", "FOO"])("%s is a 405 naming the methods served", (method) => {
    expect(refuseRequest(request(method, "/"))).toMatchObject({ status: 405, headers: { allow: "GET, HEAD, OPTIONS, POST, PUT, PATCH, DELETE" } });
  });

  test("a text/plain POST from another site is refused before it creates anything", () => {
    expect(refuseRequest(request("POST", "/api/questionnaires", { "content-type": "text/plain", origin: "http://evil.example" }))).toMatchObject({ status: 415 });
    expect(refuseRequest(request("POST", "/api/questionnaires", { "content-type": "application/json", origin: "http://evil.example" }))).toMatchObject({ status: 403 });
  });

  test("a JSON request from a page of the site goes on, by Origin or by Sec-Fetch-Site", () => {
    expect(refuseRequest(request("POST", "/api/questionnaires", sameSite))).toBeNull();
    expect(refuseRequest(request("PUT", "/api/questionnaires/x/draft", { "content-type": "application/json; charset=utf-8", "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(refuseRequest(request("POST", "/api/questionnaires", { "content-type": "application/json", "sec-fetch-site": "none" }))).toBeNull();
  });

  test("a sibling subdomain, a null origin or no origin at all is not the site", () => {
    const cases: Record<string, string>[] = [{ "sec-fetch-site": "same-site", origin: "http://tool.example" }, { origin: "null" }, {}];
    for (const h of cases) {
      expect(refuseRequest(request("POST", "/api/questionnaires", { "content-type": "application/json", ...h }))).toMatchObject({ status: 403 });
    }
  });

  test("behind a reverse proxy the forwarded host is the site", () => {
    const headers = { "content-type": "application/json", origin: "https://tool.example", host: "127.0.0.1:3000", "x-forwarded-host": "tool.example" };
    expect(refuseRequest(request("POST", "/api/questionnaires", headers))).toBeNull();
  });

  test("the results upload takes the filled testbook.csv; JSON routes do not", () => {
    const csv = { "content-type": "text/csv", origin: "http://tool.example" };
    expect(refuseRequest(request("POST", "/api/profiles/abc/results", csv))).toBeNull();
    expect(refuseRequest(request("POST", "/api/profiles/abc/p1", csv))).toMatchObject({ status: 415 });
    expect(refuseRequest(request("POST", "/api/profiles/abc/results", { ...csv, "content-type": "text/plain" }))).toMatchObject({ status: 415 });
  });

  test("a DELETE without a body needs no content type but still the site's origin", () => {
    expect(refuseRequest(request("DELETE", "/api/profiles/a/results-links/b", { origin: "http://tool.example" }))).toBeNull();
    expect(refuseRequest(request("DELETE", "/api/profiles/a/results-links/b", { origin: "http://evil.example" }))).toMatchObject({ status: 403 });
  });

  test("reading pages and files needs neither", () => {
    expect(refuseRequest(request("GET", "/api/profiles/abc/profile.pdf", { origin: "http://evil.example" }))).toBeNull();
    expect(refuseRequest(request("POST", "/questionnaires/abc", { "content-type": "text/plain" }))).toBeNull();
  });
});
