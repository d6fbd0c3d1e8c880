#!/usr/bin/env python3
"""Test vectors for lib/dlms/security, produced by an independent implementation.

Runs Gurux.DLMS.Python (GPL-2.0, used here as a separate program, never linked into ours) and
prints JSON with ciphered APDUs, HLS proofs and key wraps. Re-run with

    python3 test/tools/gurux-security-vectors.py [GURUX_DLMS_PYTHON_DIR] > test/fixtures/gurux/security-vectors.json

where GURUX_DLMS_PYTHON_DIR defaults to ../shared/peers/gurux-dlms-python next to the repository.
GXEcdsa draws its signature nonces from Python's `random` module, seeded below, so a re-run
writes the same file byte for byte (a seeded nonce is fine for test keys, never for real ones).
Each vector is also read back by Gurux (decrypt, or its client's check of a server proof) before
it is written, so the file only holds what Gurux accepts.
"""
import contextlib
import hashlib
import io
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_GURUX = os.path.normpath(os.path.join(HERE, "..", "..", "..", "shared", "peers", "gurux-dlms-python"))
GURUX = sys.argv[1] if len(sys.argv) > 1 else DEFAULT_GURUX
sys.path.insert(0, GURUX)
random.seed(3394)

# pylint: disable=wrong-import-position
from gurux_dlms import GXByteBuffer  # noqa: E402
from gurux_dlms.AesGcmParameter import AesGcmParameter  # noqa: E402
from gurux_dlms.GXDLMS import GXDLMS  # noqa: E402
from gurux_dlms.GXDLMSChippering import GXDLMSChippering  # noqa: E402
from gurux_dlms.GXDLMSSettings import GXDLMSSettings  # noqa: E402
from gurux_dlms.GXCiphering import GXCiphering  # noqa: E402
from gurux_dlms.enums import Authentication, Command, InterfaceType, Security  # noqa: E402
from gurux_dlms.ecdsa.GXEcdsa import GXEcdsa  # noqa: E402
from gurux_dlms.ecdsa.GXPrivateKey import GXPrivateKey  # noqa: E402
from gurux_dlms.secure import GXDLMSSecureClient  # noqa: E402


def h(b):
    return bytes(b).hex()


def x(s):
    return bytes.fromhex(s.replace(" ", ""))


CLIENT_ST = x("4775727578313233")  # "Gurux123"
SERVER_ST = x("4D4D4D0000BC614E")
KEYS = {
    16: {
        "encryptionKey": x("000102030405060708090A0B0C0D0E0F"),
        "authenticationKey": x("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF"),
        "dedicatedKey": x("00112233445566778899AABBCCDDEEFF"),
    },
    32: {
        "encryptionKey": x("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F"),
        "authenticationKey": x("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDFE0E1E2E3E4E5E6E7E8E9EAEBECEDEEEF"),
        "dedicatedKey": x("00112233445566778899AABBCCDDEEFFFFEEDDCCBBAA99887766554433221100"),
    },
}
KEY_LENGTH = {0: 16, 1: 16, 2: 32}

# Plain xDLMS APDUs, one per service with a ciphered form (built by hand for this file).
PLAIN = [
    ("initiate-request", Command.INITIATE_REQUEST, "01 00 00 00 06 5F 1F 04 00 62 1E 5D FF FF"),
    ("initiate-response", Command.INITIATE_RESPONSE, "08 00 06 5F 1F 04 00 00 50 1F 01 F4 00 07"),
    ("confirmed-service-error", Command.CONFIRMED_SERVICE_ERROR, "0E 01 06 01"),
    ("get-request", Command.GET_REQUEST, "C0 01 C1 00 08 00 00 01 00 00 FF 02 00"),
    ("set-request", Command.SET_REQUEST, "C1 01 C1 00 03 01 00 01 08 00 FF 02 00 06 00 00 00 01"),
    ("event-notification-request", Command.EVENT_NOTIFICATION, "C2 00 00 01 00 00 60 0B 00 FF 02 12 00 01"),
    ("action-request", Command.METHOD_REQUEST, "C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09 08 01 02 03 04 05 06 07 08"),
    ("get-response", Command.GET_RESPONSE, "C4 01 C1 00 06 00 00 12 34"),
    ("set-response", Command.SET_RESPONSE, "C5 01 C1 00"),
    ("action-response", Command.METHOD_RESPONSE, "C7 01 C1 00 01 00 09 04 0A 0B 0C 0D"),
]
DATA_NOTIFICATION = "0F 00 00 00 01 00 02 02 12 00 01 06 00 00 00 2A"

