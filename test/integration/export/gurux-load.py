"""Loads Gurux object-list XML files with Gurux.DLMS.Python's own loader and prints what it read.

Usage: python3 gurux-load.py GURUX_DLMS_PYTHON_DIR FILE...

Prints one JSON object: {"files": {FILE: {"objects": [...], "messages": [...]}}}. Each object is
what GXDLMSObjectCollection.load made of it: class id, version, logical name, the access mode the
loader stored for each attribute and method index, the loader's own attribute and method counts,
and the class values the PRIME+ export writes. "messages" holds whatever the library printed
while loading (it reports a failed object on stdout instead of raising).

A test oracle, run as a separate process: it imports the Gurux library (GPL-2.0) from its own
folder and is never part of the product.
"""

import contextlib
import io
import json
import math
import sys


def access_of(settings_list, index, field):
    found = settings_list.find(index)
    return None if found is None else int(getattr(found, field))


def class_values(obj):
    from gurux_dlms.enums import ObjectType

    kind = obj.objectType
    values = {}
    if kind in (ObjectType.REGISTER, ObjectType.EXTENDED_REGISTER, ObjectType.DEMAND_REGISTER):
        values["scaler"] = round(math.log10(obj.scaler)) if obj.scaler else None
        values["unit"] = int(obj.unit)
    if kind == ObjectType.DEMAND_REGISTER:
        values["period"] = obj.period
    if kind == ObjectType.PROFILE_GENERIC:
        values["captureObjects"] = [
            {"classId": int(target.objectType), "ln": target.logicalName, "attribute": co.attributeIndex, "dataIndex": co.dataIndex}
            for target, co in obj.captureObjects
        ]
        values["capturePeriod"] = obj.capturePeriod
        values["sortMethod"] = int(obj.sortMethod)
        values["profileEntries"] = obj.profileEntries
    if kind == ObjectType.ASSOCIATION_LOGICAL_NAME:
        values["clientSap"] = obj.clientSAP
        values["serverSap"] = obj.serverSAP
        values["applicationContext"] = int(obj.applicationContextName.contextId)
        values["mechanism"] = int(obj.authenticationMechanismName.mechanismId)
        values["securitySetupReference"] = obj.securitySetupReference
    if kind == ObjectType.REGISTER_MONITOR:
        mv = obj.monitoredValue
        values["monitoredValue"] = {"classId": int(mv.objectType), "ln": mv.logicalName, "attribute": mv.attributeIndex}
    if kind == ObjectType.LIMITER:
        mv = obj.monitoredValue
        values["monitoredValue"] = None if mv is None else {"classId": int(mv.objectType), "ln": mv.logicalName}
    return values


def describe(obj):
    return {
        "classId": int(obj.objectType),
        "version": obj.version,
        "ln": obj.logicalName,
        "description": obj.description,
        "attributeCount": obj.getAttributeCount(),
        "methodCount": obj.getMethodCount(),
        # What the loader stored from <Access> and <MethodAccess>, index by index. getAccess(1)
        # would answer READ whatever the file says, so the stored value is read instead.
        "access": {str(i): access_of(obj.attributes, i, "access") for i in range(1, 64) if obj.attributes.find(i) is not None},
        "methodAccess": {
            str(i): access_of(obj.methodAttributes, i, "methodAccess") for i in range(1, 64) if obj.methodAttributes.find(i) is not None
        },
        "values": class_values(obj),
    }


def main():
    library, files = sys.argv[1], sys.argv[2:]
    sys.path.insert(0, library)
    from gurux_dlms.objects import GXDLMSObjectCollection

    out = {}
    for path in files:
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            objects = GXDLMSObjectCollection.load(path)
        out[path] = {"objects": [describe(o) for o in objects], "messages": [m for m in printed.getvalue().splitlines() if m]}
    json.dump({"files": out}, sys.stdout)


if __name__ == "__main__":
    main()
