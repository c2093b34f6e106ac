"""JSON-LD to canonical N-Quads (RDFC-1.0), strictly and without the network.

pyld expands the document with the shipped contexts only and turns it into N-Quads;
pyoxigraph (Rust) canonicalises them with RDFC-1.0, which is much faster than pyld's
pure-Python ``normalize``. The tests hold the two to the same output.

Expansion is strict, because what JSON-LD drops is not signed: a property that no
context defines, a relative IRI, a ``null`` or an empty list would otherwise leave the
signed data unchanged while the document a person reads has changed.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from typing import Any, ClassVar

import pyoxigraph
from cachetools import LRUCache
from pyld import jsonld
from pyld.identifier_issuer import IdentifierIssuer

from ujuzi.credentials.contexts import pyld_loader


class CanonicalisationError(ValueError):
    """A document cannot be signed or verified as it stands; ``str()`` says why."""


class UnknownTermError(CanonicalisationError):
    """A property or type that the document's contexts do not define."""


_KEYWORDS_WITH_IRI = ("@id", "@type")


class _Processor(jsonld.JsonLdProcessor):
    """pyld's processor, remembering the contexts it processed from the shipped documents.

    pyld caches a processed context by the id of the active context it was applied to,
    but a type-scoped context (every Open Badges class has one) is applied to a fresh
    clone each time, so it is processed anew on every node of every document: three
    quarters of the cost of a verification. Here the result is kept, keyed by the active
    context's id and the local context's identity, for local contexts that come from the
    shipped documents (strings, and objects not in the document being processed); the
    cache holds the local context, so its identity cannot be reused while it is cached.
    """

    _memo: ClassVar[LRUCache[tuple[Any, ...], tuple[Any, Any]]] = LRUCache(maxsize=512)
    _lock: ClassVar[threading.Lock] = threading.Lock()

    def __init__(self, document: Any) -> None:
        super().__init__(on_property_dropped=_dropped)
        self._own_objects = {id(item) for item in _objects(document)}

    def _process_context(
        self,
        active_ctx: Any,
        local_ctx: Any,
        options: Any,
        override_protected: bool = False,
        propagate: bool = True,
        validate_scoped: bool = True,
        cycles: Any = None,
    ) -> Any:
        uuid = active_ctx.get("_uuid") if isinstance(active_ctx, Mapping) else None
        cacheable = (
            uuid is not None
            and local_ctx
            and (isinstance(local_ctx, str) or id(local_ctx) not in self._own_objects)
        )
        if not cacheable:
            return super()._process_context(
                active_ctx,
                local_ctx,
                options,
                override_protected,
                propagate,
                validate_scoped,
                cycles,
            )
        key = (
            uuid,
            local_ctx if isinstance(local_ctx, str) else id(local_ctx),
            override_protected,
            propagate,
            validate_scoped,
            options.get("base", ""),
        )
        with self._lock:
            found = self._memo.get(key)
        if found is not None and (isinstance(local_ctx, str) or found[0] is local_ctx):
            return found[1]
        result = super()._process_context(
            active_ctx, local_ctx, options, override_protected, propagate, validate_scoped, cycles
        )
        with self._lock:
            self._memo[key] = (local_ctx, result)
        return result


def _objects(value: Any) -> Iterator[Any]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            yield item
            stack.extend(item)


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
    processor = _Processor(document)
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
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as error:
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
