"""An independent OAI-PMH client (Sickle) harvests the archive through a real HTTP server: a full
harvest, then an incremental one after a document is published, one edited and one restricted."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from sickle import Sickle
from sickle.oaiexceptions import NoRecordsMatch

from archivist.ingest.loader import store_records
from archivist.interop.export import document_queryset
from archivist.interop.oai.harvestable import public_record
from archivist.outbox import catch_up
from archivist.records.models import Document
from archivist.records.services import set_status
from tests.interop.oaixml import record_as_json

OAI = "{http://www.openarchives.org/OAI/2.0/}"
STAMP = "%Y-%m-%dT%H:%M:%SZ"


def harvest(server_url: str, method: str = "GET", **arguments) -> tuple[dict, str]:
    """Every record Sickle harvests, by record ID, and the responseDate of its first reply: where the
    next incremental harvest starts."""
    records = Sickle(f"{server_url}/oai", http_method=method, timeout=30).ListRecords(**arguments)
    started = records.oai_response.xml.findtext(f"{OAI}responseDate")
    return {record.header.identifier.rsplit(":", 1)[1]: record for record in records}, started


@pytest.mark.django_db(transaction=True)
def test_a_harvester_gets_the_published_documents_then_exactly_the_changes(live_server, monkeypatch):
    monkeypatch.setenv("ARCHIVIST_OAI_PAGE_SIZE", "3")  # several pages, through resumption tokens
    store_records("harvest.jsonl", enumerate([
        *({"record_id": f"pub{i}", "title": f"Published {i}", "authors": ["Rusk, Dean"]} for i in range(7)),
        {"record_id": "draft", "title": "Draft", "status": "draft"},
        {"record_id": "secret", "title": "Restricted", "status": "restricted"},
    ], start=1))
    catch_up()  # as `archivist load` does: the records get their datestamps now,
    time.sleep(1.05)  # and a second before the harvest (an incremental harvest's from is inclusive)

    full, response_date = harvest(live_server.url, metadataPrefix="archivist")
    published = Document.objects.filter(status=Document.Status.PUBLISHED)
    assert set(full) == set(published.values_list("record_id", flat=True)) == {f"pub{i}" for i in range(7)}
    for record_id, record in full.items():  # every field, as the export gives it
        (metadata,) = record.xml.find(f"{OAI}metadata")
        expected = public_record(document_queryset().get(record_id=record_id))
        assert record_as_json(metadata) == json.loads(json.dumps(expected), parse_int=str, parse_float=str)
    assert not any(record.header.deleted for record in full.values())

    time.sleep(1.05)  # datestamps are to the second
    set_status("draft", Document.Status.PUBLISHED)
    edited = Document.objects.get(record_id="pub3")
    edited.title = "Published 3, retitled"
    edited.save()
    set_status("pub5", Document.Status.RESTRICTED)

    changes, _ = harvest(live_server.url, "POST", metadataPrefix="oai_dc", **{"from": response_date})
    assert set(changes) == {"draft", "pub3", "pub5"}
    assert changes["pub5"].header.deleted and changes["pub5"].xml.find(f"{OAI}metadata") is None
    assert changes["pub3"].metadata["title"] == ["Published 3, retitled"]
    assert not changes["draft"].header.deleted and not changes["pub3"].header.deleted

    latest = max(dt.datetime.strptime(record.header.datestamp, STAMP) for record in changes.values())
    with pytest.raises(NoRecordsMatch):  # nothing changed since
        harvest(live_server.url, metadataPrefix="oai_dc",
                **{"from": (latest + dt.timedelta(seconds=1)).strftime(STAMP)})
