"""Citations on the public site: the document page's Cite box, its downloads (also by content negotiation
on the document's address), and the downloads of a whole search."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe

from archivist.interop.bibliography import BY_EXTENSION, FORMATS, CitationFormat
from archivist.interop.csl import STYLES, STYLES_BY_KEY, as_text, cite, csl_item
from archivist.interop.export import document_queryset
from archivist.records.models import Document
from archivist.search.facets import FACETS
from archivist.search.service import MAX_PER_PAGE, search

MAX_SEARCH_CITATIONS = 1000  # a search's downloads hold its first thousand documents
BATCH = MAX_PER_PAGE


def cite_box(request: HttpRequest, document: Document) -> dict:
    """The Cite box: the style asked for with ?style= (the archive's own by default, or when the style is
    unknown), rendered, the styles to choose from, and the download links."""
    style = STYLES_BY_KEY.get(request.GET.get("style", ""), STYLES[0])
    item = csl_item(document) if style.csl_name else {}
    citation = mark_safe(cite(document, item, style))  # escaped and sanitized by csl.cite
    return {"style": style, "styles": STYLES, "citation": citation, "downloads": document_downloads(document)}


def cite_box_twin(box: dict, document: Document) -> dict:
    """The Cite box in the JSON twin: its one citation, the twin's address in each style, the downloads.
    Rendering every style would cost three citeproc-py citations a request; a client asks for the style
    it wants, as a reader of the page does."""
    chosen, twin_url = box["style"], f"/documents/{document.record_id}.json"
    return {
        "citation": {"style": chosen.key, "label": chosen.label, "text": as_text(box["citation"]),
                     "html": str(box["citation"])},
        "citation_styles": [{"style": style.key, "label": style.label, "url": f"{twin_url}?style={style.key}"}
                            for style in box["styles"]],
        "citation_downloads": box["downloads"],
    }


def document_downloads(document: Document) -> list[dict[str, str]]:
    return [{"label": f.label, "media_type": f.media_type,
             "url": f"/documents/{document.record_id}/citation.{f.extension}"} for f in FORMATS.values()]


def alternates(document: Document) -> dict[str, Callable[[], HttpResponse]]:
    """The document's citation in each download format, for its address asked with an Accept header."""
    return {media_type: (lambda f=citation_format: _citation_response(f, [document], document.record_id))
            for media_type, citation_format in FORMATS.items()}


def document_citation(request: HttpRequest, record_id: str, extension: str) -> HttpResponse:
    """/documents/<id>/citation.ris, .bib or .json: a published document's citation to download."""
    citation_format = _format(extension)
    document = document_queryset().filter(record_id=record_id, status=Document.Status.PUBLISHED).first()
    if document is None:
        raise Http404(f"No published document {record_id}")
    return _citation_response(citation_format, [document], record_id)


def search_citations(request: HttpRequest, extension: str) -> StreamingHttpResponse:
    """/search/citations.ris, .bib or .json with a search's query and filters: the citations of its
    first thousand published documents, in the search's order, written as they are read."""
    citation_format = _format(extension)
    return _citation_response(citation_format, _found_documents(request.GET), "search")


def search_downloads(query: QueryDict) -> list[dict[str, str]]:
    """Links to a search's citation downloads, carrying its query, filters and order."""
    state = urlencode([(key, value) for key, values in query.lists() if key != "page" for value in values])
    return [{"label": f.label, "media_type": f.media_type,
             "url": f"/search/citations.{f.extension}" + (f"?{state}" if state else "")}
            for f in FORMATS.values()]


def _format(extension: str) -> CitationFormat:
    if extension not in BY_EXTENSION:
        raise Http404("No such citation format")
    return BY_EXTENSION[extension]


def _citation_response(citation_format: CitationFormat, documents, name: str) -> StreamingHttpResponse:
    accessed = timezone.localdate()
    items = (csl_item(document, accessed) for document in documents)
    response = StreamingHttpResponse(citation_format.write(items), content_type=citation_format.content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}.{citation_format.extension}"'
    return response


def _found_documents(params: QueryDict) -> Iterator[Document]:
    """The search's first published documents, up to the limit, a page of the search and one query of
    the database at a time; one the index still holds but the database no longer publishes is left out."""
    return islice(_published_hits(params), MAX_SEARCH_CITATIONS)


def _published_hits(params: QueryDict) -> Iterator[Document]:
    filters = {facet.name: params.getlist(facet.name) for facet in FACETS}
    modes = {facet.name: params.get(facet.mode_parameter, "") for facet in FACETS if facet.default_mode}
    page, pages = 1, 1
    while page <= pages:
        results = search(params.get("q", ""), filters=filters, date_from=params.get("from", ""),
                         date_to=params.get("to", ""), sort=params.get("sort", "relevance"), page=page,
                         per_page=BATCH, with_facets=False, modes=modes)
        record_ids = [hit.record_id for hit in results.hits]
        published = document_queryset().filter(record_id__in=record_ids, status=Document.Status.PUBLISHED)
        by_id = {document.record_id: document for document in published}
        yield from (by_id[record_id] for record_id in record_ids if record_id in by_id)
        page, pages = page + 1, results.pages