# Gurux names the service-specific tags in enums/Command.py; GXDLMS.getGloMessage/getDedMessage
# map the LN services it ciphers itself, the enum names the others.
GLO_DED_BY_NAME = {
    Command.INITIATE_REQUEST: (Command.GLO_INITIATE_REQUEST, Command.DED_INITIATE_REQUEST),
    Command.INITIATE_RESPONSE: (Command.GLO_INITIATE_RESPONSE, Command.DED_INITIATE_RESPONSE),
    Command.CONFIRMED_SERVICE_ERROR: (Command.GLO_CONFIRMED_SERVICE_ERROR, Command.DED_CONFIRMED_SERVICE_ERROR),
    Command.EVENT_NOTIFICATION: (Command.GLO_EVENT_NOTIFICATION, Command.DED_EVENT_NOTIFICATION),
}


# decryptAesGcm does not list these two tags (it has no DED_INITIATE_* case), so they are only encrypted.
NOT_READ_BY_GURUX = (Command.DED_INITIATE_REQUEST, Command.DED_INITIATE_RESPONSE)


def ciphered_tags(command):
    if command in GLO_DED_BY_NAME:
        return GLO_DED_BY_NAME[command]
    return GXDLMS.getGloMessage(command), GXDLMS.getDedMessage(command)


def encrypt(tag, security, suite, key, ak, ic, plain, st=CLIENT_ST):
    p = AesGcmParameter(tag, st, key, ak)
    p.security = security
    p.securitySuite = suite
    p.invocationCounter = ic
    return bytes(GXDLMSChippering.encryptAesGcm(p, plain))


def decrypt(ciphered, key, ak, st=CLIENT_ST):
    settings = GXDLMSSettings(True, None)
    p = AesGcmParameter(0, st, key, ak)
    return bytes(GXDLMSChippering.decryptAesGcm(settings, p, GXByteBuffer(ciphered)))


def green_book():
    """The Green Book's AES-GCM example: glo-get-request with SC 0x10, 0x20, 0x30."""
    st, ek, ak = x("4D4D4D0000BC614E"), x("000102030405060708090A0B0C0D0E0F"), x("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF")
    plain = x("C0 01 00 00 08 00 00 01 00 00 FF 02 00")
    out = []
    for sc in (0x10, 0x20, 0x30):
        c = encrypt(Command.GLO_GET_REQUEST, sc, 0, ek, ak, 0x01234567, plain, st)
        assert decrypt(c, ek, ak, st) == plain
        out.append({"securityControl": sc, "systemTitle": h(st), "invocationCounter": 0x01234567, "encryptionKey": h(ek), "authenticationKey": h(ak), "plain": h(plain), "ciphered": h(c)})
    return out


def apdus():
    out = []
    ic = 0x00000100
    for suite in (0, 1, 2):
        keys = KEYS[KEY_LENGTH[suite]]
        for security in (Security.AUTHENTICATION, Security.ENCRYPTION, Security.AUTHENTICATION_ENCRYPTION):
            cases = []
            for name, command, plain in PLAIN:
                glo, ded = ciphered_tags(command)
                cases.append((name, "glo", glo, plain))
                cases.append((name, "ded", ded, plain))
            cases.append(("get-response", "general-glo", Command.GENERAL_GLO_CIPHERING, PLAIN[7][2]))
            cases.append(("get-response", "general-ded", Command.GENERAL_DED_CIPHERING, PLAIN[7][2]))
            cases.append(("data-notification", "general-glo", GXDLMS.getGloMessage(Command.DATA_NOTIFICATION), DATA_NOTIFICATION))
            cases.append(("data-notification", "general-ded", GXDLMS.getDedMessage(Command.DATA_NOTIFICATION), DATA_NOTIFICATION))
            for name, form, tag, plain in cases:
                key = keys["dedicatedKey"] if form.endswith("ded") else keys["encryptionKey"]
                ic += 1
                c = encrypt(tag, security, suite, key, keys["authenticationKey"], ic, x(plain))
                if tag not in NOT_READ_BY_GURUX:
                    assert decrypt(c, key, keys["authenticationKey"]) == x(plain), (name, form)
                out.append({
                    "service": name, "form": form, "tag": int(tag), "suite": suite, "securityControl": int(security) | suite,
                    "systemTitle": h(CLIENT_ST), "invocationCounter": ic,
                    "encryptionKey": h(keys["encryptionKey"]), "dedicatedKey": h(keys["dedicatedKey"]), "authenticationKey": h(keys["authenticationKey"]),
                    "plain": h(x(plain)), "ciphered": h(c),
                })
    return out


CTOS = x("4B35366B50334F6E68713967646D3241")  # 16 bytes, as Gurux's own challenges
STOC = x("5F2B1E0D3C4A596877869594A3B2C1D0E1F20304")  # 20 bytes: lengths differ on purpose


