"""JSON-LD to canonical N-Quads (RDFC-1.0), strictly and without the network.

pyld expands the document with the shipped contexts only and turns it into N-Quads;
pyoxigraph (Rust) canonicalises them with RDFC-1.0, which is much faster than pyld's
pure-Python ``normalize``. The tests hold the two to the same output.

Expansion is strict, because what JSON-LD drops is not signed: a property that no
context defines, a relative IRI, a ``null`` or an empty list would otherwise leave the
signed data unchanged while the document a person reads has changed.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph
from pyld import jsonld
from pyld.identifier_issuer import IdentifierIssuer

from ujuzi.credentials.contexts import pyld_loader


class CanonicalisationError(ValueError):
    """A document cannot be signed or verified as it stands; ``str()`` says why."""


class UnknownTermError(CanonicalisationError):
    """A property or type that the document's contexts do not define."""


_KEYWORDS_WITH_IRI = ("@id", "@type")


def _dropped(property_name: str | None) -> None:
    raise UnknownTermError(f"unknown JSON-LD term: {property_name!r}")


def _refuse_empty(value: Any, path: str) -> None:
    """``null`` and ``[]`` expand to nothing, so adding them would go unnoticed."""
    if value is None:
        raise CanonicalisationError(f"null value at {path}")
    if isinstance(value, list):
        if not value:
            raise CanonicalisationError(f"empty list at {path}")
        for index, item in enumerate(value):
            _refuse_empty(item, f"{path}[{index}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "@context":
                _refuse_empty(item, f"{path}.{key}")


def _absolute(iri: str) -> bool:
    return iri.startswith("_:") or (":" in iri and not iri.startswith(":"))


def _refuse_relative(expanded: Any) -> None:
    """Relative IRIs and unexpanded terms produce no triple; refuse them."""
    if isinstance(expanded, list):
        for item in expanded:
            _refuse_relative(item)
        return
    if not isinstance(expanded, dict):
        return
    for key, value in expanded.items():
        if not key.startswith("@") and not _absolute(key):
            raise UnknownTermError(f"unknown JSON-LD term: {key!r}")
        if key in _KEYWORDS_WITH_IRI and "@value" not in expanded:
            for iri in value if isinstance(value, list) else [value]:
                if not isinstance(iri, str) or not _absolute(iri):
                    raise UnknownTermError(f"not an absolute IRI: {iri!r}")
        if key != "@value":
            _refuse_relative(value)


def to_nquads(document: dict[str, Any]) -> str:
    """The document's RDF dataset as N-Quads (not yet canonical), expanded strictly."""
    if not isinstance(document, dict):
        raise CanonicalisationError("a JSON-LD document must be a JSON object")
    if "@context" not in document:
        raise CanonicalisationError("the document has no @context")
    _refuse_empty({k: v for k, v in document.items() if k != "@context"}, "$")
    processor = jsonld.JsonLdProcessor(on_property_dropped=_dropped)
    try:
        expanded = processor.expand(document, {"documentLoader": pyld_loader, "base": ""})
        _refuse_relative(expanded)
        # What ``JsonLdProcessor.to_rdf`` does after expanding; calling it would expand
        # the document a second time.
        issuer = IdentifierIssuer("_:b")
        node_map: dict[str, Any] = {"@default": {}}
        processor._create_node_map(expanded, node_map, "@default", issuer)
        rdf_options = {
            "produceGeneralizedRdf": False,
            "rdfDirection": None,
            "processingMode": "json-ld-1.1",
        }
        dataset = {
            name: processor._graph_to_rdf(graph, issuer, rdf_options)
            for name, graph in sorted(node_map.items())
            if name == "@default" or _absolute(name)
        }
        nquads: str = processor.to_nquads(dataset)
    except CanonicalisationError:
        raise
    except jsonld.JsonLdError as error:
        raise CanonicalisationError(_jsonld_reason(error)) from error
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as error:
        # pyld lets some errors in odd input through undressed (an empty @context, say).
        raise CanonicalisationError(f"not valid JSON-LD ({type(error).__name__})") from error
    return nquads


def _jsonld_reason(error: Exception) -> str:
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, ValueError) and "JSON-LD context" in str(cause):
            return str(cause)
        cause = cause.__cause__ or getattr(cause, "cause", None)
    return f"not valid JSON-LD: {getattr(error, 'type', type(error).__name__)}"


def canonicalize_nquads(nquads: str) -> str:
    """RDFC-1.0 canonical N-Quads of an N-Quads dataset (pyoxigraph)."""
    try:
        dataset = pyoxigraph.Dataset(pyoxigraph.parse(nquads, pyoxigraph.RdfFormat.N_QUADS))
    except SyntaxError as error:
        raise CanonicalisationError(f"not a valid RDF dataset: {error}") from error
    dataset.canonicalize(pyoxigraph.CanonicalizationAlgorithm.RDFC_1_0)
    serialised = pyoxigraph.serialize(dataset, format=pyoxigraph.RdfFormat.N_QUADS)
    text = serialised.decode() if isinstance(serialised, bytes) else str(serialised)
    # Split on line feeds only: ``splitlines`` would also split inside a literal that
    # holds U+2028 or U+0085, which N-Quads writes as they are.
    return "".join(sorted(line + "\n" for line in text.split("\n") if line))


def canonicalize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of a JSON-LD document."""
    return canonicalize_nquads(to_nquads(document))


def canonicalize_pyld(document: dict[str, Any]) -> str:
    """The same through pyld's own URDNA2015 (= RDFC-1.0); slow, for cross-checks."""
    result: str = jsonld.normalize(
        document,
        {
            "algorithm": "URDNA2015",
            "format": "application/n-quads",
            "documentLoader": pyld_loader,
        },
    )
    return result
