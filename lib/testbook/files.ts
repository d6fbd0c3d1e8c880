import manifest from "../../testbook/manifest.json";
import associations from "../../testbook/chapters/associations.json";
import accessRights from "../../testbook/chapters/access-rights.json";
import security from "../../testbook/chapters/security.json";
import time from "../../testbook/chapters/time.json";
import tariffs from "../../testbook/chapters/tariffs.json";
import billing from "../../testbook/chapters/billing.json";
import loadProfiles from "../../testbook/chapters/load-profiles.json";
import events from "../../testbook/chapters/events.json";
import alarms from "../../testbook/chapters/alarms.json";
import disconnect from "../../testbook/chapters/disconnect.json";
import firmware from "../../testbook/chapters/firmware.json";
import powerQuality from "../../testbook/chapters/power-quality.json";
import communication from "../../testbook/chapters/communication.json";
import p1Port from "../../testbook/chapters/p1-port.json";
import prepayment from "../../testbook/chapters/prepayment.json";
import mbus from "../../testbook/chapters/mbus.json";
import publicLighting from "../../testbook/chapters/public-lighting.json";
import irms from "../../testbook/chapters/irms.json";

/** The testbook catalogue files, imported statically like the baseline; a test checks every chapter file is listed. */
export const TESTBOOK_FILES = {
  manifest,
  chapters: {
    associations,
    "access-rights": accessRights,
    security,
    time,
    tariffs,
    billing,
    "load-profiles": loadProfiles,
    events,
    alarms,
    disconnect,
    firmware,
    "power-quality": powerQuality,
    communication,
    "p1-port": p1Port,
    prepayment,
    mbus,
    "public-lighting": publicLighting,
    irms,
  },
};
