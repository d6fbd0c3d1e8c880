#!/usr/bin/env python3
"""Independent HDLC test vectors for lib/dlms/hdlc, made offline by Gurux.DLMS.Python 1.0.197.

Run from the repository root:

    python3 test/tools/gurux-hdlc-vectors.py > test/fixtures/gurux/hdlc-vectors.json

It imports the unmodified Gurux library from ../shared/peers (GPL-2.0, a test oracle only: nothing
here is copied into lib/). No network: the client classes build frames in memory, and frames the
server would send are built with the library's own frame builder (GXDLMS.getHdlcFrame with a
server-side GXDLMSSettings). Control bytes of server I frames are chosen by IEC 62056-46
(N(S), N(R), final bit) and checked by the Gurux client's own sequence check when it parses them.
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PEERS = os.environ.get("GURUX_PEERS", os.path.join(os.path.dirname(ROOT), "shared", "peers"))
sys.path.insert(0, os.path.join(PEERS, "gurux-dlms-python"))

from gurux_dlms import GXByteBuffer, GXDLMSClient, GXReplyData  # noqa: E402
from gurux_dlms.enums import Authentication, InterfaceType, RequestTypes  # noqa: E402
from gurux_dlms.GXDLMS import GXDLMS  # noqa: E402
from gurux_dlms.GXDLMSSettings import GXDLMSSettings  # noqa: E402
from gurux_dlms._GXFCS16 import _GXFCS16  # noqa: E402

LIBRARY = "Gurux.DLMS.Python 1.0.197"


def h(data):
    return bytes(data).hex()


def client(server_address=1, server_address_size=0):
    c = GXDLMSClient(True, 16, server_address, Authentication.NONE, None, InterfaceType.HDLC)
    c.serverAddressSize = server_address_size
    return c


def server_settings(client_address=16, server_address=1):
    s = GXDLMSSettings(True, None)
    s.clientAddress = client_address
    s.serverAddress = server_address
    s.hdlc.maxInfoTX = 128
    return s


def hdlc_parameters(max_tx, max_rx, window_tx, window_rx):
    """The UA information field in the order the Gurux server writes it (05, 06, 07, 08)."""
    bb = GXByteBuffer()
    bb.setUInt8(0x81)
    bb.setUInt8(0x80)
    bb.setUInt8(0)
    bb.setUInt8(0x05)
    GXDLMS.appendHdlcParameter(bb, max_tx)
    bb.setUInt8(0x06)
    GXDLMS.appendHdlcParameter(bb, max_rx)
    bb.setUInt8(0x07)
    bb.setUInt8(4)
    bb.setUInt32(window_tx)
    bb.setUInt8(0x08)
    bb.setUInt8(4)
    bb.setUInt32(window_rx)
    bb.setUInt8(len(bb) - 3, 2)
    return bb


def parse_frame(settings, frame):
    """Gurux's reading of one frame: control byte, segmentation ('more') and information (no LLC)."""
    reply = GXReplyData()
    buf = GXByteBuffer(bytearray(frame))
    control = GXDLMS.getHdlcData(settings.isServer, settings, buf, reply, None)
    GXDLMS.getDataFromFrame(buf, reply, True)
    more = (reply.moreData & RequestTypes.FRAME) != 0
    return control, more, reply.data.array()


def crc_vectors():
    inputs = [b"123456789", b"", bytes(range(256)), bytes.fromhex("a0070321930f")[:4]]
    out = []
    for data in inputs:
        fcs = _GXFCS16.countFCS16(bytearray(data), 0, len(data)) & 0xFFFF
        # Gurux swaps the bytes so that its big-endian setUInt16 puts the low byte first on the wire.
        out.append({"input": h(data), "wire": "%02x%02x" % (fcs >> 8, fcs & 0xFF)})
    return out


def address_vectors():
    cases = [
        ("client SAP 16", 16, 1),
        ("server 1 (upper only)", 1, 0),
        ("server 1/17", GXDLMSClient.getServerAddress(1, 17), 0),
        ("server 1/0", GXDLMSClient.getServerAddress(1, 0), 0),
        ("server 1/0x1234 (4 bytes)", GXDLMSClient.getServerAddress(1, 0x1234), 0),
        ("server 0x0123/0x0456 (4 bytes)", GXDLMSClient.getServerAddress(0x123, 0x456), 0),
        ("server 1/17 forced to 4 bytes", GXDLMSClient.getServerAddress(1, 17, 4), 4),
    ]
    out = []
    for name, value, size in cases:
        data = GXDLMS.getAddressBytes(value, size)
        logical, physical = [0], [0]
        if len(data) > 1:
            GXDLMS.getServerAddress(value, logical, physical)
        else:
            logical[0] = value
            physical[0] = None
        out.append({"name": name, "upper": logical[0], "lower": physical[0], "bytes": h(data)})
    return out


def snrm_vectors():
    out = []
    c = client()
    out.append({"name": "default parameters, server 1", "frame": h(c.snrmRequest())})
    c = client()
    c.hdlcSettings.maxInfoTX = 1024
    c.hdlcSettings.maxInfoRX = 2030
    c.hdlcSettings.windowSizeRX = 7
    out.append({
        "name": "transmit 1024, receive 2030, window receive 7",
        "proposal": {"maxInfoTransmit": 1024, "maxInfoReceive": 2030, "windowTransmit": 1, "windowReceive": 7},
        "frame": h(c.snrmRequest()),
    })
    c = client()
    c.hdlcSettings.maxInfoRX = 64
    out.append({
        "name": "receive 64 (one-byte value)",
        "proposal": {"maxInfoTransmit": 128, "maxInfoReceive": 64, "windowTransmit": 1, "windowReceive": 1},
        "frame": h(c.snrmRequest()),
    })
    c = client(GXDLMSClient.getServerAddress(1, 17))
    out.append({"name": "server 1/17 (two-byte address)", "upper": 1, "lower": 17, "frame": h(c.snrmRequest())})
    c = client(GXDLMSClient.getServerAddress(1, 0x1234))
    out.append({"name": "server 1/0x1234 (four-byte address)", "upper": 1, "lower": 0x1234, "frame": h(c.snrmRequest())})
    return out


