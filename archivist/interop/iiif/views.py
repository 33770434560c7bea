"""IIIF's addresses: each view finds a published document's page or pages and hands the work to the
services (images, manifest, search). Every answer is readable from any origin, as IIIF viewers need."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.views.decorators.http import require_safe

from archivist.interop.iiif import images, search
from archivist.interop.iiif.manifest import manifest_json
from archivist.records.models import Document
from archivist.scans.models import Page

IMAGE_INFO = 'application/ld+json;profile="http://iiif.io/api/image/3/context.json"'
PRESENTATION = 'application/ld+json;profile="http://iiif.io/api/presentation/3/context.json"'
SEARCH = {2: 'application/ld+json;profile="http://iiif.io/api/search/2/context.json"',
          1: 'application/ld+json;profile="http://iiif.io/api/search/1/context.json"'}


def _open(response: HttpResponse) -> HttpResponse:
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _json(data: dict, content_type: str) -> HttpResponse:
    return _open(JsonResponse(data, content_type=content_type, json_dumps_params={"ensure_ascii": False}))


def _published(record_id: str) -> Document:
    document = Document.objects.filter(record_id=record_id, status=Document.Status.PUBLISHED).first()
    if document is None:
        raise Http404("No published document")
    return document


def _page(record_id: str, number: int) -> Page:
    page = images.published_page(record_id, number)
    if page is None:
        raise Http404("No such page of a published document")
    return page


@require_safe
def image_service(request: HttpRequest, record_id: str, number: int) -> HttpResponse:
    """The image service's base address leads to its description (Image API 3, 2.2: a 303)."""
    _page(record_id, number)
    return _open(HttpResponseRedirect(f"/iiif/3/{record_id}/{number}/info.json", status=303))


@require_safe
def image_info(request: HttpRequest, record_id: str, number: int) -> HttpResponse:
    info = images.info(_page(record_id, number))
    if info is None:
        raise Http404("The page's images are not written")
    return _json(info, IMAGE_INFO)


@require_safe
def image(request: HttpRequest, record_id: str, number: int, region: str, size: str, rotation: str,
          quality: str) -> HttpResponse:
    """A tile or size of a page, as written when the page was stored: level 0 offers nothing else."""
    page = _page(record_id, number)
    try:
        found = images.image_file(page, region, size, rotation, quality)
    except images.Malformed as malformed:
        return _open(HttpResponse(str(malformed), status=400, content_type="text/plain; charset=utf-8"))
    if found is None:
        raise Http404("Level 0: only the tiles and sizes listed in info.json")
    response = FileResponse(found.open("rb"), content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    return _open(response)


@require_safe
def document_manifest(request: HttpRequest, record_id: str) -> HttpResponse:
    body = manifest_json(_published(record_id))
    if body is None:
        raise Http404("The document has no scans")
    return _open(HttpResponse(body, content_type=PRESENTATION))


def _search(request: HttpRequest, record_id: str, version: int) -> HttpResponse:
    document = _published(record_id)
    try:
        query = search.parse_query(request.GET)
    except search.BadQuery as bad:
        return _open(HttpResponse(str(bad), status=400, content_type="text/plain; charset=utf-8"))
    hits = search.find(document, query)
    if query.page > search.last_page(hits):
        raise Http404("No such page of hits")
    answer = search.answer_v2 if version == 2 else search.answer_v1
    return _json(answer(document, query, hits), SEARCH[version])


@require_safe
def content_search(request: HttpRequest, record_id: str) -> HttpResponse:
    """Content Search 2.0 in the document's scans."""
    return _search(request, record_id, 2)


@require_safe
def content_search_v1(request: HttpRequest, record_id: str) -> HttpResponse:
    """The same search in the Content Search 1.0 form, which Mirador reads."""
    return _search(request, record_id, 1)
