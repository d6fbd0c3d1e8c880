#!/usr/bin/env python3
"""Encoding vectors from the Gurux Python library (Gurux.DLMS.Python, GPL-2.0), an oracle for our codecs.

Gurux encodes without a network, so it is asked for the bytes of A-XDR values and of the APDUs its
client builds for fixed inputs. Writes test/fixtures/gurux/axdr-vectors.json and apdu-vectors.json.

  python3 test/tools/gurux-vectors.py

The peers are found in $PRIME_PLUS_PEERS or in ../shared/peers beside the repository. The library is
only imported by this script, run as its own process; nothing of it is copied into the project.
Every A-XDR vector's neutral value is written here by hand and checked against Gurux's bytes with a
small layout check of our own (IEC 62056-6-2 A-XDR), so a vector whose value and bytes disagree is
never written: the script stops instead.
"""
import datetime
import json
import os
import re
import struct
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PEERS = os.environ.get("PRIME_PLUS_PEERS") or "../shared/peers"
PEERS = PEERS if os.path.isabs(PEERS) else os.path.normpath(os.path.join(ROOT, PEERS))
sys.path.insert(0, os.path.join(PEERS, "gurux-dlms-python"))
sys.dont_write_bytecode = True

from gurux_dlms import (  # noqa: E402
    ConnectionState, GXArray, GXBitString, GXByteBuffer, GXDate, GXDateTime, GXEnum, GXInt8, GXStructure, GXTime,
    GXTimeZone, GXUInt8, GXUInt16, GXUInt32,
)
from gurux_dlms.enums import (  # noqa: E402
    Authentication, Command, Conformance, DataType, DateTimeExtraInfo, DateTimeSkips, InterfaceType,
    RequestTypes, Security,
)
from gurux_dlms.internal._GXCommon import _GXCommon  # noqa: E402
from gurux_dlms.objects import (  # noqa: E402
    GXDLMSCaptureObject, GXDLMSClock, GXDLMSData, GXDLMSDisconnectControl, GXDLMSProfileGeneric, GXDLMSRegister,
)
from gurux_dlms.secure import GXDLMSSecureClient  # noqa: E402

OUT = os.path.join(ROOT, "test", "fixtures", "gurux")


def library_version():
    with open(os.path.join(PEERS, "README.md"), encoding="utf8") as f:
        m = re.search(r"Gurux\.DLMS\.Python (\d+(?:\.\d+)+)", f.read())
    return m.group(1) if m else "unknown"


# Data CHOICE tags (IEC 62056-6-2, Data ::= CHOICE).
TAGS = {
    "null-data": 0, "array": 1, "structure": 2, "boolean": 3, "bit-string": 4, "double-long": 5,
    "double-long-unsigned": 6, "octet-string": 9, "visible-string": 10, "utf8-string": 12, "bcd": 13,
    "integer": 15, "long": 16, "unsigned": 17, "long-unsigned": 18, "compact-array": 19, "long64": 20,
    "long64-unsigned": 21, "enum": 22, "float32": 23, "float64": 24, "date-time": 25, "date": 26, "time": 27,
}
FIXED = {"integer": ">b", "long": ">h", "unsigned": ">B", "long-unsigned": ">H", "double-long": ">i",
         "double-long-unsigned": ">I", "long64": ">q", "long64-unsigned": ">Q", "enum": ">B", "float32": ">f",
         "float64": ">d"}
GURUX_TYPES = {
    "null-data": DataType.NONE, "boolean": DataType.BOOLEAN, "bit-string": DataType.BITSTRING,
    "double-long": DataType.INT32, "double-long-unsigned": DataType.UINT32, "octet-string": DataType.OCTET_STRING,
    "visible-string": DataType.STRING, "utf8-string": DataType.STRING_UTF8, "bcd": DataType.BCD,
    "integer": DataType.INT8, "long": DataType.INT16, "unsigned": DataType.UINT8, "long-unsigned": DataType.UINT16,
    "long64": DataType.INT64, "long64-unsigned": DataType.UINT64, "enum": DataType.ENUM, "float32": DataType.FLOAT32,
    "float64": DataType.FLOAT64, "date-time": DataType.DATETIME, "date": DataType.DATE, "time": DataType.TIME,
    "array": DataType.ARRAY, "structure": DataType.STRUCTURE,
}


