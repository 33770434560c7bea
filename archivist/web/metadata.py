"""What a document page tells reference managers and search engines: citation_* meta tags and JSON-LD;
and what a person's, organization's or place's page tells them: JSON-LD.

The meta tags follow the Highwire Press names that Google Scholar and Zotero read; the JSON-LD is a
schema.org ArchiveComponent, and a Person, Organization or Place.
"""

from __future__ import annotations

import re

from django.utils.safestring import SafeString

from archivist.interop.citation import permanent_url, publisher
from archivist.records.dates import exact_iso_date
from archivist.records.html import json_for_script
from archivist.records.models import Authority, Document
from archivist.web.identifiers import external_identifiers
from archivist.web.links import authority_url, lineage


def citation_meta(document: Document, authors: list[Authority], subjects: list[Authority],
                  pdf_url: str = "") -> list[tuple[str, str]]:
    """(name, content) pairs for <meta name=... content=...>: Highwire citation_* and Dublin Core."""
    tags = [("citation_title", document.title)]
    tags += [("citation_author", author.sort_name) for author in authors]
    if document.date_earliest:
        day = _citation_date(document)
        tags += [("citation_date", day), ("citation_publication_date", day)]
    tags.append(("citation_publisher", publisher(document)))
    if document.original_language:
        tags.append(("citation_language", document.original_language))
    tags += [("citation_keywords", subject.sort_name) for subject in subjects]
    tags.append(("citation_public_url", permanent_url(document)))
    if pdf_url:
        tags.append(("citation_pdf_url", pdf_url))
    tags.append(("citation_abstract", document.summary))
    # Dublin Core: DC.type names Zotero's "manuscript" item type (Highwire tags alone make Zotero
    # guess a journal article); the rest fill fields Highwire has no tag for.
    tags += [("DC.type", "manuscript"), ("DC.title", document.title), ("DC.date", document.date),
             ("DC.language", document.original_language), ("DC.identifier", permanent_url(document)),
             ("DC.source", document.source), ("DC.rights", document.rights),
             ("DC.publisher", publisher(document))]
    return [(name, content) for name, content in tags if content]


def _citation_date(document: Document) -> str:
    """Year, year/month or year/month/day, as precise as the document's date."""
    day = document.date_earliest
    if document.date_latest == day:
        return day.strftime("%Y/%m/%d")
    if (document.date_latest.year, document.date_latest.month) == (day.year, day.month):
        return day.strftime("%Y/%m")
    return str(day.year)


def json_ld(document: Document, authors: list[Authority], people: list[Authority],
            places: list[Authority], subjects: list[Authority], archive: Authority | None,
            base_url: str) -> SafeString:
    """The schema.org description, ready for a <script type="application/ld+json"> element."""
    url = permanent_url(document)
    data = {
        "@context": "https://schema.org",
        "@type": ["ArchiveComponent", "CreativeWork"],
        "@id": url,
        "url": url,
        "name": document.title,
        "description": document.summary,
        "dateCreated": exact_iso_date(document.date),
        # what ISO 8601 cannot state as one date ("1958-08~", a range): the bounds, as an interval
        "temporalCoverage": "" if exact_iso_date(document.date) or not document.date_earliest
        else f"{document.date_earliest.isoformat()}/{document.date_latest.isoformat()}",
        "inLanguage": document.original_language,
        "identifier": document.record_id,
        "author": [_thing(a, base_url) for a in authors],
        "mentions": [_thing(a, base_url) for a in people],
        "contentLocation": [_thing(a, base_url) for a in places],
        "about": [_thing(a, base_url) for a in subjects],
        "publisher": {"@type": "Organization", "name": publisher(document)},
        "citation": document.source,
        "copyrightNotice": document.rights,
    }
    if archive is not None:  # the archive holds the collection or series the document is filed in
        data["holdingArchive"] = {"@type": "ArchiveOrganization", "name": lineage(archive)[0].sort_name}
    data = {key: value for key, value in data.items() if value}
    return json_for_script(data)


SCHEMA_TYPES = {"person": "Person", "organization": "Organization", "place": "Place"}
LIFE_DATES = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")


def authority_json_ld(authority: Authority, base_url: str) -> SafeString | str:
    """A person's, organization's or place's schema.org description, ready for a <script
    type="application/ld+json"> element: its names, its identifiers elsewhere as sameAs URLs (those
    web.identifiers links), a place's coordinates; empty for records of other kinds."""
    schema_type = SCHEMA_TYPES.get(authority.kind)
    if schema_type is None:
        return ""
    url = f"{base_url}{authority_url(authority)}"
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "@id": url,
        "url": url,
        "name": authority.display_name,
        "alternateName": [variant.name for variant in authority.variants.all()],
        "description": authority.description,
        "sameAs": [identifier["url"] for identifier in external_identifiers(authority.identifiers)
                   if identifier["url"]],
    }
    life = LIFE_DATES.fullmatch(authority.dates.strip())
    if authority.kind == "person" and life:
        data["birthDate"], data["deathDate"] = life.groups()
    if authority.kind == "place" and authority.latitude is not None and authority.longitude is not None:
        data["geo"] = {"@type": "GeoCoordinates", "latitude": authority.latitude,
                       "longitude": authority.longitude}
    return json_for_script({key: value for key, value in data.items() if value})


def _thing(authority: Authority, base_url: str) -> dict[str, str]:
    return {"@type": SCHEMA_TYPES.get(authority.kind, "DefinedTerm"), "name": authority.display_name,
            "url": f"{base_url}{authority_url(authority)}"}
