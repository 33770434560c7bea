"""Regressions found by review of issue #11: dates at the ends of the calendar, recounts after a
deletion, conditional GETs of pages that show other documents, and facet values of records not public."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from archivist.outbox import catch_up
from archivist.records.models import Authority, Change, Document, Link
from archivist.records.services import delete_document, set_status
from archivist.search.service import search
from archivist.web.counts import ensure_fresh
from archivist.web.models import CountState, Listing, MonthCount
from tests.web.conftest import index_writer_held, judge_as_the_admin


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


def backdate_everything(hours: int = 1) -> None:
    """As if the archive had last changed an hour ago: a conditional GET within the same second as a
    change can't tell them apart (HTTP dates have whole seconds)."""
    past = timezone.now() - dt.timedelta(hours=hours)
    Change.objects.update(at=past)
    Document.objects.update(modified=past)
    CountState.objects.update(refreshed=past)


def test_a_document_page_is_not_kept_once_a_neighbour_is_restricted(client, add_document):
    for record_id, month in (("before", 1), ("here", 2), ("after", 3)):
        add_document(record_id, date=f"1950-{month:02d}-01", associated_topics=["Shared topic"])
    backdate_everything()
    first = client.get("/documents/here")
    assert "/documents/before" in first.content.decode()
    since = first["Last-Modified"]
    assert client.get("/documents/here", HTTP_IF_MODIFIED_SINCE=since).status_code == 304
    set_status("before", "restricted")
    again = client.get("/documents/here", HTTP_IF_MODIFIED_SINCE=since)
    assert again.status_code == 200
    assert "/documents/before" not in again.content.decode()
    assert client.get("/documents/here.json", HTTP_IF_MODIFIED_SINCE=since).status_code == 200


def facet_values(client, name: str, **params: str) -> list[dict]:
    facets = client.get("/search.json", {"q": "text", **params}).json()["facets"]
    return next(facet["values"] for facet in facets if facet["name"] == name)


def test_a_rejected_link_leaves_the_facets_while_the_index_is_behind(client, add_document):
    add_document("first", date="1950-01-01")
    person = Authority.objects.create(kind="person", key="zqjudged-person", sort_name="Zqjudged, Person",
                                      display_name="Person Zqjudged")
    Link.objects.create(document=Document.objects.get(record_id="first"), authority=person,
                        role=Link.Role.ASSOCIATED, status=Link.Status.PROPOSED)
    judge_as_the_admin("first", "person/zqjudged-person", "accepted")
    catch_up()
    assert "zqjudged" in str(facet_values(client, "people")).lower()  # its label is kept for the commit
    with index_writer_held():
        judge_as_the_admin("first", "person/zqjudged-person", "rejected")
        assert "zqjudged" not in str(facet_values(client, "people")).lower()
        chosen = facet_values(client, "people", people="person/zqjudged-person")
        assert [value["value"] for value in chosen] == ["person/zqjudged-person"]  # as the URL has it
    catch_up()
    assert "zqjudged" not in str(facet_values(client, "people")).lower()


def test_a_failure_of_the_browse_tables_leaves_the_search_index_brought_up_to_date(db):
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_document

    save_document(read_document({"type": "document", "record_id": "kept", "title": "Kept cable",
                                 "date": "1950", "text": "Text.", "text_language": "English"}))
    with connection.cursor() as cursor:  # the rebuild of the never-built listing drops this index
        cursor.execute(f"DROP INDEX {Listing._meta.indexes[0].name}")
    with pytest.raises(DatabaseError):
        catch_up()
    assert [hit.record_id for hit in search("cable").hits] == ["kept"]
