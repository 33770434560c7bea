"""Requests no page can answer, refused before any view sees them."""

from __future__ import annotations

import time
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


def server_timing(get_response: Callable[[HttpRequest], HttpResponse]) -> Callable:
    """Say in a Server-Timing header how long the app took over a request (`app;dur=` in ms) and the
    CPU time of the thread that answered it (`cpu;dur=`: work other threads did for it, such as
    search's facet counts, is not in it), so that a benchmark or a browser's tools read the server's
    own time apart from the network's, and apart from waiting for a busy machine's cores."""

    def middleware(request: HttpRequest) -> HttpResponse:
        started, started_cpu = time.perf_counter(), time.thread_time()
        response = get_response(request)
        response["Server-Timing"] = (f"app;dur={(time.perf_counter() - started) * 1000:.1f}, "
                                     f"cpu;dur={(time.thread_time() - started_cpu) * 1000:.1f}")
        return response

    return middleware