def client(auth, suite, security, password=None):
    c = GXDLMSSecureClient(True, 1, 1, auth, password, InterfaceType.PDU)
    keys = KEYS[KEY_LENGTH[suite]]
    c.ciphering.systemTitle = CLIENT_ST
    c.ciphering.blockCipherKey = keys["encryptionKey"]
    c.ciphering.authenticationKey = keys["authenticationKey"]
    c.ciphering.securitySuite = suite
    c.ciphering.security = security
    c.settings.sourceSystemTitle = SERVER_ST
    c.settings.useCustomChallenge = True
    c.settings.ctoSChallenge = CTOS
    c.settings.stoCChallenge = STOC
    return c


REPLY_PREFIX = x("C3 01 C1 00 0F 00 00 28 00 00 FF 01 01 09")


def proof_in(action_request):
    """The octet string of reply_to_HLS_authentication in a plain action-request (short length form)."""
    assert action_request.startswith(REPLY_PREFIX[:2]) and action_request[3:len(REPLY_PREFIX)] == REPLY_PREFIX[3:], action_request.hex()
    n = action_request[len(REPLY_PREFIX)]
    assert n < 0x80 and len(action_request) == len(REPLY_PREFIX) + 1 + n
    return action_request[len(REPLY_PREFIX) + 1:]


def pass3(c):
    """What Gurux's client sends: GXDLMSClient.getApplicationAssociationRequest, one APDU."""
    with contextlib.redirect_stdout(io.StringIO()):
        msgs = c.getApplicationAssociationRequest()
    assert len(msgs) == 1
    return bytes(msgs[0])


def client_accepts(c, server_proof):
    """Gurux's client check of the server's f(CtoS) (parseApplicationAssociationResponse): raises if refused."""
    reply = GXByteBuffer()
    reply.setUInt8(9)
    reply.setUInt8(len(server_proof))
    reply.set(server_proof)
    with contextlib.redirect_stdout(io.StringIO()):
        c.parseApplicationAssociationResponse(reply)


def client_refuses(c, server_proof):
    try:
        client_accepts(c, server_proof)
    except Exception:  # pylint: disable=broad-except
        return True
    return False


def common(mechanism, suite):
    keys = KEYS[KEY_LENGTH[suite]]
    return {"mechanism": mechanism, "suite": suite, "clientSystemTitle": h(CLIENT_ST), "serverSystemTitle": h(SERVER_ST),
            "clientChallenge": h(CTOS), "serverChallenge": h(STOC),
            "encryptionKey": h(keys["encryptionKey"]), "authenticationKey": h(keys["authenticationKey"])}


def flip_last(b):
    return b[:-1] + bytes([b[-1] ^ 1])


def hls_gmac(suite):
    keys = KEYS[KEY_LENGTH[suite]]
    client_ic, server_ic = 0x11223344, 0x00000042
    c = client(Authentication.HIGH_GMAC, suite, Security.NONE)
    c.ciphering.invocationCounter = client_ic
    client_proof = proof_in(pass3(c))
    # The server side of Gurux (GXDLMSAssociationLogicalName.invoke) answers with GXSecure.secure
    # over CtoS, its own system title and invocation counter; its Python form fails at this version
    # (int() of the parameters), so the same primitive is called as it would call it.
    from gurux_dlms.GXSecure import GXSecure  # pylint: disable=import-outside-toplevel
    ss = GXDLMSSettings(True, None)
    ss.authentication = Authentication.HIGH_GMAC
    ss.cipher = GXCiphering(SERVER_ST)
    ss.cipher.blockCipherKey = keys["encryptionKey"]
    ss.cipher.authenticationKey = keys["authenticationKey"]
    ss.cipher.securitySuite = suite
    server_proof = bytes(GXSecure.secure(ss, ss.cipher, server_ic, CTOS, SERVER_ST))
    client_accepts(c, server_proof)
    assert client_refuses(c, flip_last(server_proof))
    v = common("gmac", suite)
    v.update({"clientInvocationCounter": client_ic, "serverInvocationCounter": server_ic, "clientProof": h(client_proof), "serverProof": h(server_proof)})
    return v


def hls_sha256(suite):
    secret = b"Gurux-HLS-secret"
    c = client(Authentication.HIGH_SHA256, suite, Security.NONE, secret)
    client_proof = proof_in(pass3(c))
    # f(CtoS) as the Green Book orders it; Gurux's client check must accept it.
    server_proof = hashlib.sha256(secret + SERVER_ST + CLIENT_ST + CTOS + STOC).digest()
    client_accepts(c, server_proof)
    assert client_refuses(c, flip_last(server_proof))
    v = common("sha256", suite)
    v.update({"secret": h(secret), "clientProof": h(client_proof), "serverProof": h(server_proof)})
    return v


