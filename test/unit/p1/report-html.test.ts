import { describe, expect, test } from "vitest";
import { captureFromBytes } from "@/lib/p1/capture";
import { checkP1Capture } from "@/lib/p1/check";
import { reportHtml } from "@/lib/p1/report-html";
import { exampleLayout, frameOf, P1_AUTH_KEY, P1_AUTH_KEY_HEX, P1_KEY, P1_KEY_HEX, plainLayout, telegramAt, textBytes } from "../../helpers/p1-meter";

describe("reportHtml", () => {
  test("is one self-contained page with the verdict, the check lines and the decoded telegram next to its rows", () => {
    const layout = plainLayout("three-phase-hls-cellular");
    const html = reportHtml(checkP1Capture(captureFromBytes("p1.bin", textBytes(telegramAt(layout, 0).replace("(50)", "(4<2)"))), layout, { keys: null, checkedAt: "2026-03-10T12:00:00Z" }));
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain("Not conformant");
    expect(html).toContain("1-3:0.2.8(4&lt;2)");
    expect(html).not.toContain("(4<2)");
    expect(html).toContain("Version for P1 output");
    expect(html).toContain('<tr class="FAIL">');
  });

  test("holds no key", () => {
    const layout = exampleLayout("three-phase-hls-cellular");
    const html = reportHtml(checkP1Capture(captureFromBytes("p1.bin", frameOf(telegramAt(layout, 0), 1)), layout, { keys: { encryption: [P1_KEY], authentication: P1_AUTH_KEY }, checkedAt: "x" })).toUpperCase();
    expect(html).not.toContain(P1_KEY_HEX);
    expect(html).not.toContain(P1_AUTH_KEY_HEX);
  });
});
