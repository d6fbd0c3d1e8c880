import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { defaultAnswers } from "@/lib/questionnaire/defaults";
import { parseAnswers, type TAnswerIssue } from "@/lib/questionnaire/parse";
import { validateAnswersSchema } from "@/lib/schemas/ajv";
import { EXAMPLE_NAMES, exampleWith, readExample } from "../../helpers/examples";

const baseline = getBaseline();
const issuesOf = (input: unknown): TAnswerIssue[] => {
  const result = parseAnswers(input, baseline);
  return result.ok ? [] : result.issues;
};

describe("parseAnswers", () => {
  test.each(EXAMPLE_NAMES)("the %s example answers are valid, for zod and for the published JSON Schema", (name) => {
    expect(issuesOf(readExample(name))).toEqual([]);
    expect(validateAnswersSchema(readExample(name))).toEqual([]);
  });

  test("the defaults from the baseline are valid once contact information is filled in", () => {
    const answers = defaultAnswers(baseline);
    expect(issuesOf(answers).map((i) => i.path)).toEqual(["contact.name", "contact.email", "contact.company", "contact.utilityFinalCustomer"]);
    answers.contact = { name: "A B", email: "a@b.example", company: "C", primeAllianceMember: false, utilityFinalCustomer: "D" };
    expect(issuesOf(answers)).toEqual([]);
  });

  test("contact fields are required and named by their question", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => delete a.contact.company));
    expect(issues).toEqual([{ path: "contact.company", question: "Company", message: "is required" }]);
  });

  test("HLS without a security suite is refused on the suite question", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.security.management.authentication = "hls")));
    expect(issues).toEqual([
      { path: "security.management.securitySuite", question: "Management client security suite", message: "HLS authentication needs a security suite" },
    ]);
  });

  test("an encryption policy with no keys is refused", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.security.reading.securityPolicy = "encrypted")));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["security.reading.securitySuite", 'the security policy "encrypted" needs a security suite and its keys'],
    ]);
  });

  test("a firmware-upgrade limit with no firmware function is refused", () => {
    const issues = issuesOf(
      exampleWith("single-phase-plc", (a) => {
        a.metering.firmwareUpgrade.enabled = false;
        a.regulatory.firmware.maxUpgrades = 5;
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["regulatory.firmware.maxUpgrades"]);
    expect(issues[0]!.question).toBe("Maximum number of firmware upgrades");
  });

  test("an out-of-range threshold is refused with its limit", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.regulatory.powerQuality.sagThresholdPercent = 75)));
    expect(issues).toEqual([
      { path: "regulatory.powerQuality.sagThresholdPercent", question: "Voltage sag threshold (% below nominal)", message: "must be at most 50 %" },
    ]);
  });

  test("ECDSA authentication needs security suite 1 or 2", () => {
    const issues = issuesOf(
      exampleWith("three-phase-hls-cellular", (a) => (a.security.management.hlsMechanism = "ecdsa")),
    );
    expect(issues.map((i) => i.path)).toEqual(["security.management.hlsMechanism"]);
  });

  test("two clients cannot share a SAP", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.clients.reading.sap = 1)));
    expect(issues.map((i) => [i.path, i.message])).toEqual([["clients.management.sap", "SAP 1 is already used by the Reading client"]]);
  });

  test("a client cannot use a port whose communication profile is off", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => a.clients.reading.ports.push("cellular")));
    expect(issues.map((i) => i.path)).toEqual(["clients.reading.ports.2"]);
  });

  test("the Public client refuses authentication it does not allow: it has no security answers at all", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.security.public = a.security.reading)));
    expect(issues).toEqual([{ path: "security", question: "Security", message: 'unknown field "public"' }]);
  });

  test("answers of an optional client that is not used are kept but not checked", () => {
    expect(issuesOf(exampleWith("single-phase-plc", (a) => (a.security.firmware.authentication = "hls")))).toEqual([]);
  });

  test("a single-phase meter cannot be wired four-wire", () => {
    expect(issuesOf(exampleWith("single-phase-plc", (a) => (a.electrical.wiring = "four-wire"))).map((i) => i.path)).toEqual(["electrical.wiring"]);
  });

  test("several tariff rates need a time-of-use calendar", () => {
    expect(issuesOf(exampleWith("single-phase-plc", (a) => (a.metering.tou.enabled = false))).map((i) => i.path)).toEqual(["metering.tou.enabled"]);
  });

  test("unknown event, log and alarm ids are refused", () => {
    const issues = issuesOf(
      exampleWith("single-phase-plc", (a) => {
        a.events.optionalLogs = ["no-such-log"];
        a.events.omittedEvents = ["no-such-event"];
        a.alarms.raised = ["no-such-alarm"];
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(["events.optionalLogs.0", "events.omittedEvents.0", "alarms.raised.0"]);
  });

  test("answers made for another baseline major version are refused", () => {
    expect(issuesOf(exampleWith("single-phase-plc", (a) => (a.baseline.version = "2.0.0"))).map((i) => i.path)).toEqual(["baseline.version"]);
  });

  test("input that is not an answers file at all gets one message per missing section", () => {
    const issues = issuesOf([1, 2, 3]);
    expect(issues.length).toBeGreaterThan(0);
    expect(issuesOf("not json object")[0]!.path).toBe("");
  });
});
