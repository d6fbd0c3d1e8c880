import { describe, expect, test } from "vitest";
import { decodeProgress, encodeProgress, reviewed } from "@/lib/questionnaire/progress";
import { STEP_IDS } from "@/lib/questionnaire/sections";

describe("questionnaire progress in the draft", () => {
  test("the step and the visited steps survive a round trip through the draft's step field, within its 60 characters", () => {
    const progress = { step: "security", visited: new Set(["contact", "electrical", "security", "alarms"]) };
    const saved = encodeProgress(progress);
    expect(saved.length).toBeLessThanOrEqual(60);
    expect(decodeProgress(saved)).toEqual(progress);
    const all = encodeProgress({ step: "review", visited: new Set(STEP_IDS) });
    expect(decodeProgress(all).visited).toEqual(new Set(STEP_IDS));
    expect(reviewed(decodeProgress(all).visited)).toBe(true);
  });

  test("a new questionnaire has visited only its first step; an imported one (saved at review) every step", () => {
    expect(decodeProgress("contact")).toEqual({ step: "contact", visited: new Set(["contact"]) });
    expect(decodeProgress("review").visited).toEqual(new Set(STEP_IDS));
  });

  test("a draft saved on the former Metering functions step resumes on its first part; an unknown step on the first step", () => {
    expect(decodeProgress("metering").step).toBe("energy");
    expect(decodeProgress("metering").visited.has("security")).toBe(true);
    expect(decodeProgress("no-such-step/zz")).toEqual({ step: "contact", visited: new Set(["contact"]) });
  });
});
