"""Regressions found by review of issue #11: dates at the ends of the calendar, recounts after a
deletion, conditional GETs of pages that show other documents, and facet values of records not public."""

from __future__ import annotations

import time

from archivist.outbox import catch_up
from archivist.records.services import delete_document
from archivist.search.service import search
from archivist.web.counts import ensure_fresh
from archivist.web.models import MonthCount


def month_counts() -> list[tuple[int, int, int]]:
    return sorted(MonthCount.objects.values_list("year", "month", "documents"))


def test_a_placeholder_year_9999_leaves_the_tables_and_the_index_working(client, add_document):
    add_document("nine", date="9999")
    add_document("last", date="9999-12-31")
    add_document("later", date="1950-02-01")
    assert catch_up() > 0
    assert sorted(hit.record_id for hit in search("").hits) == ["last", "later", "nine"]
    assert month_counts() == [(1950, 2, 1), (9999, 1, 1), (9999, 12, 1)]
    assert client.get("/dates/9999.json").json()["documents"] == 2
    delete_document("nine")  # a deletion recounts every month
    ensure_fresh()
    assert month_counts() == [(1950, 2, 1), (9999, 12, 1)]


def test_a_deletion_recounts_only_the_months_that_hold_documents(add_document):
    for record_id, date in (("first", "0001-01-01"), ("far", "9998-06-30"), ("mid", "1950-03-04"),
                            ("gone", "1960-05-06")):
        add_document(record_id, date=date)
    delete_document("gone")
    started = time.monotonic()
    ensure_fresh()
    assert time.monotonic() - started < 2  # no COUNT for each month of the 10,000 years between
    assert month_counts() == [(1, 1, 1), (1950, 3, 1), (9998, 6, 1)]
