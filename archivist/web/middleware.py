"""Requests no page can answer, refused before any view sees them."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


def refuse_nul_characters(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """400 for a NUL character in the path or a query parameter: no record ID, key or search holds one
    (the importers refuse them), and PostgreSQL refuses any text holding one with an error."""

    def middleware(request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any("\x00" in name or any("\x00" in value for value in values)
                                         for name, values in request.GET.lists()):
            raise BadRequest("A NUL character in the address")
        return get_response(request)

    return middleware