def ua_vectors():
    out = []
    for max_tx, max_rx, w_tx, w_rx in [(128, 128, 1, 1), (200, 100, 1, 1), (2030, 512, 7, 1)]:
        s = server_settings()
        info = hdlc_parameters(max_tx, max_rx, w_tx, w_rx).array()
        # The server-side frame builder empties the buffer it is given: hand it a copy.
        frame = GXDLMS.getHdlcFrame(s, 0x73, GXByteBuffer(bytearray(info)))
        c = client()
        c.snrmRequest()
        c.parseUAResponse(GXByteBuffer(bytearray(info)))
        out.append({
            "name": "UA: server transmit %d, receive %d, windows %d/%d" % (max_tx, max_rx, w_tx, w_rx),
            "frame": h(frame),
            "information": h(info),
            "server": {"maxInfoTransmit": max_tx, "maxInfoReceive": max_rx, "windowTransmit": w_tx, "windowReceive": w_rx},
            "guruxClientAfterUa": {
                "maxInfoTransmit": c.hdlcSettings.maxInfoTX,
                "maxInfoReceive": c.hdlcSettings.maxInfoRX,
                "windowTransmit": c.hdlcSettings.windowSizeTX,
                "windowReceive": c.hdlcSettings.windowSizeRX,
            },
        })
    return out


def session_vector():
    """SNRM, UA, AARQ, a 300-byte response in Gurux-sized segments, the client's RRs, DISC."""
    c = client()
    steps = []
    steps.append({"from": "client", "what": "SNRM", "frame": h(c.snrmRequest())})
    s = server_settings()
    ua_info = hdlc_parameters(128, 128, 1, 1)
    ua = GXDLMS.getHdlcFrame(s, 0x73, ua_info)
    steps.append({"from": "server", "what": "UA", "frame": h(ua)})
    reply = GXReplyData()
    c.getData(GXByteBuffer(bytearray(ua)), reply)
    c.parseUAResponse(reply.data)

    aarq = c.aarqRequest()
    assert len(aarq) == 1
    control, more, info = parse_frame(server_settings(), aarq[0])
    steps.append({"from": "client", "what": "AARQ in one I frame", "frame": h(aarq[0]), "apdu": h(info)})

    apdu = bytes([0x61, 0x82, 0x01, 0x28]) + bytes((i * 7 + 3) & 0xFF for i in range(296))
    payload = GXByteBuffer()
    payload.set(bytes([0xE6, 0xE7, 0x00]) + apdu)
    ns = 0
    frames = []
    while payload.size != 0:
        frames.append(GXDLMS.getHdlcFrame(s, (1 << 5) | 0x10 | (ns << 1), payload))
        ns += 1
    for i, frame in enumerate(frames):
        control, more, info = parse_frame(c.settings, frame)
        assert control == (1 << 5) | 0x10 | (i << 1), "Gurux refused the sequence"
        steps.append({
            "from": "server", "what": "response segment %d" % (i + 1), "frame": h(frame),
            "control": control, "segmented": more, "information": h(info),
        })
        if more:
            steps.append({"from": "client", "what": "RR asking for the next segment", "frame": h(c.receiverReady(RequestTypes.FRAME))})
    steps.append({"from": "client", "what": "DISC", "frame": h(c.disconnectRequest(True))})
    return {"responseApdu": h(apdu), "steps": steps}


def server_frames():
    s = server_settings()
    apdu = bytes.fromhex("61 1f a1 09 06 07 60 85 74 05 08 01 01 a2 03 02 01 00 a3 05 a1 03 02 01 00 be 06 04 04 08 00 06 5f")
    response = GXByteBuffer()
    response.set(bytes([0xE6, 0xE7, 0x00]) + apdu)
    first = GXDLMS.getHdlcFrame(s, s.getNextSend(True), response)
    notification = bytes.fromhex("0f 00 00 00 01 00 09 03 01 02 03")
    push = GXByteBuffer()
    push.set(bytes([0xE6, 0xE7, 0x00]) + notification)
    ui = GXDLMS.getHdlcFrame(s, 0x13, push)
    return [
        {"name": "first response I frame (N(S)=0, N(R)=1, F)", "apdu": h(apdu), "frame": h(first)},
        {"name": "data-notification in a UI frame (F)", "apdu": h(notification), "frame": h(ui)},
        {"name": "DM", "frame": h(GXDLMS.getHdlcFrame(s, 0x1F, None))},
        {"name": "UA without information field", "frame": h(GXDLMS.getHdlcFrame(s, 0x73, None))},
    ]


def main():
    out = {
        "about": "Made by test/tools/gurux-hdlc-vectors.py with " + LIBRARY + " (offline, in memory). "
                 "Re-run: python3 test/tools/gurux-hdlc-vectors.py > test/fixtures/gurux/hdlc-vectors.json",
        "library": LIBRARY,
        "crc": crc_vectors(),
        "addresses": address_vectors(),
        "snrm": snrm_vectors(),
        "ua": ua_vectors(),
        "serverFrames": server_frames(),
        "session": session_vector(),
    }
    json.dump(out, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