def length_bytes(n):
    """A-XDR length: one byte below 0x80, else 0x8k followed by k bytes."""
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def field(value, width, unspecified):
    return (unspecified if value is None else value & ((1 << (8 * width)) - 1)).to_bytes(width, "big")


def date_bytes(v):
    return field(v["year"], 2, 0xFFFF) + field(v["month"], 1, 0xFF) + field(v["dayOfMonth"], 1, 0xFF) \
        + field(v["dayOfWeek"], 1, 0xFF)


def time_bytes(v):
    return field(v["hour"], 1, 0xFF) + field(v["minute"], 1, 0xFF) + field(v["second"], 1, 0xFF) \
        + field(v["hundredths"], 1, 0xFF)


def date_time_bytes(v):
    return date_bytes(v) + time_bytes(v) + field(v["deviation"], 2, 0x8000) + field(v["clockStatus"], 1, 0xFF)


def expected(type_, value):
    """Our own reading of the A-XDR layout for a neutral value, to check Gurux's bytes against."""
    tag = bytes([TAGS[type_]])
    if type_ == "null-data":
        return tag
    if type_ == "boolean":
        return tag + bytes([1 if value else 0])
    if type_ in ("long64", "long64-unsigned"):
        return tag + struct.pack(FIXED[type_], int(value))
    if type_ in FIXED:
        return tag + struct.pack(FIXED[type_], value)
    if type_ == "bit-string":
        packed = int(value, 2) << ((8 - len(value) % 8) % 8) if value else 0
        return tag + length_bytes(len(value)) + packed.to_bytes((len(value) + 7) // 8, "big")
    if type_ == "octet-string":
        return tag + length_bytes(len(value) // 2) + bytes.fromhex(value)
    if type_ in ("visible-string", "utf8-string"):
        raw = value.encode("ascii" if type_ == "visible-string" else "utf8")
        return tag + length_bytes(len(raw)) + raw
    if type_ == "bcd":
        return tag + bytes.fromhex(value)
    if type_ == "date-time":
        return tag + date_time_bytes(value)
    if type_ == "date":
        return tag + date_bytes(value)
    if type_ == "time":
        return tag + time_bytes(value)
    if type_ in ("array", "structure"):
        return tag + length_bytes(len(value)) + b"".join(expected(e["type"], e["value"]) for e in value)
    raise ValueError(type_)


def gurux_date_time(v, utc2normal=False):
    """A GXDateTime (or GXDate / GXTime) holding a neutral date-time, date or time."""
    skip = DateTimeSkips.NONE
    names = [("year", DateTimeSkips.YEAR), ("month", DateTimeSkips.MONTH), ("dayOfMonth", DateTimeSkips.DAY),
             ("dayOfWeek", DateTimeSkips.DAY_OF_WEEK), ("hour", DateTimeSkips.HOUR),
             ("minute", DateTimeSkips.MINUTE), ("second", DateTimeSkips.SECOND),
             ("hundredths", DateTimeSkips.MILLISECOND), ("deviation", DateTimeSkips.DEVITATION),
             ("clockStatus", DateTimeSkips.STATUS)]
    for name, flag in names:
        if name in v and v[name] is None:
            skip |= flag
    extra = DateTimeExtraInfo.NONE
    month, day = v.get("month"), v.get("dayOfMonth")
    has_date, has_time = "year" in v, "hour" in v
    # Gurux spells the special months and days as "extra" flags, and its date and date-time writers
    # map the month flags to opposite bytes, so the byte wanted decides which flag is set.
    if month in (0xFD, 0xFE):
        begin = (month == 0xFE) != has_time
        extra |= DateTimeExtraInfo.DST_BEGIN if begin else DateTimeExtraInfo.DST_END
        month = None
    if day in (0xFD, 0xFE):
        extra |= DateTimeExtraInfo.LAST_DAY2 if day == 0xFD else DateTimeExtraInfo.LAST_DAY
        day = None
    # Gurux derives the deviation from the value's UTC offset: minus the offset by default, the offset
    # itself with useUtc2NormalTime; it mishandles negative offsets, so only positive ones are made.
    deviation = v.get("deviation") or 0
    offset = deviation if utc2normal else -deviation
    if offset < 0:
        raise ValueError("Gurux cannot write this deviation with this convention")
    value = datetime.datetime(v.get("year") or 2000, month or 1, day or 1, v.get("hour") or 0, v.get("minute") or 0,
                              v.get("second") or 0, (v.get("hundredths") or 0) * 10000, tzinfo=GXTimeZone(offset))
    result = (GXDateTime if has_time else GXDate)(value) if has_date else GXTime(value)
    result.skip |= skip
    result.extra = extra
    if has_date:
        # Gurux's default day of week (0xFF) would hide the one given.
        result.dayOfWeek = 0xFF if v["dayOfWeek"] is None else v["dayOfWeek"]
    if v.get("clockStatus") is not None:
        result.status = v["clockStatus"]
    return result


def gurux_value(type_, value):
    """The Python value Gurux's setData wants for a neutral value."""
    if type_ in ("long64", "long64-unsigned"):
        return int(value)
    if type_ == "octet-string":
        return bytes.fromhex(value)
    if type_ == "bcd":
        return int(value, 16)
    if type_ in ("date-time", "date", "time"):
        return gurux_date_time(value)
    if type_ in ("array", "structure"):
        items = GXArray() if type_ == "array" else GXStructure()
        items.extend(gurux_element(e["type"], e["value"]) for e in value)
        return items
    return value


def gurux_element(type_, value):
    """Inside arrays Gurux takes each element's type from its Python class (a plain int is a double-long)."""
    wrap = {"integer": GXInt8, "unsigned": GXUInt8, "long-unsigned": GXUInt16, "double-long-unsigned": GXUInt32,
            "enum": GXEnum, "bit-string": GXBitString}
    if type_ in wrap:
        return wrap[type_](value)
    if type_ in ("double-long", "boolean", "visible-string", "null-data"):
        return value
    if type_ in ("octet-string", "date-time", "array", "structure"):
        return gurux_value(type_, value)
    raise ValueError(f"no Gurux element class for {type_}")


def encode(type_, value, utc2normal=False):
    client = GXDLMSSecureClient(True)
    client.settings.useUtc2NormalTime = utc2normal
    buff = GXByteBuffer()
    if type_ == "date-time" and utc2normal:
        _GXCommon.setData(client.settings, buff, DataType.DATETIME, gurux_date_time(value, True))
    else:
        _GXCommon.setData(client.settings, buff, GURUX_TYPES[type_], gurux_value(type_, value))
    return bytes(buff.array())


def dt(year, month, day, dow, hour, minute, second, hundredths, deviation, status):
    return {"year": year, "month": month, "dayOfMonth": day, "dayOfWeek": dow, "hour": hour, "minute": minute,
            "second": second, "hundredths": hundredths, "deviation": deviation, "clockStatus": status}


def el(type_, value):
    return {"type": type_, "value": value}


AXDR = [
    ("null-data", "null-data", None),
    ("boolean true", "boolean", True),
    ("boolean false", "boolean", False),
    ("bit-string empty", "bit-string", ""),
    ("bit-string 1 bit", "bit-string", "1"),
    ("bit-string 4 bits", "bit-string", "0101"),
    ("bit-string 5 bits", "bit-string", "10110"),
    ("bit-string 8 bits", "bit-string", "10000001"),
    ("bit-string 9 bits", "bit-string", "101100111"),
    ("bit-string 11 bits", "bit-string", "10000000001"),
    ("bit-string 16 bits", "bit-string", "1111000010100101"),
    ("bit-string 23 bits", "bit-string", "01010101111111110000001"),
    ("double-long zero", "double-long", 0),
    ("double-long minus one", "double-long", -1),
    ("double-long max", "double-long", 2147483647),
    ("double-long min", "double-long", -2147483648),
    ("double-long-unsigned zero", "double-long-unsigned", 0),
    ("double-long-unsigned 123456", "double-long-unsigned", 123456),
    ("double-long-unsigned max", "double-long-unsigned", 4294967295),
    ("octet-string empty", "octet-string", ""),
    ("octet-string logical name", "octet-string", "0000010000ff"),
    ("octet-string 127 bytes", "octet-string", bytes(range(127)).hex()),
    ("octet-string 128 bytes", "octet-string", bytes(range(128)).hex()),
    ("octet-string 200 bytes", "octet-string", bytes(range(200)).hex()),
    ("octet-string 300 bytes", "octet-string", bytes(i % 256 for i in range(300)).hex()),
    ("visible-string empty", "visible-string", ""),
    ("visible-string logical device name", "visible-string", "GRX0000000123456"),
    ("utf8-string non-ASCII", "utf8-string", "Überspannung ☀ 5 € ñ"),
    ("bcd 12", "bcd", "12"),
    ("bcd 99", "bcd", "99"),
    ("integer zero", "integer", 0),
    ("integer max", "integer", 127),
    ("integer min", "integer", -128),
    ("integer minus one", "integer", -1),
    ("long max", "long", 32767),
    ("long min", "long", -32768),
    ("long minus two", "long", -2),
    ("unsigned zero", "unsigned", 0),
    ("unsigned max", "unsigned", 255),
    ("long-unsigned max", "long-unsigned", 65535),
    ("long-unsigned 0x1234", "long-unsigned", 4660),
    ("long64 zero", "long64", "0"),
    ("long64 minus one", "long64", "-1"),
    ("long64 max", "long64", "9223372036854775807"),
    ("long64 min", "long64", "-9223372036854775808"),
    ("long64-unsigned zero", "long64-unsigned", "0"),
    ("long64-unsigned 1234567890123", "long64-unsigned", "1234567890123"),
    ("long64-unsigned max", "long64-unsigned", "18446744073709551615"),
    ("enum zero", "enum", 0),
    ("enum 3", "enum", 3),
    ("enum 255", "enum", 255),
    ("float32 zero", "float32", 0.0),
    ("float32 1.5", "float32", 1.5),
    ("float32 -2.25", "float32", -2.25),
    ("float32 0.1 (nearest float32)", "float32", 0.1),
    ("float32 max", "float32", 3.4028234663852886e38),
    ("float64 0.1", "float64", 0.1),
    ("float64 -1e300", "float64", -1e300),
    ("float64 max", "float64", 1.7976931348623157e308),
    ("float64 smallest subnormal", "float64", 5e-324),
    ("date-time UTC+1 without daylight saving", "date-time", dt(2026, 12, 1, 2, 10, 30, 15, 25, -60, 0x00)),
    ("date-time UTC", "date-time", dt(2026, 1, 1, 4, 0, 0, 0, 0, 0, 0x00)),
    ("date-time daylight saving active, UTC+2", "date-time", dt(2026, 7, 15, 3, 23, 59, 59, 99, -120, 0x80)),
    ("date-time clock status invalid and doubtful", "date-time", dt(2026, 3, 29, 7, 2, 0, 0, 0, -60, 0x03)),
    ("date-time deviation and clock status not specified", "date-time", dt(2026, 12, 1, 2, 10, 30, 0, None, None, None)),
    ("date-time every field not specified", "date-time", dt(None, None, None, None, None, None, None, None, None, None)),
    ("date-time every day at 00:00:00, any year", "date-time", dt(None, None, None, None, 0, 0, 0, 0, None, None)),
    ("date-time month 0xFE (daylight saving begins), day 0xFE (last day of month)", "date-time", dt(None, 0xFE, 0xFE, None, 3, 0, 0, None, None, None)),
    ("date-time positive deviation", "date-time", dt(2026, 12, 1, 2, 10, 30, 15, 0, 120, 0x00)),
    ("date", "date", {"year": 2026, "month": 12, "dayOfMonth": 1, "dayOfWeek": 2}),
    ("date any year", "date", {"year": None, "month": 5, "dayOfMonth": 1, "dayOfWeek": None}),
    ("date month 0xFE (daylight saving begins), day 0xFD (second last day of month)", "date", {"year": None, "month": 0xFE, "dayOfMonth": 0xFD, "dayOfWeek": 7}),
    ("time", "time", {"hour": 10, "minute": 30, "second": 15, "hundredths": 25}),
    ("time any hour, hundredths not specified", "time", {"hour": None, "minute": 15, "second": 0, "hundredths": None}),
    ("array empty", "array", []),
    ("array of long-unsigned", "array", [el("long-unsigned", 1), el("long-unsigned", 2), el("long-unsigned", 0xFFFF)]),
    ("array of 130 unsigned (two-byte count)", "array", [el("unsigned", i) for i in range(130)]),
    ("structure capture object definition", "structure", [
        el("long-unsigned", 8), el("octet-string", "0000010000ff"), el("integer", 2), el("long-unsigned", 0)]),
    # Inside a structure the bit-string has a multiple of 8 bits: Gurux writes a GXBitString's length
    # as 8 bits per byte, dropping its padding (a 3-bit "101" came out as 04 08 a0).
    ("structure of mixed types", "structure", [
        el("boolean", True), el("double-long", -5), el("visible-string", "abc"), el("enum", 27), el("null-data", None),
        el("bit-string", "10100101")]),
    ("array of structures with nested arrays", "array", [
        el("structure", [el("double-long-unsigned", 1), el("date-time", dt(2026, 12, 1, 2, 0, 15, 0, 0, -60, 0)),
                         el("array", [el("unsigned", 1), el("unsigned", 2)])]),
        el("structure", [el("double-long-unsigned", 2), el("date-time", dt(2026, 12, 1, 2, 0, 30, 0, 0, -60, 0)),
                         el("array", [])]),
    ]),
]

def axdr_vectors():
    vectors = []
    for name, type_, value in AXDR:
        utc2normal = name == "date-time positive deviation"
        got = encode(type_, value, utc2normal)
        want = expected(type_, value)
        if got != want:
            raise SystemExit(f"{name}: Gurux wrote {got.hex()}, the neutral value reads {want.hex()}")
        vector = {"name": name, "type": type_, "tag": TAGS[type_], "value": value, "hex": got.hex()}
        if utc2normal:
            vector["gurux"] = "written with settings.useUtc2NormalTime = True: by default Gurux writes minus the UTC offset"
        vectors.append(vector)
    return vectors


# The example meter's keys (GuruxDLMS.c ciphering defaults) and the client system title it is
# documented with; the challenges and invocation counter are arbitrary fixed values.
SYSTEM_TITLE = "4775727578313233"
BLOCK_KEY = "000102030405060708090a0b0c0d0e0f"
AUTH_KEY = "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf"
CTOS = "4b35366a4e7a4b6d4b35366a4e7a4b6d"
STOC = "00112233445566778899aabbccddeeff"
SERVER_SYSTEM_TITLE = "4142434445464748"


def client(interface=InterfaceType.PDU, client_sap=16, auth=Authentication.NONE, password=None):
    return GXDLMSSecureClient(True, client_sap, 1, auth, password, interface)


def gmac_client(security):
    c = client(client_sap=1, auth=Authentication.HIGH_GMAC)
    c.ciphering.security = security
    c.ciphering.securitySuite = 0
    c.ciphering.systemTitle = bytes.fromhex(SYSTEM_TITLE)
    c.ciphering.blockCipherKey = bytes.fromhex(BLOCK_KEY)
    c.ciphering.authenticationKey = bytes.fromhex(AUTH_KEY)
    c.ciphering.invocationCounter = 0x10
    c.ctoSChallenge = bytes.fromhex(CTOS)
    return c


def one(messages):
    """Gurux returns a list of messages (list of lists for readList); each vector here is one APDU."""
    while isinstance(messages, list):
        if len(messages) != 1:
            raise SystemExit(f"expected one message, got {len(messages)}")
        messages = messages[0]
    return bytes(messages).hex()


CLOCK = "0.0.1.0.0.255"
REGISTER = "1.0.1.8.0.255"
PROFILE = "1.0.99.1.0.255"
DISCONNECT = "0.0.96.3.10.255"
GMAC_INPUTS = {"mechanism": "high-gmac (5)", "suite": 0, "systemTitle": SYSTEM_TITLE, "blockKey": BLOCK_KEY,
               "authKey": AUTH_KEY, "invocationCounter": 16, "ctoSChallenge": CTOS}


def apdu_vectors():
    vectors = []

    def add(name, call, inputs, hex_, framing="apdu", apdu=None, note=None):
        v = {"name": name, "gurux": call, "inputs": inputs, "framing": framing, "hex": hex_}
        if apdu is not None:
            v["apdu"] = apdu
        if note:
            v["note"] = note
        vectors.append(v)

    c = client()
    add("AARQ, no security", "GXDLMSSecureClient(True, 16, 1, Authentication.NONE, None, InterfaceType.PDU).aarqRequest()",
        {"clientSap": 16, "mechanism": "none"}, one(c.aarqRequest()))

    c = client(client_sap=17, auth=Authentication.LOW, password="12345678")
    add("AARQ, LLS", 'GXDLMSSecureClient(True, 17, 1, Authentication.LOW, "12345678", InterfaceType.PDU).aarqRequest()',
        {"clientSap": 17, "mechanism": "low (1)", "password": "12345678"}, one(c.aarqRequest()))

    c = gmac_client(Security.NONE)
    add("AARQ, HLS-GMAC, APDUs not ciphered",
        "GXDLMSSecureClient(True, 1, 1, Authentication.HIGH_GMAC, None, InterfaceType.PDU) with ciphering.security = "
        "Security.NONE, securitySuite 0, systemTitle, keys, invocationCounter = 16, ctoSChallenge set; aarqRequest()",
        {**GMAC_INPUTS, "security": "none"}, one(c.aarqRequest()))
    c.settings.sourceSystemTitle = bytes.fromhex(SERVER_SYSTEM_TITLE)
    c.settings.stoCChallenge = bytes.fromhex(STOC)
    add("HLS-GMAC pass 3 (Association LN method 1, reply_to_HLS_authentication), not ciphered",
        "after the AARQ above: settings.sourceSystemTitle and settings.stoCChallenge set; getApplicationAssociationRequest()",
        {**GMAC_INPUTS, "security": "none", "serverSystemTitle": SERVER_SYSTEM_TITLE, "stoCChallenge": STOC},
        one(c.getApplicationAssociationRequest()),
        note="The octet-string is SC 0x10 || invocation counter 16 || GMAC tag (12 bytes) over StoC with the client system title.")

    c = gmac_client(Security.AUTHENTICATION_ENCRYPTION)
    add("AARQ, HLS-GMAC, suite 0, authenticated and encrypted",
        "as above with ciphering.security = Security.AUTHENTICATION_ENCRYPTION; aarqRequest()",
        {**GMAC_INPUTS, "security": "authentication-encryption"}, one(c.aarqRequest()),
        note="The user-information is a glo-initiateRequest ciphered with invocation counter 16.")
    c.settings.sourceSystemTitle = bytes.fromhex(SERVER_SYSTEM_TITLE)
    c.settings.stoCChallenge = bytes.fromhex(STOC)
    add("HLS-GMAC pass 3, authenticated and encrypted",
        "after the ciphered AARQ above (the AARQ took invocation counter 16): getApplicationAssociationRequest()",
        {**GMAC_INPUTS, "security": "authentication-encryption", "serverSystemTitle": SERVER_SYSTEM_TITLE,
         "stoCChallenge": STOC},
        one(c.getApplicationAssociationRequest()),
        note="The GMAC tag inside uses invocation counter 17, the glo-action-request around it is ciphered with 18.")

    c = client()
    add("GET-request-normal", 'read(GXDLMSClock("0.0.1.0.0.255"), 2)', {"classId": 8, "obis": CLOCK, "attribute": 2},
        one(c.read(GXDLMSClock(CLOCK), 2)))

    c = client()
    pg = GXDLMSProfileGeneric(PROFILE)
    add("GET-request-normal with selective access by entry",
        'readRowsByEntry(GXDLMSProfileGeneric("1.0.99.1.0.255"), 1, 10)',
        {"classId": 7, "obis": PROFILE, "attribute": 2, "fromEntry": 1, "count": 10},
        one(c.readRowsByEntry(pg, 1, 10)),
        note="Gurux sends to_entry = index + count - 1 = 10, from_selected_value 1, to_selected_value 0 (all columns).")

    c = client()
    pg = GXDLMSProfileGeneric(PROFILE)
    pg.captureObjects.append((GXDLMSClock(CLOCK), GXDLMSCaptureObject(2, 0)))
    pg.captureObjects.append((GXDLMSRegister(REGISTER), GXDLMSCaptureObject(2, 0)))
    start = dt(2026, 1, 1, None, 0, 0, 0, 0, 0, 0)
    end = dt(2026, 1, 2, None, 0, 0, 0, 0, 0, 0)
    add("GET-request-normal with selective access by range",
        'readRowsByRange(pg, start, end): pg = GXDLMSProfileGeneric("1.0.99.1.0.255") capturing clock 0.0.1.0.0.255:2 '
        "then register 1.0.1.8.0.255:2; start and end GXDateTime in UTC",
        {"classId": 7, "obis": PROFILE, "attribute": 2, "restrictingObject": {"classId": 8, "obis": CLOCK, "attribute": 2,
                                                                                "dataIndex": 0},
         "from": start, "to": end, "selectedValues": []},
        one(c.readRowsByRange(pg, gurux_date_time(start), gurux_date_time(end))),
        note="The dates go as octet-string(12) date-time; an empty selected_values array means all columns.")

    c = client()
    c.negotiatedConformance = Conformance.GET | Conformance.MULTIPLE_REFERENCES
    add("GET-request-with-list", 'readList([(GXDLMSClock("0.0.1.0.0.255"), 2), (GXDLMSRegister("1.0.1.8.0.255"), 2)])',
        {"items": [{"classId": 8, "obis": CLOCK, "attribute": 2}, {"classId": 3, "obis": REGISTER, "attribute": 2}]},
        one(c.readList([(GXDLMSClock(CLOCK), 2), (GXDLMSRegister(REGISTER), 2)])))

    c = client()
    c.settings.command = Command.GET_REQUEST
    c.settings.blockIndex = 1
    add("GET-request-next", "settings.command = Command.GET_REQUEST, settings.blockIndex = 1; receiverReady(RequestTypes.DATABLOCK)",
        {"blockNumber": 1}, one(c.receiverReady(RequestTypes.DATABLOCK)),
        note="Acknowledges block 1, as gurux-read does after the first GET-response-with-datablock.")

    c = client()
    clock = GXDLMSClock(CLOCK)
    time_value = dt(2026, 12, 1, 2, 10, 30, 0, 0, -60, 0)
    clock.time = gurux_date_time(time_value)
    add("SET-request-normal, clock time", 'clock = GXDLMSClock("0.0.1.0.0.255"); clock.time = GXDateTime(...); write(clock, 2)',
        {"classId": 8, "obis": CLOCK, "attribute": 2, "value": {"type": "octet-string(12) date-time", "dateTime": time_value}},
        one(c.write(clock, 2)),
        note="Gurux writes the clock time as an octet-string of 12 bytes, not as the date-time type.")

    c = client()
    data = GXDLMSData("0.0.96.1.10.255")
    data.value = GXUInt32(123456)
    add("SET-request-normal, data value", 'data = GXDLMSData("0.0.96.1.10.255"); data.value = GXUInt32(123456); write(data, 2)',
        {"classId": 1, "obis": "0.0.96.1.10.255", "attribute": 2, "value": el("double-long-unsigned", 123456)},
        one(c.write(data, 2)))

    c = client()
    add("ACTION-request-normal, disconnect control remote_disconnect",
        'method(GXDLMSDisconnectControl("0.0.96.3.10.255"), 1, 0, DataType.INT8)',
        {"classId": 70, "obis": DISCONNECT, "method": 1, "parameter": el("integer", 0)},
        one(c.method(GXDLMSDisconnectControl(DISCONNECT), 1, 0, DataType.INT8)))

    c = client()
    c.settings.connected |= ConnectionState.DLMS
    add("RLRQ, release request", "settings.connected |= ConnectionState.DLMS; releaseRequest()", {"reason": "normal (0)"},
        one(c.releaseRequest()))

    c = client(interface=InterfaceType.WRAPPER)
    frame = one(c.read(GXDLMSClock(CLOCK), 2))
    add("GET-request-normal in the TCP wrapper",
        'GXDLMSSecureClient(True, 16, 1, Authentication.NONE, None, InterfaceType.WRAPPER).read(GXDLMSClock("0.0.1.0.0.255"), 2)',
        {"clientSap": 16, "serverLogicalDevice": 1, "classId": 8, "obis": CLOCK, "attribute": 2}, frame, framing="wrapper",
        apdu=frame[16:], note="Wrapper header (IEC 62056-47): version 0x0001, source wPort 16, destination wPort 1, length.")
    return vectors


AXDR_FORMAT = {
    "value": "The value in a neutral JSON form, per type:",
    "null-data": "null",
    "boolean": "true or false",
    "bit-string": 'a string of "0" and "1", first bit first (the most significant bit of the first byte)',
    "integer, long, unsigned, long-unsigned, double-long, double-long-unsigned, enum": "a JSON number",
    "long64, long64-unsigned": "a decimal string (beyond JSON's exact integers)",
    "float32, float64": "a JSON number; a float32 value is the nearest float32 to it",
    "octet-string": "lower-case hex, no separators",
    "visible-string, utf8-string": "a JSON string",
    "bcd": 'the single octet as two hex digits, e.g. "12" for the digits 1 and 2',
    "date-time": "{year, month, dayOfMonth, dayOfWeek, hour, minute, second, hundredths, deviation, clockStatus}: "
                 "each field as the number in the bytes (deviation signed, in minutes; special months and days 0xFD/0xFE "
                 "as 253/254), or null for 'not specified' (0xFF, year 0xFFFF, deviation 0x8000, clock status 0xFF)",
    "date": "{year, month, dayOfMonth, dayOfWeek} as in date-time",
    "time": "{hour, minute, second, hundredths} as in date-time",
    "array, structure": "a list of {type, value} elements",
    "hex": "the whole encoding, type tag first",
    "compact-array": "absent: Gurux.DLMS.Python refuses to encode compact-array (DataType.COMPACT_ARRAY raises)",
}


def main():
    version = library_version()
    generated = {"library": f"Gurux.DLMS.Python {version}", "script": "test/tools/gurux-vectors.py"}
    axdr = {
        "description": "A-XDR encodings of Data values (IEC 62056-6-2) as the Gurux Python library writes them "
                       "(_GXCommon.setData), each checked against its neutral value.",
        "generatedWith": generated,
        "format": AXDR_FORMAT,
        "vectors": axdr_vectors(),
    }
    apdus = {
        "description": "APDUs the Gurux Python client builds for fixed inputs, with no network: InterfaceType.PDU gives the "
                       "APDU alone (framing 'apdu'); one vector shows the TCP wrapper around its APDU (framing 'wrapper', "
                       "with the APDU alone in 'apdu'). Invoke-id-and-priority is 0xC1 throughout (Gurux's default: "
                       "invoke id 1, confirmed, high priority).",
        "generatedWith": generated,
        "vectors": apdu_vectors(),
    }
    os.makedirs(OUT, exist_ok=True)
    for name, doc in (("axdr-vectors.json", axdr), ("apdu-vectors.json", apdus)):
        with open(os.path.join(OUT, name), "w", encoding="utf8") as f:
            json.dump(doc, f, indent=1, ensure_ascii=False)
            f.write("\n")
        print(f"{name}: {len(doc['vectors'])} vectors")


if __name__ == "__main__":
    main()
