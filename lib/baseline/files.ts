import manifest from "../../profiles/prime-plus/manifest.json";
import classes from "../../profiles/prime-plus/classes.json";
import clients from "../../profiles/prime-plus/clients.json";
import security from "../../profiles/prime-plus/security.json";
import accessTemplates from "../../profiles/prime-plus/access-templates.json";
import conditions from "../../profiles/prime-plus/conditions.json";
import answerDefaults from "../../profiles/prime-plus/answer-defaults.json";
import events from "../../profiles/prime-plus/events.json";
import alarms from "../../profiles/prime-plus/alarms.json";
import amrStatus from "../../profiles/prime-plus/amr-status.json";
import communication from "../../profiles/prime-plus/communication.json";
import associationsSecurity from "../../profiles/prime-plus/objects/associations-security.json";
import identification from "../../profiles/prime-plus/objects/identification.json";
import timeTou from "../../profiles/prime-plus/objects/time-tou.json";
import billing from "../../profiles/prime-plus/objects/billing.json";
import disconnectLoadManagement from "../../profiles/prime-plus/objects/disconnect-load-management.json";
import errorsAlarmsEvents from "../../profiles/prime-plus/objects/errors-alarms-events.json";
import firmwareUpgrade from "../../profiles/prime-plus/objects/firmware-upgrade.json";
import publicLighting from "../../profiles/prime-plus/objects/public-lighting.json";
import irms from "../../profiles/prime-plus/objects/irms.json";
import otherAbstract from "../../profiles/prime-plus/objects/other-abstract.json";
import electricity from "../../profiles/prime-plus/objects/electricity.json";
import monitoringProfiles from "../../profiles/prime-plus/objects/monitoring-profiles.json";
import prepayment from "../../profiles/prime-plus/objects/prepayment.json";
import hanIhd from "../../profiles/prime-plus/objects/han-ihd.json";
import mbus from "../../profiles/prime-plus/objects/mbus.json";
import localPort from "../../profiles/prime-plus/objects/local-port.json";
import cellular from "../../profiles/prime-plus/objects/cellular.json";
import primePlc from "../../profiles/prime-plus/objects/prime-plc.json";

/**
 * The PRIME+ baseline files, imported statically so that the same data reaches the CLI,
 * the server and the browser without file-system access. A test checks that every file in
 * profiles/prime-plus/objects/ is listed here.
 */
export const PRIME_PLUS_FILES = {
  manifest,
  classes,
  clients,
  security,
  accessTemplates,
  conditions,
  answerDefaults,
  events,
  alarms,
  amrStatus,
  communication,
  objectGroups: {
    "associations-security": associationsSecurity,
    identification,
    "time-tou": timeTou,
    billing,
    "disconnect-load-management": disconnectLoadManagement,
    "errors-alarms-events": errorsAlarmsEvents,
    "firmware-upgrade": firmwareUpgrade,
    "public-lighting": publicLighting,
    irms,
    "other-abstract": otherAbstract,
    electricity,
    "monitoring-profiles": monitoringProfiles,
    prepayment,
    "han-ihd": hanIhd,
    mbus,
    "local-port": localPort,
    cellular,
    "prime-plc": primePlc,
  },
};
export type TBaselineFiles = { [K in keyof typeof PRIME_PLUS_FILES]: K extends "objectGroups" ? Record<string, unknown> : unknown };
