import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import type { TAnswers } from "@/lib/questionnaire/answers";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { answerWarnings } from "@/lib/questionnaire/warnings";
import { exampleWith, readExample } from "../../helpers/examples";

const facts = questionnaireFacts(getBaseline());
const ids = (answers: unknown) => answerWarnings(answers as TAnswers, facts).map((w) => w.id);

describe("warnings on answers that are valid but probably not meant", () => {
  test("only the Public client on PLC: nobody reads or manages the meter remotely, warned on the Reading and Management ports", () => {
    const answers = exampleWith("single-phase-plc", (a) => {
      a.clients.reading.ports = ["optical"];
      a.clients.management.ports = ["optical"];
    });
    const warnings = answerWarnings(answers as TAnswers, facts);
    expect(warnings.map((w) => [w.id, w.path])).toEqual(
      expect.arrayContaining([
        ["no-remote-reading", "clients.reading.ports"],
        ["no-remote-management", "clients.management.ports"],
        ["firmware-unreachable", "clients.management.ports"],
        ["disconnector-unreachable", "clients.management.ports"],
      ]),
    );
    expect(warnings.find((w) => w.id === "no-remote-reading")?.risk).toMatch(/^No client but the Public client can reach the meter over PRIME PLC/);
    expect(warnings.find((w) => w.id === "no-remote-reading")?.suggestion).toBe("Add PRIME PLC to the ports of the Reading and Management clients.");
  });

  test("the Luxembourg-like example, fully secured and reachable, has no warning", () => {
    expect(ids(readExample("three-phase-hls-cellular"))).toEqual([]);
  });

  test("a firmware client over cellular with a password and no encryption is warned, with the suggested setting", () => {
    const answers = exampleWith("three-phase-hls-cellular", (a) => {
      a.security.firmware = { authentication: "lls", hlsMechanism: "gmac", securitySuite: null, securityPolicy: "none" };
    });
    const warning = answerWarnings(answers as TAnswers, facts).find((w) => w.id === "firmware-password-in-clear");
    expect(warning).toMatchObject({ path: "security.firmware.authentication", suggestion: "Use a cryptographic challenge (HLS) with messages authenticated and encrypted." });
    expect(warning?.risk).toContain("over PRIME PLC and cellular");
  });

  test("a remote Management client without encryption, and passwords on two clients, are warned; a Management client on the optical port only is not", () => {
    expect(ids(readExample("single-phase-plc"))).toEqual(["management-unencrypted", "several-passwords"]);
    const local = exampleWith("single-phase-plc", (a) => (a.clients.management.ports = ["optical"]));
    expect(ids(local)).not.toContain("management-unencrypted");
  });

  test("every warning is one sentence on the risk and one on the setting", () => {
    const answers = exampleWith("single-phase-plc", (a) => {
      a.clients.reading.ports = ["optical"];
      a.clients.management.ports = ["optical"];
    });
    for (const w of answerWarnings(answers as TAnswers, facts)) {
      expect(w.risk, w.id).toMatch(/^[A-Z][^.]*(\.[^.]+)*\.$/);
      expect(w.risk.split(". ").length, w.id).toBe(1);
      expect(w.suggestion, w.id).toMatch(/^[A-Z].*\.$/);
    }
  });
});
