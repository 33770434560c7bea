"""/oai: OAI-PMH by GET or POST (protocol answers), and the schema of the archive's own format."""

from __future__ import annotations

import logging
from pathlib import Path

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from archivist.interop.oai.harvestable import bring_up_to_date
from archivist.interop.oai.protocol import respond
from archivist.search.indexer import IndexBusy

log = logging.getLogger(__name__)
RECORD_SCHEMA = Path(__file__).parent / "data" / "record-format-1.xsd"
XML = "text/xml; charset=utf-8"


@csrf_exempt  # harvesters POST forms without a session; the request changes nothing of the archive
@require_http_methods(["GET", "HEAD", "POST"])
def oai(request: HttpRequest) -> HttpResponse:
    now = timezone.now()  # before the update below: no record it dates can be older than this reply
    try:
        bring_up_to_date()
    except (IndexBusy, OperationalError) as busy:  # an import writing: its changes get later datestamps
        log.warning("OAI-PMH answered without the outbox's latest changes: %s", busy)
    arguments = request.POST if request.method == "POST" else request.GET
    return HttpResponse(respond(dict(arguments.lists()), now), content_type=XML)


@require_GET
def record_schema(request: HttpRequest) -> HttpResponse:
    return HttpResponse(RECORD_SCHEMA.read_bytes(), content_type=XML)
