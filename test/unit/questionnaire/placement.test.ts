import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { issueSentence, parseAnswers, type TAnswerIssue } from "@/lib/questionnaire/parse";
import { placeIssues, stillShown } from "@/lib/questionnaire/placement";
import { exampleWith } from "../../helpers/examples";

const baseline = getBaseline();
const issuesOf = (input: unknown): TAnswerIssue[] => {
  const r = parseAnswers(input, baseline);
  return r.ok ? [] : r.issues;
};

describe("where the form shows a problem", () => {
  const clash = exampleWith("single-phase-plc", (a) => (a.clients.reading.sap = 1));

  test("a SAP used twice sits on the SAP the person changed, worded from there", () => {
    const issues = issuesOf(clash);
    expect(placeIssues(issues, ["clients.reading.sap"])).toEqual([
      expect.objectContaining({ field: "clients.reading.sap", step: "clients", text: "Reading client SAP: SAP 1 is already used by the Management client" }),
    ]);
    expect(placeIssues(issues, ["clients.management.sap", "electrical.nominalVoltageV"])[0]).toMatchObject({
      field: "clients.management.sap",
      text: "Management client SAP: SAP 1 is already used by the Reading client",
    });
  });

  test("a maximum current below the basic current sits on whichever of the two was changed last", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.electrical.basicCurrentA = 80)));
    expect(placeIssues(issues, ["electrical.maximumCurrentA", "electrical.basicCurrentA"])[0]!.text).toBe(
      "Basic or reference current (A) must not be higher than the maximum current (60 A)",
    );
    expect(placeIssues(issues, [])[0]!.text).toBe("Maximum current (A) must not be lower than the basic current (80 A)");
  });

  test("a problem is no longer shown once one of the answers it involves changes", () => {
    const [placed] = placeIssues(issuesOf(clash), ["clients.reading.sap"]);
    expect(stillShown(placed!, clash, clash)).toBe(true);
    const fixed = exampleWith("single-phase-plc", (a) => (a.clients.reading.sap = 2));
    expect(stillShown(placed!, fixed, clash)).toBe(false);
  });
});

describe("one wording everywhere", () => {
  test("required fields read “Name and surname is required”, list questions never repeat their label", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => {
      a.contact.name = "";
      a.clients.firmware.enabled = true;
      a.clients.firmware.ports = [];
    }));
    expect(issues.map(issueSentence)).toEqual(["Name and surname is required", "Firmware client ports: choose at least one port"]);
    expect(issueSentence({ question: "Company", message: "is required" })).toBe("Company is required");
  });
});
