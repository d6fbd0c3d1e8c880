#!/usr/bin/env python3
"""A second independent client on the Gurux Python library, for what gurux-read.py cannot do.

Associates over the TCP wrapper or HDLC over TCP with any mechanism the library has, including
HLS-ECDSA (the client's signing scalar and the meter's public point given in hex), then reads or
writes the attributes asked and prints one JSON document:

  python3 test/tools/gurux-client.py --port 4059 --client 16 --read 3:1.0.1.8.0.255:2
  python3 test/tools/gurux-client.py --port 4059 --client 1 --auth high-ecdsa --suite 1 \\
      --security authentication-encryption --system-title 5050430102030405 \\
      --block-key ... --auth-key ... --signing-key <32-byte scalar hex> --meter-key <04||X||Y hex> \\
      --read 8:0.0.1.0.0.255:2

Each --read gives {"target", "value"} or {"target", "error"} with the Gurux error text, so a test
can check that a denied read is refused. Exit 0 when the association was made, 1 otherwise.
"""
import argparse
import io
import json
import os
import socket
import sys
from contextlib import redirect_stdout

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
PEERS = os.environ.get("PRIME_PLUS_PEERS") or "../shared/peers"
PEERS = PEERS if os.path.isabs(PEERS) else os.path.normpath(os.path.join(ROOT, PEERS))
sys.path.insert(0, os.path.join(PEERS, "gurux-dlms-python"))
sys.dont_write_bytecode = True

from gurux_dlms import GXByteBuffer, GXDLMSException, GXReplyData  # noqa: E402
from gurux_dlms.ecdsa.GXPrivateKey import GXPrivateKey  # noqa: E402
from gurux_dlms.ecdsa.GXPublicKey import GXPublicKey  # noqa: E402
from gurux_dlms.enums import Authentication, InterfaceType, ObjectType, Security  # noqa: E402
from gurux_dlms.secure import GXDLMSSecureClient  # noqa: E402

AUTH = {"none": Authentication.NONE, "low": Authentication.LOW, "high-gmac": Authentication.HIGH_GMAC,
        "high-sha256": Authentication.HIGH_SHA256, "high-ecdsa": Authentication.HIGH_ECDSA}
SECURITY = {"none": Security.NONE, "authentication": Security.AUTHENTICATION, "encryption": Security.ENCRYPTION,
            "authentication-encryption": Security.AUTHENTICATION_ENCRYPTION}


def json_value(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    return str(value)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--hdlc", action="store_true")
    ap.add_argument("--client", type=int, required=True)
    ap.add_argument("--auth", choices=sorted(AUTH), default="none")
    ap.add_argument("--password", default=None, help="LLS password (text) or HLS-SHA256 secret (hex)")
    ap.add_argument("--suite", type=int, choices=[0, 1, 2], default=0)
    ap.add_argument("--security", choices=sorted(SECURITY), default="none")
    ap.add_argument("--system-title", default=None)
    ap.add_argument("--block-key", default=None)
    ap.add_argument("--auth-key", default=None)
    ap.add_argument("--invocation-counter", type=int, default=0)
    ap.add_argument("--signing-key", default=None, help="the client's ECDSA private scalar, hex")
    ap.add_argument("--meter-key", default=None, help="the meter's ECDSA public point 04||X||Y, hex")
    ap.add_argument("--read", action="append", default=[], help="classId:dotted-obis:attribute, repeatable")
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()

    interface = InterfaceType.HDLC if args.hdlc else InterfaceType.WRAPPER
    password = args.password
    if password and args.auth == "high-sha256":
        password = bytes.fromhex(password)
    client = GXDLMSSecureClient(True, args.client, 1, AUTH[args.auth], password, interface)
    cipher = client.ciphering
    cipher.security = SECURITY[args.security]
    cipher.securitySuite = args.suite
    if args.system_title:
        cipher.systemTitle = bytes.fromhex(args.system_title)
    if args.block_key:
        cipher.blockCipherKey = bytes.fromhex(args.block_key)
    if args.auth_key:
        cipher.authenticationKey = bytes.fromhex(args.auth_key)
    cipher.invocationCounter = args.invocation_counter
    if args.signing_key and args.meter_key:
        # Gurux keeps (public key that checks the meter's pass 4, private key that signs pass 3).
        cipher.signingKeyPair = (GXPublicKey.fromRawBytes(bytes.fromhex(args.meter_key)), GXPrivateKey.fromRawBytes(bytes.fromhex(args.signing_key)))

    out = {"associated": False, "step": "connect", "reads": []}
    sock = socket.create_connection((args.host, args.port), timeout=args.timeout)

    def exchange(frames):
        reply = GXReplyData()
        if isinstance(frames, (bytes, bytearray)):
            frames = [frames]
        for frame in frames or []:
            reply = GXReplyData()
            sock.sendall(bytes(frame))
            received = GXByteBuffer()
            while not client.getData(received, reply, GXReplyData()):
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("the meter closed the connection")
                received.set(chunk)
            while reply.isMoreData():
                sock.sendall(bytes(client.receiverReady(reply)))
                received = GXByteBuffer()
                while not client.getData(received, reply, GXReplyData()):
                    received.set(sock.recv(65536))
            if reply.error != 0:
                raise GXDLMSException(reply.error)
        return reply

    # The library prints key material during HLS: keep it off stdout, which carries the JSON.
    quiet = io.StringIO()
    try:
        with redirect_stdout(quiet):
            if args.hdlc:
                out["step"] = "snrm"
                client.parseUAResponse(exchange(client.snrmRequest()).data)
            out["step"] = "aarq"
            client.parseAareResponse(exchange(client.aarqRequest()).data)
            if client.authentication > Authentication.LOW:
                out["step"] = "hls"
                client.parseApplicationAssociationResponse(exchange(client.getApplicationAssociationRequest()).data)
            out["associated"] = True
            for target in args.read:
                class_id, obis, index = target.split(":")
                obj = client.createObject(ObjectType(int(class_id)))
                obj.logicalName = obis
                try:
                    reply = exchange(client.read(obj, int(index)))
                    out["reads"].append({"target": target, "value": json_value(client.updateValue(obj, int(index), reply.value))})
                except GXDLMSException as e:
                    out["reads"].append({"target": target, "error": str(e)})
            out["step"] = "release"
            try:
                exchange(client.releaseRequest())
            except Exception as e:  # noqa: BLE001  a release error is reported, not fatal
                out["releaseError"] = str(e)
            out["step"] = "done"
    except Exception as e:  # noqa: BLE001  the JSON says where it stopped
        out["error"] = f"{type(e).__name__}: {e}"
    finally:
        sock.close()
    print(json.dumps(out))
    return 0 if out["associated"] else 1


if __name__ == "__main__":
    sys.exit(main())
