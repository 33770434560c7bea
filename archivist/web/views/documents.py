"""The document page and its JSON twin."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from archivist.interop.citation import archive_citation, permanent_url, publisher
from archivist.interop.export import document_json as export_document_json
from archivist.interop.export import document_queryset
from archivist.records.models import AuthorityKind, Document, Link
from archivist.records.recordformat import archive_path

PEOPLE_KINDS = {AuthorityKind.PERSON, AuthorityKind.ORGANIZATION}


def _published(record_id: str) -> Document:
    document = document_queryset().filter(
        record_id=record_id, status=Document.Status.PUBLISHED).first()
    if document is None:
        raise Http404(f"No published document {record_id}")
    return document


def document_page(request: HttpRequest, record_id: str) -> HttpResponse:
    document = _published(record_id)
    links = [link for link in document.links.all() if link.status in Link.VISIBLE]

    def linked(role: str, kinds=None) -> list:
        return [link.authority for link in links
                if link.role == role and (kinds is None or link.authority.kind in kinds)]

    archive = next((link.authority for link in links if link.role == Link.Role.ARCHIVE), None)
    texts = list(document.texts.all())
    context = {
        "document": document,
        "texts": texts,
        "notes": list(document.notes.all()),
        "authors": linked(Link.Role.AUTHOR),
        "recipients": linked(Link.Role.RECIPIENT),
        "people": linked(Link.Role.ASSOCIATED, PEOPLE_KINDS),
        "places": linked(Link.Role.ASSOCIATED, {AuthorityKind.PLACE}),
        "place_of_writing": linked(Link.Role.PLACE_OF_WRITING),
        "topics": linked(Link.Role.TOPIC),
        "subjects": linked(Link.Role.SUBJECT),
        "archive_path": archive_path(archive) if archive else [],
        "citation": archive_citation(document),
        "permanent_url": permanent_url(document),
        "publisher": publisher(document),
    }
    response = render(request, "archivist/document.html", context)
    response["Link"] = f'<{request.path}.json>; rel="alternate"; type="application/json"'
    return response


def document_json(request: HttpRequest, record_id: str) -> JsonResponse:
    return JsonResponse(export_document_json(_published(record_id)),
                        json_dumps_params={"ensure_ascii": False, "indent": 2})
