"""A published document's scans as a IIIF Presentation API 3 manifest, built with iiif-prezi3: its
description, a canvas per page painted with the page's level-0 image service, the page's transcription
as "supplementing" annotations (a line's text on the line's box), and its Content Search services.
Every text a viewer could read as HTML (summary, metadata, required statement, transcription) is given
so that it cannot be markup (archivist.interop.iiif.plain); labels are plain text, which Presentation 3
forbids reading as HTML and Mirador shows as text."""

from __future__ import annotations

import json
import re

from django.conf import settings
from iiif_prezi3 import Annotation, AnnotationPage, Canvas, KeyValueString, Manifest

from archivist.interop.citation import publisher
from archivist.interop.iiif import plain, urls_for
from archivist.interop.iiif.freshness import kept, pages_key
from archivist.interop.iiif.words import read_lines, union, xywh
from archivist.records.models import Document, Link, chain_above
from archivist.scans.models import Page
from archivist.scans.tiles import full_sizes

# The rights a manifest's "rights" may hold (Presentation 3, 3.3.1); other rights are said in words.
RIGHTS_URI = re.compile(r"https?://(creativecommons\.org/(licenses|publicdomain)|rightsstatements\.org/vocab)"
                        r"/[A-Za-z0-9./-]{1,100}")
SEARCH1_PROFILE = "http://iiif.io/api/search/1/search"
MANIFEST_KEPT = 60  # seconds


def manifest_json(document: Document) -> bytes | None:
    """The manifest of a document's scans as JSON, or None when it has none. Built once while the
    document and its pages do not change (3 to 6 ms a page), and then not even its pages are read; kept
    a minute at most, for changes to the records it names (an archive renamed)."""
    if not document.pages.exists():
        return None

    def build() -> bytes:
        pages = list(document.pages.select_related("attachment").order_by("number"))
        return json.dumps(manifest(document, pages), ensure_ascii=False).encode()

    return kept(pages_key(document, "manifest"), build, MANIFEST_KEPT)


def manifest(document: Document, pages: list[Page]) -> dict:
    """The manifest as JSON-LD (a dict), validated by iiif-prezi3's model as it is built."""
    record_id = document.record_id
    built = Manifest(
        id=urls_for.manifest(record_id),
        label={"none": [document.title]},
        metadata=_metadata(document),
        requiredStatement=_required_statement(document),
        homepage=[{"id": f"{settings.BASE_URL}/documents/{record_id}", "type": "Text",
                   "label": {"none": [document.title]}, "format": "text/html"}],
        seeAlso=[{"id": f"{settings.BASE_URL}/documents/{record_id}.json", "type": "Dataset",
                  "label": {"en": ["The document's record as JSON"]}, "format": "application/json"}],
        thumbnail=[_image(record_id, pages[0], urls_for.THUMBNAIL_WIDTH)],
        service=[{"id": urls_for.search(record_id), "type": "SearchService2"},
                 {"id": urls_for.search(record_id, version=1), "type": "SearchService1",
                  "profile": SEARCH1_PROFILE}],
        items=[_canvas(record_id, page) for page in pages],
    )
    if document.summary.strip():
        built.summary = {"none": [plain.value(document.summary.strip())]}
    if RIGHTS_URI.fullmatch(document.rights.strip()):
        built.rights = document.rights.strip()
    return json.loads(built.jsonld())


def _metadata(document: Document) -> list[KeyValueString]:
    links = sorted((link for link in document.links.select_related("authority")
                    if link.status in Link.VISIBLE), key=lambda link: link.position)

    def names(role: str) -> list[str]:
        return [link.authority.sort_name for link in links if link.role == role]

    archive = next((link.authority for link in links if link.role == Link.Role.ARCHIVE), None)
    entries = [
        ("Date", [document.date_display or document.date]),
        ("Author", names(Link.Role.AUTHOR)),
        ("Recipient", names(Link.Role.RECIPIENT)),
        ("Original archive", [", ".join(a.sort_name for a in reversed(list(chain_above(archive))))]),
        ("Language", [document.original_language]),
        ("Source", [document.source.strip()]),
        ("Rights", [document.rights.strip()]),
        ("Record ID", [document.record_id]),
    ]
    return [KeyValueString(label={"en": [label]}, value={"none": [plain.value(v) for v in values if v]})
            for label, values in entries if any(values)]


def _required_statement(document: Document) -> KeyValueString:
    """Who provides the document; with the rights in words when they are not a rights URI."""
    rights = document.rights.strip()
    statement = f"Provided by {publisher(document)}."
    if rights and not RIGHTS_URI.fullmatch(rights):
        statement += f" {rights}"
    return KeyValueString(label={"en": ["Attribution"]}, value={"en": [plain.value(statement)]})


def _image(record_id: str, page: Page, width: int) -> dict:
    """A whole-page image of about the width, with its image service."""
    size = urls_for.offered_size(page.width, page.height, width)
    return {"id": settings.BASE_URL + urls_for.image_path(record_id, page.number, page.width, page.height,
                                                         width),
            "type": "Image", "format": "image/jpeg", "width": size[0], "height": size[1],
            "service": [_image_service(record_id, page)]}


def _image_service(record_id: str, page: Page) -> dict:
    return {"id": urls_for.image_service(record_id, page.number), "type": "ImageService3",
            "profile": "level0"}


def _canvas(record_id: str, page: Page) -> Canvas:
    canvas_id = urls_for.canvas(record_id, page.number)
    painting = Annotation(id=f"{canvas_id}/painting", motivation="painting", target=canvas_id,
                          body=_image(record_id, page, full_sizes(page.width, page.height)[-1][0]))
    canvas = Canvas(id=canvas_id, label={"en": [_page_label(page)]}, width=page.width, height=page.height,
                    thumbnail=[_image(record_id, page, urls_for.THUMBNAIL_WIDTH)],
                    items=[AnnotationPage(id=f"{canvas_id}/page", items=[painting])])
    transcription = _transcription(canvas_id, page)
    if transcription:
        canvas.annotations = [AnnotationPage(id=f"{canvas_id}/transcription", items=transcription)]
    return canvas


def _page_label(page: Page) -> str:
    kind = {"original": " (original)", "translation": " (translation)"}.get(page.attachment.text_kind, "")
    return f"Page {page.number}{kind}"


def _transcription(canvas_id: str, page: Page) -> list[Annotation]:
    """A line's text on the line's box for each line of the hOCR; the page's whole text on the whole
    canvas when it has no word boxes."""
    language = {"language": page.attachment.language} if page.attachment.language else {}
    lines = read_lines(page.words, page.width, page.height)
    if lines:
        placed = [(" ".join(word.text for word in line), f"#xywh={xywh(union([w.box for w in line]))}")
                  for line in lines]
    elif page.text.strip():
        placed = [(page.text.strip(), "")]
    else:
        return []
    return [Annotation(id=f"{canvas_id}/transcription/{index}", motivation="supplementing",
                       target=canvas_id + fragment,
                       body=plain.textual_body(text, **language))
            for index, (text, fragment) in enumerate(placed, start=1)]
