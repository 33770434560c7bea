"""/oai: OAI-PMH by GET or POST (protocol answers), and the schema of the archive's own format."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from archivist.interop.oai.harvestable import bring_up_to_date, complete_as_of
from archivist.interop.oai.protocol import respond
from archivist.search.indexer import IndexBusy

log = logging.getLogger(__name__)
RECORD_SCHEMA = Path(__file__).parent / "data" / "record-format-1.xsd"
XML = "text/xml; charset=utf-8"
LOCK_WAIT = 2.0  # seconds a request waits for another process's update before answering without it


@csrf_exempt  # harvesters POST forms without a session; the request changes nothing of the archive
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    # A harvester starts its next harvest from this reply's responseDate, so no record this reply
    # misses may get an earlier datestamp: the time is taken before the update below, and when another
    # process's update (whose datestamps are already chosen) keeps it waiting too long, it is the
    # last completed update's time instead.
    now = timezone.now()
    try:
        bring_up_to_date(lock_wait=LOCK_WAIT)
    except (IndexBusy, OperationalError) as busy:
        log.warning("OAI-PMH answered without the outbox's latest changes: %s", busy)
        now = min(now, complete_as_of())
    arguments = request.POST if request.method == "POST" else request.GET
    return HttpResponse(respond(dict(arguments.lists()), now), content_type=XML)


@require_GET
def record_schema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(RECORD_SCHEMA.read_bytes(), content_type=XML)
