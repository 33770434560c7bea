"""A document's notes as its page shows them, and links to other documents only where the public may follow
(in its texts too).

Stored HTML links a cross-reference to the page of the document it names (/documents/RECORD_ID, as the
TEI importer writes "Document 3"); whether that page is public is known only now: a link to a document
that is not published, or not in the archive, keeps its text and is no link, so neither its title nor
its existence shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import unescape
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.utils.safestring import SafeString, mark_safe

from archivist.records.html import sanitize_html
from archivist.records.models import Document, Note, Text

DOCUMENTS = "/documents/"
TWIN = ".json"
_HREF = re.compile(r'href="([^"]*)"')  # as the sanitizer writes attributes


@dataclass(frozen=True)
class ShownNote:
    kind: str
    marker: str
    label: str  # "Source note", or "" when the body says so itself ("Source: ...")
    body: str
    html: SafeString  # the body's HTML with only the links the public may follow; "" when it has none


def shown_notes(notes: Iterable[Note], texts: Iterable[Text] = ()) -> list[ShownNote]:
    """The notes as the page shows them; the texts' HTML, changed in place for this page alone, keeps
    only the links the public may follow too (one query for both)."""
    notes, texts = list(notes), list(texts)
    shown_link = public_links([note.body_html for note in notes] + [text.body_html for text in texts])
    for text in texts:
        if _HREF.search(text.body_html):
            text.body_html = sanitize_html(text.body_html, shown_link)
    return [ShownNote(kind=note.kind, marker=note.marker, label=_label(note), body=note.body,
                      html=mark_safe(sanitize_html(note.body_html, shown_link)))
            for note in notes]


def public_links(htmls: Iterable[str]) -> Callable[[str], bool]:
    """Whether a link of these HTMLs may stay a link: one to a document's page only if it is published."""
    named = {_document_named(unescape(href)) for html in htmls for href in _HREF.findall(html or "")}
    named.discard(None)
    published = set(Document.objects.filter(record_id__in=named, status=Document.Status.PUBLISHED)
                    .values_list("record_id", flat=True)) if named else set()

    def shown(href: str) -> bool:
        record_id = _document_named(href)
        return record_id is None or record_id in published

    return shown


def _document_named(href: str) -> str | None:
    """The record ID of the document whose page (or a file or part of it) a link leads to on this site,
    as the browser reads it from a document's page; None for an anchor on the page or another site."""
    if href.startswith("#"):
        return None
    # Resolved as the browser does, so that this site's own address ("http://host/documents/X",
    # "//host/documents/X", "http:X", "/%64ocuments/X") is known as a link here as "/documents/X" is.
    site = urlsplit(settings.BASE_URL)
    url = urlsplit(urljoin(f"{site.scheme}://{site.netloc}{DOCUMENTS}", href.strip()))
    path = unquote(url.path)
    elsewhere = url.scheme not in ("http", "https") or (url.netloc and url.hostname != site.hostname)
    if elsewhere or not path.startswith(DOCUMENTS):
        return None
    return path.removeprefix(DOCUMENTS).split("/")[0].removesuffix(TWIN)


def _label(note: Note) -> str:
    """The kind of an unnumbered note, unless its body begins with it ("Source: ...", "[Source: ...]")."""
    label = note.get_kind_display()
    said = note.body.lstrip("[ ").casefold().startswith(label.split()[0].casefold())
    return "" if note.marker or said else label
