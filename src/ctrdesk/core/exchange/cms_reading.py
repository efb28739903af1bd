"""The parts of a detached CMS SignedData that the direct signature check needs, read
straight from its DER (RFC 5652): the one signer's identifier, algorithms, signed
attributes and signature, and the certificates it carries.

Only the plain shape ctrdesk's signers (pyHanko) produce is read: definite lengths, the
expected tags in the expected order, nothing after a value's end. Anything else gives
None, and the signature is left to pyHanko's validation (see :mod:`.cms`), so this reader
never needs to understand more than that shape.
"""

from __future__ import annotations

from dataclasses import dataclass


def _oid(dotted: str) -> bytes:
    """The content octets of an OBJECT IDENTIFIER."""
    numbers = [int(part) for part in dotted.split(".")]
    out = bytearray()
    for number in (40 * numbers[0] + numbers[1], *numbers[2:]):
        chunk = [number & 0x7F]
        number >>= 7
        while number:
            chunk.append(0x80 | (number & 0x7F))
            number >>= 7
        out += bytes(reversed(chunk))
    return bytes(out)


SIGNED_DATA = _oid("1.2.840.113549.1.7.2")
DATA = _oid("1.2.840.113549.1.7.1")
DIGEST_NAMES = {_oid("2.16.840.1.101.3.4.2.1"): "sha256",
                _oid("2.16.840.1.101.3.4.2.2"): "sha384",
                _oid("2.16.840.1.101.3.4.2.3"): "sha512"}
ESS_HASH_NAMES = {**DIGEST_NAMES, _oid("1.3.14.3.2.26"): "sha1"}
# Signature algorithms: (name, hash it implies or None for the message digest's).
SIGNATURE_NAMES = {
    _oid("1.2.840.113549.1.1.1"): ("rsassa_pkcs1v15", None),
    _oid("1.2.840.113549.1.1.11"): ("rsassa_pkcs1v15", "sha256"),
    _oid("1.2.840.113549.1.1.12"): ("rsassa_pkcs1v15", "sha384"),
    _oid("1.2.840.113549.1.1.13"): ("rsassa_pkcs1v15", "sha512"),
    _oid("1.2.840.113549.1.1.10"): ("rsassa_pss", None),
    _oid("1.2.840.10045.4.3.2"): ("ecdsa", "sha256"),
    _oid("1.2.840.10045.4.3.3"): ("ecdsa", "sha384"),
    _oid("1.2.840.10045.4.3.4"): ("ecdsa", "sha512"),
}
ATTRIBUTE_NAMES = {
    _oid("1.2.840.113549.1.9.3"): "content_type",
    _oid("1.2.840.113549.1.9.4"): "message_digest",
    _oid("1.2.840.113549.1.9.5"): "signing_time",
    _oid("1.2.840.113549.1.9.52"): "cms_algorithm_protection",
    _oid("1.2.840.113549.1.9.16.2.12"): "signing_certificate",
    _oid("1.2.840.113549.1.9.16.2.47"): "signing_certificate_v2",
}
NULL = b"\x05\x00"
SEQUENCE, SET, INTEGER, OCTETS, OID = 0x30, 0x31, 0x02, 0x04, 0x06


class Unread(ValueError):
    """Not the plain shape this reader reads."""


# An element: (tag, where its header starts, where its content starts, where it ends).
Element = tuple[int, int, int, int]


def _element(data: bytes, at: int, end: int) -> Element:
    if at + 2 > end:
        raise Unread("truncated")
    tag, length = data[at], data[at + 1]
    if tag & 0x1F == 0x1F:
        raise Unread("a long tag")
    start = at + 2
    if length & 0x80:
        count = length & 0x7F
        if not 0 < count <= 4 or start + count > end:
            raise Unread("a length this reader does not read")
        length = int.from_bytes(data[start:start + count], "big")
        start += count
    if start + length > end:
        raise Unread("truncated")
    return tag, at, start, start + length


def _expect(element: Element, tag: int) -> Element:
    if element[0] != tag:
        raise Unread("an unexpected element")
    return element


