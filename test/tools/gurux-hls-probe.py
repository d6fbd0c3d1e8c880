#!/usr/bin/env python3
"""Tries the HLS associations gurux-read.py cannot make, with the Gurux Python library, and prints JSON.

  python3 test/tools/gurux-hls-probe.py --port P+3 --mechanism high     # client 18, HLS mechanism 2, secret "Gurux"
  python3 test/tools/gurux-hls-probe.py --port P+3 --mechanism ecdsa    # client 3, HLS mechanism 7, suite 1

P+3 is the LN/wrapper port of the Gurux C example meter (startGuruxMeter in test/helpers/gurux-meter.ts).
For ECDSA the client signs with a fresh P-256 key pair: the example meter holds no client certificate,
so the probe shows how far the association gets (AARQ/AARE, then pass 3), not a working setup.
Exit code 0 when the association completed, 1 otherwise.
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

from gurux_dlms import GXByteBuffer, GXReplyData  # noqa: E402
from gurux_dlms.ecdsa import GXEcdsa  # noqa: E402
from gurux_dlms.ecdsa.enums import Ecc  # noqa: E402
from gurux_dlms.enums import Authentication, InterfaceType  # noqa: E402
from gurux_dlms.secure import GXDLMSSecureClient  # noqa: E402


def make_client(mechanism):
    if mechanism == "high":
        # exampleserver.c addAssociationHigh: client SAP 0x12, secret "Gurux".
        return GXDLMSSecureClient(True, 18, 1, Authentication.HIGH, b"Gurux", InterfaceType.WRAPPER)
    # exampleserver.c addAssociationHighECDSA: client SAP 3, Security setup 0-0:43.0.4.255 with suite 1.
    client = GXDLMSSecureClient(True, 3, 1, Authentication.HIGH_ECDSA, None, InterfaceType.WRAPPER)
    client.ciphering.securitySuite = 1
    client.ciphering.systemTitle = bytes.fromhex("4775727578313233")
    client.ciphering.signingKeyPair = GXEcdsa.generateKeyPair(Ecc.P256)
    return client


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--mechanism", choices=["high", "ecdsa"], required=True)
    ap.add_argument("--timeout", type=float, default=10.0)
    args = ap.parse_args()

    client = make_client(args.mechanism)
    traffic = []
    out = {"mechanism": args.mechanism, "clientSap": client.clientAddress, "step": "connect", "associated": False}
    sock = socket.create_connection((args.host, args.port), timeout=args.timeout)

    def exchange(frames):
        reply = GXReplyData()
        for frame in frames:
            reply = GXReplyData()
            traffic.append({"direction": "tx", "hex": bytes(frame).hex()})
            sock.sendall(bytes(frame))
            received = GXByteBuffer()
            while not client.getData(received, reply, GXReplyData()):
                chunk = sock.recv(65536)
                if not chunk:
                    raise ConnectionError("the meter closed the connection")
                traffic.append({"direction": "rx", "hex": chunk.hex()})
                received.set(chunk)
        return reply

    # The library prints key material and diagnostics on stdout during HLS: keep them out of the JSON.
    library_output = io.StringIO()
    try:
        with redirect_stdout(library_output):
            out["step"] = "aarq"
            client.parseAareResponse(exchange(client.aarqRequest()).data)
            out["authenticationRequired"] = client.getIsAuthenticationRequired()
            out["step"] = "pass 3"
            reply = exchange(client.getApplicationAssociationRequest())
            out["pass3Error"] = reply.error
            out["step"] = "pass 4"
            client.parseApplicationAssociationResponse(reply.data)
            out["associated"] = True
            out["step"] = "release"
            exchange(client.releaseRequest())
            out["step"] = "done"
    except Exception as e:  # noqa: BLE001  the point is to report where it stops
        out["error"] = f"{type(e).__name__}: {e}"
    finally:
        sock.close()
    out["libraryOutput"] = [line for line in library_output.getvalue().splitlines() if not line.startswith("Private")]
    out["traffic"] = traffic
    print(json.dumps(out, indent=1))
    return 0 if out["associated"] else 1


if __name__ == "__main__":
    sys.exit(main())
