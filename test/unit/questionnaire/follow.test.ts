import { describe, expect, test } from "vitest";
import { getBaseline } from "@/lib/baseline/prime-plus";
import { setPath } from "@/lib/json/path";
import { defaultAnswers } from "@/lib/questionnaire/defaults";
import { questionnaireFacts } from "@/lib/questionnaire/facts";
import { applyFollowUps, followUps } from "@/lib/questionnaire/follow";
import { parseAnswers } from "@/lib/questionnaire/parse";
import { readExample } from "../../helpers/examples";

const baseline = getBaseline();
const facts = questionnaireFacts(baseline);
type TValues = Record<string, any>;
const changed = (base: TValues, edit: (a: TValues) => void) => {
  const next = structuredClone(base);
  edit(next);
  return applyFollowUps(base, next, facts) as TValues;
};

describe("what the form changes by itself", () => {
  test("by default the Reading and Management clients can be reached over PLC as well as the optical port", () => {
    const a = defaultAnswers(baseline);
    expect(a.clients.reading.ports).toEqual(["optical", "plc"]);
    expect(a.clients.management.ports).toEqual(["optical", "plc"]);
    expect(a.clients.firmware.ports).toEqual(["optical"]);
  });

  test("switching cellular on gives it to the clients that use remote ports by default; switching PLC off takes it from every client", () => {
    const a = changed(defaultAnswers(baseline), (x) => (x.communication.cellular.enabled = true));
    expect(a.clients.reading.ports).toEqual(["optical", "plc", "cellular"]);
    expect(a.clients.management.ports).toEqual(["optical", "plc", "cellular"]);
    expect(a.clients.public.ports).toEqual(["optical", "plc", "cellular"]);
    expect(a.clients.firmware.ports).toEqual(["optical"]);
    const b = changed(a, (x) => (x.communication.plc.enabled = false));
    expect(b.clients.reading.ports).toEqual(["optical", "cellular"]);
    expect(b.clients.limitedRemote.ports).toEqual(["cellular"]);
  });

  test("a single-phase meter loses the three-phase alarms and phase angles; a three-phase one gets the default three-phase alarms", () => {
    const three = readExample("three-phase-hls-cellular") as TValues;
    const single = changed(three, (x) => (x.electrical.phases = 1));
    expect(single.electrical.wiring).toBe("two-wire");
    expect(single.metering.instantaneous.phaseAngles).toBe(false);
    expect(single.alarms.raised.filter((id: string) => facts.threePhase.alarms.includes(id))).toEqual([]);
    expect(parseAnswers(single, baseline).ok).toBe(true);
    const back = changed(single, (x) => (x.electrical.phases = 3));
    expect(back.electrical.wiring).toBe("four-wire");
    expect(back.alarms.raised).toEqual(expect.arrayContaining(facts.threePhase.defaultAlarms));
  });

  test("a client given HLS or message protection gets security suite 0, and suite 1 with ECDSA", () => {
    const a = changed(readExample("single-phase-plc") as TValues, (x) => (x.security.management.authentication = "hls"));
    expect(a.security.management.securitySuite).toBe(0);
    expect(parseAnswers(a, baseline).ok).toBe(true);
    const b = changed(a, (x) => (x.security.management.hlsMechanism = "ecdsa"));
    expect(b.security.management.securitySuite).toBe(1);
    const c = changed(readExample("single-phase-plc") as TValues, (x) => (x.security.reading.securityPolicy = "encrypted"));
    expect(c.security.reading.securitySuite).toBe(0);
  });

  test("no time-of-use calendar means one tariff rate; no firmware upgrade means no upgrade limit and no Firmware client", () => {
    const a = changed(readExample("full") as TValues, (x) => (x.metering.tou.enabled = false));
    expect(a.metering.energy.tariffRates).toBe(1);
    const b = changed(readExample("three-phase-hls-cellular") as TValues, (x) => {
      x.regulatory.firmware.maxUpgrades = 5;
      x.metering.firmwareUpgrade.enabled = false;
    });
    expect(b.regulatory.firmware.maxUpgrades).toBeNull();
    expect(b.clients.firmware.enabled).toBe(false);
    expect(parseAnswers(b, baseline).ok).toBe(true);
  });

  test("answers that need nothing more give no follow-up, so the form does not loop", () => {
    const a = readExample("full") as TValues;
    const next = structuredClone(a);
    setPath(next, "metering.billing.billingDayOfMonth", 5);
    expect(followUps(a, next, facts)).toEqual([]);
  });
});
