"""Addresses of the site's pages, built in one place: authority pages and links into search."""

from __future__ import annotations

from urllib.parse import urlencode

from archivist.records.models import Authority

BROWSE_PATHS = {"person": "people", "organization": "organizations", "place": "places",
                "topic": "topics", "subject": "subjects", "archive": "catalog"}
# The search page's filter parameter for each kind of authority record.
SEARCH_FILTERS = {"person": "person", "organization": "person", "place": "place", "topic": "topic",
                  "subject": "subject", "archive": "archive"}


def authority_url(authority: Authority) -> str:
    return f"/{BROWSE_PATHS[authority.kind]}/{authority.key}"


def search_url(**params: str | int) -> str:
    return "/search?" + urlencode(params)


def search_by_authority(authority: Authority) -> str:
    return search_url(**{SEARCH_FILTERS[authority.kind]: authority.sort_name})
