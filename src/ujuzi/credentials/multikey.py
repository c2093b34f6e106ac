"""Ed25519 public keys as Multikey ``publicKeyMultibase`` text ("z6Mk…").

The multibase form is ``'z'`` (base58btc) followed by the base58 encoding of the
multicodec prefix for an Ed25519 public key (``0xed 0x01``) and the 32 raw key bytes.
Base58 is written out here: it is a dozen lines, and the well-known package (``base58``)
has not been released since 2021.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_INDEX = {character: value for value, character in enumerate(_ALPHABET)}
_ED25519_PUB = b"\xed\x01"
# Longer than any key or signature this app reads; keeps decoding cheap on garbage input.
_MAX_TEXT = 200


def base58_encode(data: bytes) -> str:
    """Bitcoin-alphabet base58 of ``data``, keeping leading zero bytes as '1'."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, remainder = divmod(number, 58)
        digits.append(_ALPHABET[remainder])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def base58_decode(text: str) -> bytes:
    """The bytes ``base58_encode`` made; ``ValueError`` on any other character."""
    if len(text) > _MAX_TEXT:
        raise ValueError("base58 text is too long")
    number = 0
    for character in text:
        value = _INDEX.get(character)
        if value is None:
            raise ValueError(f"not a base58 character: {character!r}")
        number = number * 58 + value
    zeros = len(text) - len(text.lstrip("1"))
    body = number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b""
    return b"\0" * zeros + body


def multibase_encode(data: bytes) -> str:
    """Multibase base58btc: 'z' and the base58 text."""
    return "z" + base58_encode(data)


def multibase_decode(text: str) -> bytes:
    """The bytes of multibase base58btc text; ``ValueError`` for other encodings."""
    if not isinstance(text, str) or not text.startswith("z"):
        raise ValueError("not multibase base58btc (it must start with 'z')")
    return base58_decode(text[1:])


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """The key as Multikey ``publicKeyMultibase`` ("z6Mk…")."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return multibase_encode(_ED25519_PUB + raw)


def public_key_from_multibase(text: str) -> Ed25519PublicKey:
    """The Ed25519 key in Multikey text; ``ValueError`` for anything else."""
    data = multibase_decode(text)
    if len(data) != 34 or data[:2] != _ED25519_PUB:
        raise ValueError("not an Ed25519 Multikey public key")
    return Ed25519PublicKey.from_public_bytes(data[2:])
