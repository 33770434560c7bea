"""Addresses of the site's pages, built in one place: authority pages and links into search."""

from __future__ import annotations

from urllib.parse import urlencode

from archivist.records.models import Authority, chain_above
from archivist.search.documents import KIND_FACET

BROWSE_PATHS = {"person": "people", "organization": "organizations", "place": "places",
                "topic": "topics", "subject": "subjects", "archive": "catalog"}


def authority_url(authority: Authority) -> str:
    return f"/{BROWSE_PATHS[authority.kind]}/{authority.key}"


def lineage(authority: Authority | None) -> list[Authority]:
    """The record and the records above it (collection in archive, heading under heading), outermost first."""
    return list(reversed(list(chain_above(authority))))


def search_url(**params: str | int) -> str:
    return "/search?" + urlencode(params)


def search_by_authority(authority: Authority, *keys_below: str) -> str:
    """The search page with the authority record's facet chosen (the facet's values are "kind/key"), and
    those of the records below it whose keys are given: documents with any of them."""
    values = [f"{authority.kind}/{key}" for key in (authority.key, *keys_below)]
    return "/search?" + urlencode({KIND_FACET[authority.kind]: values}, doseq=True)