def _children(data: bytes, parent: Element, *tags: int) -> list[Element]:
    """The elements inside ``parent``; with ``tags``, exactly those tags in that order."""
    if not parent[0] & 0x20:
        raise Unread("a primitive element where a constructed one was expected")
    found: list[Element] = []
    at, end = parent[2], parent[3]
    while at < end:
        child = _element(data, at, end)
        found.append(child)
        at = child[3]
    if tags and tuple(child[0] for child in found) != tags:
        raise Unread("unexpected elements")
    return found


@dataclass(frozen=True)
class Algorithm:
    oid: bytes
    parameters: bytes  # DER of the parameters, b"" when absent
    der: bytes
    contents: bytes


@dataclass(frozen=True)
class SignerParts:
    issuer: bytes | None  # the signer identifier: issuer Name DER and serial INTEGER DER,
    serial: bytes | None
    key_identifier: bytes | None  # or a subject key identifier
    digest: Algorithm
    signature_algorithm: Algorithm
    attributes_content: bytes  # the signed attributes' content octets
    attributes: dict[str, bytes]  # name -> the DER of its single value
    signature: bytes
    certificates: list[bytes]  # DER of each certificate carried


def _algorithm(data: bytes, element: Element) -> Algorithm:
    if element[0] != SEQUENCE:
        raise Unread("not an algorithm identifier")
    parts = _children(data, element)
    if not parts or parts[0][0] != OID or len(parts) > 2:
        raise Unread("not an algorithm identifier")
    parameters = data[parts[1][1]:parts[1][3]] if len(parts) == 2 else b""
    return Algorithm(data[parts[0][2]:parts[0][3]], parameters, data[element[1]:element[3]],
                     data[element[2]:element[3]])


def read_signed_data(data: bytes) -> SignerParts:
    """The parts of a detached SignedData with one signer; raises :class:`Unread`."""
    whole = _expect(_element(data, 0, len(data)), SEQUENCE)
    if whole[3] != len(data):
        raise Unread("bytes after the signature")
    content_type, explicit = _children(data, whole, OID, 0xA0)
    if data[content_type[2]:content_type[3]] != SIGNED_DATA:
        raise Unread("not SignedData")
    (signed,) = _children(data, explicit, SEQUENCE)
    parts = _children(data, signed)
    tags = [part[0] for part in parts]
    if tags[:3] != [INTEGER, SET, SEQUENCE] or tags[-1] != SET or \
            tags[3:-1] not in ([], [0xA0]):
        raise Unread("a SignedData this reader does not read (CRLs?)")
    (encapsulated_type,) = _children(data, parts[2], OID)  # no content: detached
    if data[encapsulated_type[2]:encapsulated_type[3]] != DATA:
        raise Unread("not data")
    certificates = []
    if tags[3:-1]:
        for certificate in _children(data, parts[3]):
            if certificate[0] != SEQUENCE:
                raise Unread("a certificate choice other than a certificate")
            certificates.append(data[certificate[1]:certificate[3]])
    (signer,) = _children(data, parts[-1], SEQUENCE)
    fields = _children(data, signer)
    if [field[0] for field in fields][:1] != [INTEGER] or len(fields) != 6 or \
            fields[3][0] != 0xA0 or fields[5][0] != OCTETS:
        raise Unread("a SignerInfo this reader does not read (unsigned attributes?)")
    issuer = serial = key_identifier = None
    if fields[1][0] == SEQUENCE:
        name, number = _children(data, fields[1], SEQUENCE, INTEGER)
        issuer, serial = data[name[1]:name[3]], data[number[1]:number[3]]
    elif fields[1][0] == 0x80:
        key_identifier = data[fields[1][2]:fields[1][3]]
    else:
        raise Unread("an unknown signer identifier")
    attributes: dict[str, bytes] = {}
    for attribute in _children(data, fields[3]):
        kind, values = _children(data, _expect(attribute, SEQUENCE), OID, SET)
        known = ATTRIBUTE_NAMES.get(data[kind[2]:kind[3]])
        (value,) = _children(data, values)
        if known is None or known in attributes:
            raise Unread("an attribute this reader does not read")
        attributes[known] = data[value[1]:value[3]]
    return SignerParts(issuer, serial, key_identifier, _algorithm(data, fields[2]),
                       _algorithm(data, fields[4]), data[fields[3][2]:fields[3][3]],
                       attributes, data[fields[5][2]:fields[5][3]], certificates)


