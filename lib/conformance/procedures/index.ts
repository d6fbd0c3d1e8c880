import { accessRights, clientSecretUnreadable, firmwareClientScope, keysUnreadable, objectListExact, objectsReadable, publicNoMeteringData, readingNeverWrites, reservedToManagement, secretsUnreadable } from "./access-rights";
import { broadcastClockSync, broadcastProtected, preEstablishedAssociation } from "./broadcast";
import { alarmLatchedAndCleared, alarmLetThrough, alarmMasked, errorRegisterHealthy } from "./alarms";
import { associationOpens, associationRefusesWrongSecret, associationReleases, hdlcAssociation, publicAssociation, unknownSapRefused, wrapperAssociation } from "./associations";
import { authenticationFailureLogged, clockAdjustmentsLogged, eventRecorded, refusalLogged, secretChangeLogged, settingChangeLogged } from "./events";
import { billingReset, billingResetLockout } from "./billing";
import { firmwareTransferDisabled, limitUnchangeable } from "./firmware";
import { parameterMarksProfile } from "./amr";
import { disconnectMode0, remoteDisconnect, remoteReconnect, remoteReconnectArmed } from "./disconnect";
import { relaySwitch } from "./lighting";
import { hdlcParameters } from "./link";
import { p1Capture } from "./p1";
import { calendarConsistent, passiveCalendarActivated, passiveCalendarProgrammed } from "./tariffs";
import { logHoldsProfileEvents, logStructure, profileBoundaries, profileDepth, selectiveAccess } from "./profiles";
import { cipheredExchange, hlsAuthentication, invocationCounter, keyTransfer, llsPasswordChange, masterKeyTransfer, policyNotWeakened, securitySetupValues, unprotectedRefused } from "./security";
import { clockAdjustmentMarksProfile, clockReadsNow, clockSet, clockSettings, largeAdjustmentLogged, smallAdjustmentNotLogged } from "./time";
import type { TProcedure } from "./util";
import { profileValues } from "./values";

/** Every procedure of the runner by the id testbook/automation.json names it with. */
export const PROCEDURES: Readonly<Record<string, TProcedure>> = {
  "association-opens": associationOpens,
  "association-refuses-wrong-secret": associationRefusesWrongSecret,
  "association-releases": associationReleases,
  "public-association": publicAssociation,
  "unknown-sap-refused": unknownSapRefused,
  "hdlc-association": hdlcAssociation,
  "pre-established-association": preEstablishedAssociation,
  "broadcast-protected": broadcastProtected,
  "broadcast-clock-sync": broadcastClockSync,
  "wrapper-association": wrapperAssociation,
  "access-rights": accessRights,
  "secrets-unreadable": secretsUnreadable,
  "reading-never-writes": readingNeverWrites,
  "public-no-metering-data": publicNoMeteringData,
  "firmware-client-scope": firmwareClientScope,
  "object-list-exact": objectListExact,
  "objects-readable": objectsReadable,
  "reserved-to-management": reservedToManagement,
  "client-secret-unreadable": clientSecretUnreadable,
  "keys-unreadable": keysUnreadable,
  "alarm-let-through": alarmLetThrough,
  "alarm-masked": alarmMasked,
  "alarm-latched-and-cleared": alarmLatchedAndCleared,
  "error-register-healthy": errorRegisterHealthy,
  "event-recorded": eventRecorded,
  "refusal-logged": refusalLogged,
  "authentication-failure-logged": authenticationFailureLogged,
  "secret-change-logged": secretChangeLogged,
  "setting-change-logged": settingChangeLogged,
  "clock-adjustments-logged": clockAdjustmentsLogged,
  "security-setup-values": securitySetupValues,
  "policy-not-weakened": policyNotWeakened,
  "ciphered-exchange": cipheredExchange,
  "unprotected-refused": unprotectedRefused,
  "hls-authentication": hlsAuthentication,
  "invocation-counter": invocationCounter,
  "key-transfer": keyTransfer,
  "master-key-transfer": masterKeyTransfer,
  "lls-password-change": llsPasswordChange,
  "clock-reads-now": clockReadsNow,
  "clock-set": clockSet,
  "clock-settings": clockSettings,
  "small-adjustment-not-logged": smallAdjustmentNotLogged,
  "large-adjustment-logged": largeAdjustmentLogged,
  "clock-adjustment-marks-profile": clockAdjustmentMarksProfile,
  "profile-values": profileValues,
  "profile-boundaries": profileBoundaries,
  "profile-depth": profileDepth,
  "selective-access": selectiveAccess,
  "log-structure": logStructure,
  "log-holds-profile-events": logHoldsProfileEvents,
  "p1-capture": p1Capture,
  "billing-reset": billingReset,
  "billing-reset-lockout": billingResetLockout,
  "calendar-consistent": calendarConsistent,
  "passive-calendar-programmed": passiveCalendarProgrammed,
  "passive-calendar-activated": passiveCalendarActivated,
  "firmware-transfer-disabled": firmwareTransferDisabled,
  "limit-unchangeable": limitUnchangeable,
  "parameter-marks-profile": parameterMarksProfile,
  "remote-disconnect": remoteDisconnect,
  "remote-reconnect": remoteReconnect,
  "remote-reconnect-armed": remoteReconnectArmed,
  "disconnect-mode-0": disconnectMode0,
  "relay-switch": relaySwitch,
  "hdlc-parameters": hdlcParameters,
};
