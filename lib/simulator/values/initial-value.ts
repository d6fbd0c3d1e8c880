import type { TData } from "../../dlms/axdr/data";
import type { TProfileObject } from "../../profile/schema";
import type { TValueContext } from "./context";
import { associationAttribute, sapAssignmentAttribute } from "./associations";
import { activityCalendarAttribute, registerActivationAttribute, specialDaysAttribute } from "./calendars";
import { autoConnectAttribute, gprsSetupAttribute, gsmDiagnosticAttribute, pppSetupAttribute } from "./cellular";
import { clockAttribute } from "./clock";
import { dataAttribute } from "./data-objects";
import { disconnectControlAttribute } from "./disconnect-control";
import { imageTransferAttribute } from "./image-transfer";
import { ipv4SetupAttribute, ipv6SetupAttribute, macAddressSetupAttribute, tcpUdpSetupAttribute } from "./internet";
import { hdlcSetupAttribute, localPortAttribute } from "./local-ports";
import { mbusClientAttribute, mbusMasterPortAttribute } from "./mbus";
import { limiterAttribute, registerMonitorAttribute } from "./monitors";
import { requiredAttributeValue } from "./parameters";
import { accountAttribute, chargeAttribute, creditAttribute, tokenGatewayAttribute } from "./payment";
import {
  applicationIdentificationAttribute,
  llcSscsSetupAttribute,
  macCountersAttribute,
  macFunctionalParametersAttribute,
  macNetworkAdministrationAttribute,
  macSetupAttribute,
  phyCountersAttribute,
} from "./prime-plc";
import { profileGenericAttribute } from "./profile-generic";
import { pushSetupAttribute } from "./push-setup";
import { logicalName } from "./references";
import { demandRegisterAttribute, registerAttribute } from "./registers";
import { scriptTableAttribute, singleActionScheduleAttribute } from "./scripts";
import { secretPlaceholder } from "./secrets";
import { securitySetupAttribute } from "./security-setup";

/** The value of one attribute of one class (attribute 1 and secrets excepted), or undefined for an attribute the class does not have. */
type TAttributeValue = (object: TProfileObject, index: number, ctx: TValueContext) => TData | undefined;

const BY_CLASS: Readonly<Record<number, TAttributeValue>> = {
  1: dataAttribute,
  3: registerAttribute,
  4: registerAttribute,
  5: demandRegisterAttribute,
  6: registerActivationAttribute,
  7: profileGenericAttribute,
  8: clockAttribute,
  9: scriptTableAttribute,
  11: specialDaysAttribute,
  15: associationAttribute,
  17: sapAssignmentAttribute,
  18: imageTransferAttribute,
  19: localPortAttribute,
  20: activityCalendarAttribute,
  21: registerMonitorAttribute,
  22: singleActionScheduleAttribute,
  23: hdlcSetupAttribute,
  29: autoConnectAttribute,
  40: pushSetupAttribute,
  41: tcpUdpSetupAttribute,
  42: ipv4SetupAttribute,
  43: macAddressSetupAttribute,
  44: pppSetupAttribute,
  45: gprsSetupAttribute,
  47: gsmDiagnosticAttribute,
  48: ipv6SetupAttribute,
  64: securitySetupAttribute,
  70: disconnectControlAttribute,
  71: limiterAttribute,
  72: mbusClientAttribute,
  74: mbusMasterPortAttribute,
  80: llcSscsSetupAttribute,
  81: phyCountersAttribute,
  82: macSetupAttribute,
  83: macFunctionalParametersAttribute,
  84: macCountersAttribute,
  85: macNetworkAdministrationAttribute,
  86: applicationIdentificationAttribute,
  111: accountAttribute,
  112: creditAttribute,
  113: chargeAttribute,
  115: tokenGatewayAttribute,
};

/** The interface classes initial values are known for. */
export const VALUE_CLASSES: readonly number[] = Object.keys(BY_CLASS).map(Number);

/**
 * The value an attribute of a profile object holds when the simulated meter starts: the logical
 * name for attribute 1, a placeholder for secrets, the value the profile fixes (parameters.ts),
 * otherwise the realistic start-up value of its class. Throws for a class or attribute no value is
 * known for, so that a gap shows at start-up rather than as a wrong answer.
 */
export function initialAttributeValue(object: TProfileObject, attributeIndex: number, context: TValueContext): TData {
  const attribute = object.attributes.find((a) => a.index === attributeIndex);
  if (!attribute) throw new Error(`${object.id} (${object.obis}) has no attribute ${attributeIndex}`);
  if (attributeIndex === 1) return logicalName(object.obis);
  if (attribute.secret) return secretPlaceholder(object, attributeIndex, context);
  const value = requiredAttributeValue(context.profile, object, attributeIndex) ?? BY_CLASS[object.classId]?.(object, attributeIndex, context);
  if (!value) throw new Error(`no initial value for ${object.className} (class ${object.classId} version ${object.version}) attribute ${attributeIndex} ${attribute.name} of ${object.id}`);
  return value;
}