def hls_ecdsa_p256():
    client_key = GXPrivateKey.fromRawBytes(x("A52C8E6C1C63E3F1D1E4D02C9B5A8E4F0D2C6B7A8F9E0D1C2B3A49586776A5B4"))
    server_key = GXPrivateKey.fromRawBytes(x("3C1F5E2D4B6A79887766554433221100FFEEDDCCBBAA99887766554433221101"))
    c = client(Authentication.HIGH_ECDSA, 1, Security.NONE)
    # Gurux keeps (the peer's public key, the own private key) as its signing key pair.
    c.ciphering.signingKeyPair = (server_key.getPublicKey(), client_key)
    client_proof = proof_in(pass3(c))
    server_proof = GXEcdsa(server_key).sign(SERVER_ST + CLIENT_ST + CTOS + STOC)
    client_accepts(c, server_proof)
    assert client_refuses(c, flip_last(server_proof))
    assert GXEcdsa(client_key.getPublicKey()).verify(client_proof, CLIENT_ST + SERVER_ST + STOC + CTOS)
    v = common("ecdsa", 1)
    del v["encryptionKey"], v["authenticationKey"]
    v.update({
        "clientPrivateKey": h(client_key.rawValue), "clientPublicKey": h(client_key.getPublicKey().rawValue),
        "clientPublicKeySpki": h(client_key.getPublicKey().toEncoded()),
        "serverPrivateKey": h(server_key.rawValue), "serverPublicKey": h(server_key.getPublicKey().rawValue),
        "serverPublicKeySpki": h(server_key.getPublicKey().toEncoded()),
        "clientProof": h(client_proof), "serverProof": h(bytes(server_proof)),
    })
    return v


def hls_ciphered(auth, suite, password=None):
    """The whole pass-3 APDU with authenticated and encrypted APDUs: a glo-action-request."""
    c = client(auth, suite, Security.AUTHENTICATION_ENCRYPTION, password)
    c.ciphering.invocationCounter = 0x000000AA
    apdu = pass3(c)
    keys = KEYS[KEY_LENGTH[suite]]
    plain = decrypt(apdu, keys["encryptionKey"], keys["authenticationKey"])
    v = common({Authentication.HIGH_GMAC: "gmac", Authentication.HIGH_SHA256: "sha256"}[auth], suite)
    if password is not None:
        v["secret"] = h(password)
    v.update({"clientInvocationCounter": 0xAA, "ciphered": h(apdu), "plain": h(plain), "clientProof": h(proof_in(plain))})
    return v


def key_wrap():
    kek = x("000102030405060708090A0B0C0D0E0F")
    out = []
    for key in (x("00112233445566778899AABBCCDDEEFF"), x("D0D1D2D3D4D5D6D7D8D9DADBDCDDDEDF")):
        w = bytes(GXDLMSSecureClient.encrypt(kek, key))
        out.append({"kek": h(kek), "key": h(key), "wrapped": h(w)})
    return out


print(json.dumps({
    "generatedBy": "test/tools/gurux-security-vectors.py",
    "implementation": "Gurux.DLMS.Python 1.0.197 (GPL-2.0), run as a separate program",
    "regenerate": "python3 test/tools/gurux-security-vectors.py [GURUX_DLMS_PYTHON_DIR] > test/fixtures/gurux/security-vectors.json",
    "notes": [
        "apdus: GXDLMSChippering.encryptAesGcm with the ciphered tag Gurux uses for each service, read back by decryptAesGcm",
        "hls.*.clientProof: the octet string GXDLMSClient.getApplicationAssociationRequest sends (pass 3)",
        "hls.*.serverProof: accepted by GXDLMSClient.parseApplicationAssociationResponse (pass 4); a one-bit change is refused",
        "hls ECDSA nonces come from Python's random module, seeded by the script: re-runs give the same bytes",
        "keyWrap: GXDLMSSecureClient.encrypt (AES-128 key wrap, the only KEK length it takes)",
        "no broadcast-key vectors: Gurux Python leaves bit 6 out of the SC in the AAD",
        "no P-384 ECDSA vectors: GXEcdsa signs and verifies P-256 only at this version",
    ],
    "greenBook": green_book(),
    "apdus": apdus(),
    "hls": {
        "gmac": [hls_gmac(0), hls_gmac(1), hls_gmac(2)],
        "sha256": [hls_sha256(0), hls_sha256(2)],
        "ecdsa": [hls_ecdsa_p256()],
        "ciphered": [hls_ciphered(Authentication.HIGH_GMAC, 0), hls_ciphered(Authentication.HIGH_SHA256, 2, b"Gurux-HLS-secret")],
    },
    "keyWrap": key_wrap(),
}, indent=1))
