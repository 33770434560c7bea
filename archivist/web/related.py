"""Documents related to the one a reader is on, beyond its collection's previous and next: those sharing
its most telling words, and those of the same people written in the same weeks. Published ones only,
a few of each, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import QuerySet

from archivist.records.models import Authority, Document, Link
from archivist.search.schema import OutdatedIndex
from archivist.search.similar import more_like_this
from archivist.web.models import Listing

LIMIT = 5
SAME_WEEKS = dt.timedelta(weeks=3)  # either side of the document's date
# A date less precise than a month (a year, a span of years) is not "the same weeks" as anything.
PRECISE_ENOUGH = dt.timedelta(days=31)
# Listing rows read at most: a few weeks of even the busiest people hold far fewer.
MAX_ROWS = 5000


def _published(record_ids: list[str]) -> QuerySet[Document]:
    return Document.objects.filter(status=Document.Status.PUBLISHED, record_id__in=record_ids).only(
        "record_id", "title", "date_display")


def like_this(document: Document, words: list[str]) -> list[Document]:
    """Up to LIMIT published documents sharing the most telling of `words` (the document's title,
    summary, texts, notes and names), best first: the index's choice, then one query for the ones the
    database publishes now (the index may be behind it)."""
    try:
        found = more_like_this(document.record_id, words, limit=3 * LIMIT)
    except OutdatedIndex:  # until `archivist reindex`: the page itself does not need the index
        return []
    published = {d.record_id: d for d in _published(found)}
    return [published[i] for i in found if i in published][:LIMIT]


def same_people_same_weeks(document: Document, people: list[Authority], behind: bool) -> list[dict]:
    """Up to LIMIT published documents linked to people of this one and dated within SAME_WEEKS of it,
    those sharing the most people first, then the nearest in time; each with the people shared.

    Read from the listing (one indexed range per person); while the listing is behind the outbox, only
    the documents still visibly linked to the people are kept."""
    day, latest = document.date_earliest, document.date_latest
    if not people or day is None or (latest and latest - day > PRECISE_ENOUGH):
        return []
    by_id = {person.pk: person for person in people}
    # Every part named, so that the listing's index (authority, part, date) reads only the weeks wanted.
    rows = (Listing.objects.filter(authority_id__in=list(by_id), part__in=Listing.Part.values,
                                   date_earliest__range=(day - SAME_WEEKS, day + SAME_WEEKS))
            .exclude(document_id=document.pk).values_list("document_id", "authority_id", "date_earliest"))
    shared, dates = defaultdict(set), {}
    for document_id, authority_id, date in rows[:MAX_ROWS]:
        shared[document_id].add(authority_id)
        dates[document_id] = date
    ranked = sorted(shared, key=lambda i: (-len(shared[i]), abs((dates[i] - day).days), i))[:3 * LIMIT]
    if behind:
        shared = _still_linked(ranked, by_id)
        ranked = [i for i in ranked if i in shared]
    published = _published_by_pk(ranked)
    return [{"document": published[i], "people": [by_id[p] for p in by_id if p in shared[i]]}
            for i in ranked if i in published][:LIMIT]


def _published_by_pk(ids: list[int]) -> dict[int, Document]:
    return Document.objects.filter(status=Document.Status.PUBLISHED).only(
        "record_id", "title", "date_display").in_bulk(ids)


def _still_linked(ids: list[int], people: dict[int, Authority]) -> dict[int, set[int]]:
    """The people each document is still visibly linked to, of those given."""
    linked = defaultdict(set)
    for document_id, authority_id in Link.objects.filter(
            document_id__in=ids, authority_id__in=list(people), status__in=Link.VISIBLE).values_list(
            "document_id", "authority_id"):
        linked[document_id].add(authority_id)
    return linked