def issuer_and_serial(certificate: bytes) -> tuple[bytes, bytes]:
    """A certificate's issuer Name and serial INTEGER, as DER."""
    whole = _expect(_element(certificate, 0, len(certificate)), SEQUENCE)
    tbs, _, _ = _children(certificate, whole, SEQUENCE, SEQUENCE, 0x03)
    fields = _children(certificate, tbs)
    if fields and fields[0][0] == 0xA0:
        fields = fields[1:]
    if len(fields) < 3 or fields[0][0] != INTEGER or fields[2][0] != SEQUENCE:
        raise Unread("not a certificate")
    serial, issuer = fields[0], fields[2]
    return certificate[issuer[1]:issuer[3]], certificate[serial[1]:serial[3]]


def octets(value: bytes) -> bytes:
    """The content of a DER OCTET STRING."""
    element = _element(value, 0, len(value))
    if element[0] != OCTETS or element[3] != len(value):
        raise Unread("not an octet string")
    return value[element[2]:element[3]]


def oid_value(value: bytes) -> bytes:
    element = _element(value, 0, len(value))
    if element[0] != OID or element[3] != len(value):
        raise Unread("not an object identifier")
    return value[element[2]:element[3]]


def ess_certificate(value: bytes, v2: bool) -> tuple[str, bytes, tuple[bytes, bytes] | None]:
    """The first certificate an ESS signing-certificate(-v2) attribute names: its hash
    algorithm, its hash, and its issuer Name and serial INTEGER (DER) when given."""
    whole = _element(value, 0, len(value))
    if whole[0] != SEQUENCE or whole[3] != len(value):
        raise Unread("not a signing certificate")
    parts = _children(value, whole)
    if [part[0] for part in parts] not in ([SEQUENCE], [SEQUENCE, SEQUENCE]):
        raise Unread("not a signing certificate")
    identifiers = _children(value, parts[0])
    if not identifiers or any(identifier[0] != SEQUENCE for identifier in identifiers):
        raise Unread("not a list of ESS certificate identifiers")
    fields = _children(value, identifiers[0])
    hash_name = "sha256" if v2 else "sha1"
    if v2 and fields and fields[0][0] == SEQUENCE:
        algorithm = _algorithm(value, fields[0])
        hash_name = ESS_HASH_NAMES.get(algorithm.oid, "")
        fields = fields[1:]
    if not fields or fields[0][0] != OCTETS or len(fields) > 2:
        raise Unread("not an ESS certificate identifier")
    digest = value[fields[0][2]:fields[0][3]]
    if len(fields) == 1:
        return hash_name, digest, None
    names, serial = _children(value, _expect(fields[1], SEQUENCE), SEQUENCE, INTEGER)
    (directory,) = _children(value, names, 0xA4)
    (name,) = _children(value, directory, SEQUENCE)
    return hash_name, digest, (value[name[1]:name[3]], value[serial[1]:serial[3]])


def protection(value: bytes) -> tuple[bytes, bytes | None]:
    """A CMS algorithm protection attribute: the digest algorithm's DER and the signature
    algorithm's content octets (None when it names none)."""
    whole = _element(value, 0, len(value))
    if whole[0] != SEQUENCE or whole[3] != len(value):
        raise Unread("not an algorithm protection")
    fields = _children(value, whole)
    if [f[0] for f in fields] not in ([SEQUENCE], [SEQUENCE, 0xA1], [SEQUENCE, 0xA2],
                                      [SEQUENCE, 0xA1, 0xA2]):
        raise Unread("not an algorithm protection")
    signature = next((value[f[2]:f[3]] for f in fields[1:] if f[0] == 0xA1), None)
    return value[fields[0][1]:fields[0][3]], signature
