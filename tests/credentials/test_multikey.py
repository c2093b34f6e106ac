"""Multikey text for Ed25519 public keys, with the vc-di-eddsa specification's example key."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import given
from hypothesis import strategies as st

from ujuzi.credentials.multikey import (
    base58_decode,
    base58_encode,
    public_key_from_multibase,
    public_key_multibase,
)

# The key pair of vc-di-eddsa 1.0, appendix A.1 (test vectors).
SPEC_PUBLIC = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


def test_the_specifications_example_key_round_trips() -> None:
    key = public_key_from_multibase(SPEC_PUBLIC)

    assert public_key_multibase(key) == SPEC_PUBLIC
    assert len(key.public_bytes(Encoding.Raw, PublicFormat.Raw)) == 32


def test_a_new_key_round_trips_and_starts_z6mk() -> None:
    key = Ed25519PrivateKey.generate().public_key()

    text = public_key_multibase(key)

    assert text.startswith("z6Mk")
    assert public_key_multibase(public_key_from_multibase(text)) == text


@given(st.binary(max_size=80))
def test_base58_round_trips_any_bytes(data: bytes) -> None:
    assert base58_decode(base58_encode(data)) == data


def test_base58_known_values() -> None:
    assert base58_encode(b"") == ""
    assert base58_encode(b"\0\0\x01") == "112"
    assert base58_encode(b"hello world") == "StV1DL6CwTryKyV"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",  # no multibase prefix
        "u7QEA",  # base64url, not base58btc
        "z0OIl",  # not in the alphabet
        "z" + "1" * 300,  # too long
        "zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",  # a secp256k1 Multikey
        "z6Mk",  # too short
    ],
)
def test_anything_but_an_ed25519_multikey_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match=r"."):
        public_key_from_multibase(text)
