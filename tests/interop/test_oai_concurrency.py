"""A harvest request while another process's update of the harvest records is under way: it does not
wait for it, and dates its reply no later than the last completed update, so a harvest starting from
that reply misses none of the records being updated."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from archivist.ingest.loader import store_records
from archivist.interop.oai.harvestable import bring_up_to_date, complete_as_of
from archivist.interop.oai.models import HarvestState
from archivist.interop.oai.protocol import datestamp
from archivist.records.models import Document
from archivist.records.services import set_status
from tests.interop.oaixml import NS, valid_reply


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_request_during_another_update_answers_dated_before_it():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: on SQLite the busy timeout bounds the wait, one writer at a time")
    store_records("a.jsonl", [(1, {"record_id": "one", "title": "One"})])
    bring_up_to_date()
    completed = complete_as_of()
    time.sleep(1.05)
    set_status("one", Document.Status.DRAFT)  # pending: the request below would update it
    holding, release = threading.Event(), threading.Event()

    def another_update() -> None:
        try:
            with transaction.atomic():
                HarvestState.objects.select_for_update().get(pk=1)
                holding.set()
                release.wait(30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=another_update)
    thread.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        reply = valid_reply(Client().get("/oai", {"verb": "Identify"}).content)
        assert time.monotonic() - started < 10
        assert reply.findtext("o:responseDate", namespaces=NS) == datestamp(completed)
    finally:
        release.set()
        thread.join()
    reply = valid_reply(Client().get("/oai", {"verb": "Identify"}).content)
    assert reply.findtext("o:responseDate", namespaces=NS) > datestamp(completed)
