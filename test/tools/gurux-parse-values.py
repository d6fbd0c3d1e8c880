#!/usr/bin/env python3
"""Checks attribute values with an independent DLMS/COSEM implementation, Gurux.DLMS.Python 1.0.197.

Reads JSON lines on stdin, one per attribute value:

    {"classId": 8, "version": 0, "obis": "0-0:1.0.0.255", "attribute": 2, "hex": "19...", "object": "clock"}

For each it builds the Gurux object of that interface class, decodes the A-XDR bytes with Gurux's own
reader and hands the value to the object the way GXDLMSClient.updateValue does after a GET, so that
the object's own parser (setValue) checks the type and structure. Lines with the same optional
"object" key share one Gurux object, as a client keeps one per object it reads: Gurux parses a
Profile generic buffer only once it has the capture objects, so those must come first, as a Gurux
client reads them. Prints one JSON line per input line:

    {"index": 0, "result": "accepted", "guruxType": "UINT16"}
    {"index": 1, "result": "rejected", "error": "ValueError: ...", "guruxType": null}
    {"index": 2, "result": "unsupported", "error": "Gurux has no class 99"}

guruxType is the data type Gurux declares for the attribute (getDataType), null when it declares
none; Gurux declares ARRAY for every composite type and OCTET_STRING for date-times.

Usage (from the repository root):

    python3 test/tools/gurux-parse-values.py [--peers DIR] < values.jsonl

DIR holds gurux-dlms-python/ (default: $PRIME_PLUS_PEERS, else ../shared/peers beside the
repository). The library is GPL-2.0 and only run here as a separate process, a test oracle: nothing
of it is copied into the project.
"""

import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def peers_dir(given):
    if given:
        return given
    env = os.environ.get("PRIME_PLUS_PEERS")
    if env:
        return env if os.path.isabs(env) else os.path.join(ROOT, env)
    return os.path.join(os.path.dirname(ROOT), "shared", "peers")


def main():
    parser = argparse.ArgumentParser(description="Parse attribute values with Gurux.DLMS.Python")
    parser.add_argument("--peers", help="folder holding gurux-dlms-python/")
    args = parser.parse_args()
    # The peers folder is read-only in CI; never leave compiled files beside the library.
    sys.dont_write_bytecode = True
    sys.path.insert(0, os.path.join(peers_dir(args.peers), "gurux-dlms-python"))

    # Imported here: the path to the library is known only now.
    from gurux_dlms import GXByteBuffer, GXDLMSClient  # noqa: E402
    from gurux_dlms.ValueEventArgs import ValueEventArgs  # noqa: E402
    from gurux_dlms.enums import DataType, ErrorCode  # noqa: E402
    from gurux_dlms.internal._GXCommon import _GXCommon  # noqa: E402
    from gurux_dlms.internal._GXDataInfo import _GXDataInfo  # noqa: E402
    from gurux_dlms.objects import GXDLMSObject  # noqa: E402

    client = GXDLMSClient(True)
    settings = client.settings
    objects = {}

    def gurux_object(request):
        key = request.get("object")
        if key is not None and key in objects:
            return objects[key]
        obj = client.createObject(request["classId"])
        obj.version = request["version"]
        obj.logicalName = request["obis"].replace("-", ".").replace(":", ".")
        if key is not None:
            objects[key] = obj
        return obj

    def check(request):
        obj = gurux_object(request)
        if type(obj) is GXDLMSObject:
            return {"result": "unsupported", "error": "Gurux has no class %d" % request["classId"]}
        index = request["attribute"]
        try:
            declared = obj.getDataType(index)
        except Exception:  # noqa: BLE001 - an attribute Gurux does not know declares nothing
            declared = DataType.NONE
        gurux_type = None if declared == DataType.NONE else DataType(declared).name
        return dict(parse(obj, index, request), guruxType=gurux_type)

    def parse(obj, index, request):
        data = GXByteBuffer(bytearray.fromhex(request["hex"]))
        info = _GXDataInfo()
        value = _GXCommon.getData(settings, data, info)
        if not info.complete or data.position != len(data):
            return {"result": "rejected", "error": "Gurux read %d of %d bytes" % (data.position, len(data))}
        # The steps of GXDLMSClient.updateValue, keeping the event to see the error it may report.
        if value and obj.getDataType(index) == DataType.NONE:
            obj.setDataType(index, _GXCommon.getDLMSDataType(value))
        if isinstance(value, (bytes, bytearray)):
            ui_type = obj.getUIDataType(index)
            if ui_type == DataType.DATETIME and len(value) == 5:
                ui_type = DataType.DATE
                obj.setUIDataType(index, ui_type)
            if ui_type != DataType.NONE:
                value = client.changeType(value, ui_type, settings.useUtc2NormalTime)
        event = ValueEventArgs(settings, obj, index, 0, None)
        event.value = value
        obj.setValue(settings, event)
        if event.error != ErrorCode.OK:
            return {"result": "rejected", "error": "setValue reported %s" % ErrorCode(event.error).name}
        return {"result": "accepted"}

    for number, line in enumerate(sys.stdin):
        line = line.strip()
        if not line:
            continue
        try:
            reply = check(json.loads(line))
        except Exception as error:  # noqa: BLE001 - every failure is a finding to report, not a crash
            reply = {"result": "rejected", "error": "%s: %s" % (type(error).__name__, error)}
        reply["index"] = number
        print(json.dumps(reply), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
