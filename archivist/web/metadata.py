"""What a document page tells reference managers and search engines: citation_* meta tags and JSON-LD.

The meta tags follow the Highwire Press names that Google Scholar and Zotero read; the JSON-LD is a
schema.org ArchiveComponent.
"""

from __future__ import annotations

from django.utils.safestring import SafeString

from archivist.interop.citation import permanent_url, publisher
from archivist.records.html import json_for_script
from archivist.records.models import Authority, Document
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
        "dateCreated": document.date,
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


def _thing(authority: Authority, base_url: str) -> dict[str, str]:
    return {"@type": SCHEMA_TYPES.get(authority.kind, "DefinedTerm"), "name": authority.display_name,
            "url": f"{base_url}{authority_url(authority)}"}
