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

  test("on a single-phase meter an alarm of phases L2 or L3 is refused, naming the question", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => a.alarms.raised.push("alarm-voltage-sag-l2", "alarm-phase-sequence-reversal")));
    const n = (readExample("single-phase-plc") as { alarms: { raised: string[] } }).alarms.raised.length;
    expect(issues).toEqual([
      { path: `alarms.raised.${n}`, question: "Alarm", message: 'the alarm "Voltage sag L2" needs a three-phase meter; this meter is single-phase' },
      { path: `alarms.raised.${n + 1}`, question: "Alarm", message: 'the alarm "Phase sequence reversal" needs a three-phase meter; this meter is single-phase' },
    ]);
  });

  test("on a single-phase meter phase angles are refused, naming the question; on a three-phase meter they are valid", () => {
    const issues = issuesOf(exampleWith("single-phase-plc", (a) => (a.metering.instantaneous.phaseAngles = true)));
    expect(issues).toEqual([
      {
        path: "metering.instantaneous.phaseAngles",
        question: "Instantaneous phase angles",
        message: "only three-phase meters have what this answer adds (instantaneous phase angles are measured); this meter is single-phase",
      },
    ]);
    expect(issuesOf(exampleWith("three-phase-hls-cellular", (a) => a.alarms.raised.push("alarm-voltage-sag-l2")))).toEqual([]);
  });

  test("answers that ask for single-phase items too stay valid on a single-phase meter (Irms, P1, M-Bus)", () => {
    const answers = exampleWith("single-phase-plc", (a) => {
      a.metering.irms.enabled = true;
      a.metering.irms.thresholdA = 20;
      a.metering.p1Port.enabled = true;
      a.metering.mbus.enabled = true;
      a.alarms.raised.push("alarm-voltage-sag-l1");
    });
    expect(issuesOf(answers)).toEqual([]);
  });

  test("the default answers raise no three-phase alarm on their single-phase meter", () => {
    const answers = defaultAnswers(baseline);
    expect(answers.electrical.phases).toBe(1);
    const threePhase = baseline.alarms.registers.flatMap((r) => r.bits).filter((b) => b.when?.includes("three-phase")).map((b) => b.id);
    expect(threePhase.length).toBeGreaterThan(0);
    expect(answers.alarms.raised.filter((id) => threePhase.includes(id))).toEqual([]);
  });

  test("the Broadcast client cannot authenticate: its association is pre-established", () => {
    const issues = issuesOf(exampleWith("full", (a) => (a.security.broadcast.authentication = "hls")));
    expect(issues).toEqual([
      {
        path: "security.broadcast.authentication",
        question: "Broadcast client authentication",
        message: "the Broadcast client's association is pre-established: it sends no AARQ and gets no reply, so it cannot authenticate with LLS or HLS; choose none",
      },
    ]);
  });

  test("the Broadcast client needs a policy that protects its messages with the broadcast key", () => {
    const issues = issuesOf(exampleWith("full", (a) => (a.security.broadcast.securityPolicy = "none")));
    expect(issues.map((i) => [i.path, i.message])).toEqual([
      ["security.broadcast.securityPolicy", "the Broadcast client does not authenticate, so its messages must be protected with the global broadcast key: choose a policy other than none"],
    ]);
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
