"""Keeping the derived browse tables (web.models) in step with the archive, and reading them: which
authority records the public site may name (listed_authorities) comes from them too.

Pages never write them. The outbox worker of `archivist serve` and the commands that change records
bring them up to date (ensure_fresh): when documents changed, only their listing rows are redone and
only the authority records and years they touch are recounted; the listing is rebuilt whole for very
large batches. A deleted document's listing rows go with it (cascade), so deletions recount everything
from the listing, which takes a second or so for a million documents.

Pages read the state (state()); while the tables are behind the outbox, each page checks the records
and dates it is about to show against the database (live_listed, published_in), so that nothing
named only by documents no longer published shows in the meantime.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import NamedTuple

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from archivist.records.models import Authority, AuthorityKind, Change, Document, Link
from archivist.records.publication import stamp_publication_times
from archivist.web.models import AuthorityCount, CountState, Listing, MonthCount

INCREMENTAL_LIMIT = 20_000  # changed documents; beyond this a full rebuild is quicker
CHUNK = 500
ABOVE_CHUNK = 5000  # record ids a query of _above names
# A record's part in a document by the role of its link (Listing.Part); any other role: NAMED.
PARTS = {Link.Role.AUTHOR: Listing.Part.WROTE, Link.Role.RECIPIENT: Listing.Part.RECEIVED}
# Kinds whose records nest (a heading under a broader one, a series in a collection in an archive): a
# record lists and counts the documents of the records below it as its own.
NESTED_KINDS = (AuthorityKind.SUBJECT, AuthorityKind.ARCHIVE)


def latest_change() -> Change | None:
    return Change.objects.order_by("-id").only("id", "at").first()


class Tables(NamedTuple):
    """What a page needs to know of the browse tables: their state, whether the outbox has moved on
    since (`behind`), and when the archive last changed (for Last-Modified)."""

    state: CountState
    behind: bool
    last_modified: dt.datetime | None  # the later of the last change and the last refresh


def state() -> Tables:
    """The browse tables' state, for pages: two small reads, never a write (see ensure_fresh)."""
    change = latest_change()
    current = CountState.objects.filter(pk=1).first()
    if current is None:  # never built: every table empty, so nothing to show yet
        current = CountState(change_id=-1)
    behind = current.change_id != (change.id if change else 0)
    return Tables(current, behind, max(filter(None, (change and change.at, current.refreshed)), default=None))


def ensure_fresh(wait: float = 0.0) -> CountState:
    """The count state, after bringing the derived tables and the documents' publication times
    (records.publication) up to date with the outbox: for the outbox worker and commands
    (archivist.outbox), never for page requests.

    On PostgreSQL an outbox id may commit after a higher one, so the tables go only as far as no
    transaction can still add a row below (indexer.settled_end, as the search index does): else that
    row would be stepped over for good. Raises IndexBusy if an import keeps adding rows for over
    `wait` seconds (at least a second); the next call applies them.
    """
    from archivist.search.indexer import settled_end

    change = latest_change()
    state = CountState.objects.filter(pk=1).first()
    if state is not None and state.change_id == (change.id if change else 0):
        return state
    wanted = settled_end(wait)
    with transaction.atomic():
        # The state row is locked, so concurrent refreshes (the worker, a command) run one after the
        # other; one that waited finds the work done.
        state, _ = CountState.objects.select_for_update().get_or_create(pk=1, defaults={"change_id": -1})
        if state.change_id >= wanted:
            return state
        changes = Change.objects.filter(id__gt=max(state.change_id, 0), id__lte=wanted)
        record_ids = set(changes.values_list("record_id", flat=True)[:INCREMENTAL_LIMIT + 1])
        if state.change_id < 0 or len(record_ids) > INCREMENTAL_LIMIT:
            _rebuild_listing()
            authorities = years = None
        else:
            authorities, years = _relist(record_ids)
        if changes.filter(action=Change.Action.DELETE).exists():
            authorities = years = None
        stamp_publication_times()
        _recount_authorities(authorities)
        return _recount_months(years, wanted)


def _published_links():
    return Link.objects.filter(status__in=Link.VISIBLE, document__status=Document.Status.PUBLISHED)


def _rebuild_listing() -> None:
    """Every (authority, published document) pair in one INSERT ... SELECT, as there may be millions: a
    document is listed under each record it is visibly linked to and, for nested kinds, each record
    above that one (see _above).

    The ordering index is dropped while the old rows go and the new ones come, and built once
    afterwards: much quicker than keeping it up to date row by row. The table has no foreign keys in
    the database (web.models.Listing) for PostgreSQL to check row by row.
    """
    listing, link, document = (Listing._meta.db_table, Link._meta.db_table, Document._meta.db_table)
    authority = Authority._meta.db_table
    visible = ", ".join(f"'{status}'" for status in Link.VISIBLE)
    nested = ", ".join(f"'{kind}'" for kind in NESTED_KINDS)
    order = Listing._meta.indexes[0]
    columns = ", ".join(Listing._meta.get_field(name).column for name in order.fields)
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {order.name}")
        cursor.execute(f"DELETE FROM {listing}")
        roles = " ".join(f"WHEN '{role}' THEN {part}" for role, part in PARTS.items())
        part = f"CASE l.role {roles} ELSE {Listing.Part.NAMED} END"
        cursor.execute(
            f"INSERT INTO {listing} (authority_id, document_id, date_earliest, part) "
            f"WITH RECURSIVE above(id, above) AS ("
            f"SELECT id, id FROM {authority} WHERE kind IN ({nested}) "
            f"UNION SELECT above.id, a.parent_id FROM {authority} a JOIN above ON a.id = above.above "
            f"WHERE a.parent_id IS NOT NULL) "
            f"SELECT COALESCE(above.above, l.authority_id), l.document_id, d.date_earliest, MIN({part}) "
            f"FROM {link} l JOIN {document} d ON d.id = l.document_id "
            f"LEFT JOIN above ON above.id = l.authority_id "
            f"WHERE d.status = %s AND l.status IN ({visible}) "
            f"GROUP BY COALESCE(above.above, l.authority_id), l.document_id, d.date_earliest",
            [Document.Status.PUBLISHED])
        cursor.execute(
            f"INSERT INTO {listing} (authority_id, document_id, date_earliest, part) "
            f"SELECT NULL, id, date_earliest, {Listing.Part.NAMED} FROM {document} WHERE status = %s",
            [Document.Status.PUBLISHED])
        cursor.execute(f"CREATE INDEX {order.name} ON {listing} ({columns})")


def _relist(record_ids: set[str]) -> tuple[set[int], set[int]]:
    """Redo the listing rows of changed documents; returns the authority records and years touched."""
    authorities: set[int] = set()
    years: set[int] = set()
    documents = Document.objects.filter(record_id__in=record_ids).values_list("id", "status", "date_earliest")
    for chunk in _chunks(list(documents)):
        ids = [pk for pk, _, _ in chunk]
        old = Listing.objects.filter(document_id__in=ids)
        for authority_id, day in old.values_list("authority_id", "date_earliest"):
            authorities.add(authority_id)
            years.add(day.year if day else None)
        old.delete()
        rows = list(_published_links().filter(document_id__in=ids)
                    .values_list("authority_id", "document_id", "document__date_earliest", "role"))
        above = _above({a for a, _, _, _ in rows})
        parts: dict[tuple, int] = {}
        for authority_id, document_id, day, role in rows:
            part = PARTS.get(role, Listing.Part.NAMED)
            for up in above.get(authority_id, (authority_id,)):
                parts[up, document_id, day] = min(part, parts.get((up, document_id, day), part))
        new = [Listing(authority_id=a, document_id=d, date_earliest=day, part=part)
               for (a, d, day), part in parts.items()]
        new += [Listing(authority_id=None, document_id=pk, date_earliest=day)
                for pk, status, day in chunk if status == Document.Status.PUBLISHED]
        Listing.objects.bulk_create(new)
        authorities.update(row.authority_id for row in new)
        years.update(row.date_earliest.year if row.date_earliest else None for row in new)
    authorities.discard(None)
    return authorities, years


def _above(authority_ids: set[int]) -> dict[int, set[int]]:
    """Each of the given records of a nested kind, with the records above it (itself included): a
    document linked to "China--Foreign relations--Soviet Union" is listed and counted under
    "China--Foreign relations" and "China" too, a series' under its collection and its archive."""
    table = Authority._meta.db_table
    nested = ", ".join(["%s"] * len(NESTED_KINDS))
    found: dict[int, set[int]] = {}
    ids = sorted(authority_ids)
    with connection.cursor() as cursor:
        for start in range(0, len(ids), ABOVE_CHUNK):
            chunk = ids[start:start + ABOVE_CHUNK]
            cursor.execute(
                f"WITH RECURSIVE above(id, above) AS ("
                f"SELECT id, id FROM {table} WHERE id IN ({', '.join(['%s'] * len(chunk))}) "
                f"AND kind IN ({nested}) "
                f"UNION SELECT above.id, a.parent_id FROM {table} a JOIN above ON a.id = above.above "
                f"WHERE a.parent_id IS NOT NULL) SELECT id, above FROM above", [*chunk, *NESTED_KINDS])
            for authority_id, up in cursor.fetchall():
                found.setdefault(authority_id, set()).add(up)
    return found


def _recount_authorities(authority_ids: Iterable[int] | None) -> None:
    """Recount the given authority records' documents, or all of them when None."""
    if authority_ids is None:
        AuthorityCount.objects.all().delete()
        listing = Listing.objects.filter(authority__isnull=False)
    else:
        authority_ids = list(authority_ids)
        AuthorityCount.objects.filter(authority_id__in=authority_ids).delete()
        listing = Listing.objects.filter(authority_id__in=authority_ids)
    rows = listing.values("authority_id").annotate(
        n=Count("id"), wrote=Count("id", filter=Q(part=Listing.Part.WROTE)),
        received=Count("id", filter=Q(part=Listing.Part.RECEIVED))).order_by()
    AuthorityCount.objects.bulk_create(
        (AuthorityCount(authority_id=row["authority_id"], documents=row["n"], wrote=row["wrote"],
                        received=row["received"]) for row in rows),
        batch_size=5000)


def _recount_months(years: set[int | None] | None, change_id: int) -> CountState:
    """Recount the documents of the given years (None in it: the undated), or of all years when None.

    Only months that hold documents are counted: from the first dated document on, each month is one
    COUNT over a range of the listing's date index, and one indexed read finds the next document after
    it. So documents dated 0001 and 9998 cost no scan of the years between, and no per-row date
    functions run (on SQLite they would call into Python once per document).
    """
    documents = Listing.objects.filter(authority__isnull=True)
    if years is None:
        spans = [(dt.date.min, None)]
        MonthCount.objects.all().delete()
    else:
        dated = sorted(year for year in years if year is not None)
        spans = [(dt.date(year, 1, 1), _month_after(dt.date(year, 12, 1))) for year in dated]
        MonthCount.objects.filter(year__in=dated).delete()
    found = [count for start, end in spans for count in _month_counts(documents, start, end)]
    MonthCount.objects.bulk_create(found)
    defaults = {"change_id": change_id}
    if years is None or None in years:
        defaults["undated"] = documents.filter(date_earliest__isnull=True).count()
    state, _ = CountState.objects.update_or_create(pk=1, defaults=defaults)
    return state


def _month_counts(documents: QuerySet[Listing], start: dt.date, end: dt.date | None) -> list[MonthCount]:
    """The counts of the months from `start` up to `end` (None: no end) that hold documents."""
    found = []
    cursor: dt.date | None = start
    while cursor is not None:
        following = _dated_from(documents, cursor, end).order_by("date_earliest")
        first = following.values_list("date_earliest", flat=True).first()
        if first is None:
            break
        month = first.replace(day=1)
        cursor = _month_after(month)
        found.append(MonthCount(year=month.year, month=month.month,
                                documents=_dated_from(documents, month, cursor).count()))
    return found


def _dated_from(documents: QuerySet[Listing], start: dt.date, end: dt.date | None) -> QuerySet[Listing]:
    dated = documents.filter(date_earliest__gte=start)
    return dated if end is None else dated.filter(date_earliest__lt=end)


def _month_after(month: dt.date) -> dt.date | None:
    """The first day of the month after `month`'s; None after December 9999, the last there is."""
    if month.month < 12:
        return month.replace(month=month.month + 1)
    return None if month.year == dt.MAXYEAR else dt.date(month.year + 1, 1, 1)


def _chunks(items: list[tuple]) -> Iterable[list[tuple]]:
    for start in range(0, len(items), CHUNK):
        yield items[start:start + CHUNK]


def listed_authorities(kind: str | None = None) -> QuerySet[Authority]:
    """The records of a kind (or of every kind) the public site may name: those with a published
    document visibly linked to them or, for nested kinds, to a record below them (by the count table).

    A record named only by draft or restricted documents, or by machine links not accepted, stays
    unlisted: no list, tree, page or facet label gives it away.
    """
    listed = Authority.objects.filter(count__documents__gt=0)
    return listed.filter(kind=kind) if kind else listed


_listed_totals: dict[tuple, int] = {}


def listed_total(state: CountState, records: QuerySet[Authority], *key: str) -> int:
    """records.count() for a list of listed records named by `key`, kept until the count tables next
    change (`state` from ensure_fresh): counting a kind's records through the count table reads every
    one of them."""
    stamp = (state.change_id, state.refreshed)  # the time too: a test's database reuses change ids
    if _listed_totals.get(("state",)) != stamp:
        _listed_totals.clear()
        _listed_totals[("state",)] = stamp
    if key not in _listed_totals:
        _listed_totals[key] = records.count()
    return _listed_totals[key]


def documents_of(authority_id: int) -> AuthorityCount:
    """The record's counts: its documents, and of them those it wrote and those it received."""
    return (AuthorityCount.objects.filter(authority_id=authority_id).first()
            or AuthorityCount(authority_id=authority_id, documents=0))


def listed_documents(authority_id: int, part: int, offset: int, limit: int) -> list[int]:
    """Ids of an authority record's published documents in which it has that part, by date, from the
    listing index."""
    return list(Listing.objects.filter(authority_id=authority_id, part=part)
                .order_by("date_earliest", "document_id")
                .values_list("document_id", flat=True)[offset:offset + limit])


# While the tables are behind the outbox, pages check what they are about to show against the records
# themselves: the rows of one page, each an indexed EXISTS that stops at its first published document.


def live_listed(kind: str, authority_ids: Iterable[int]) -> set[int]:
    """Those of the given records (all of `kind`) the public site may name now, read from the links
    and documents rather than the count table: each visibly linked to a published document or, for
    nested kinds, with such a record below it (see listed_authorities)."""
    ids = list(dict.fromkeys(authority_ids))
    if not ids:
        return set()
    if kind not in NESTED_KINDS:
        public = Exists(_published_links().filter(authority=OuterRef("pk")))
        return set(Authority.objects.filter(public, id__in=ids).values_list("id", flat=True))
    authority, link, document = (Authority._meta.db_table, Link._meta.db_table, Document._meta.db_table)
    visible = ", ".join(["%s"] * len(Link.VISIBLE))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH RECURSIVE below(top, id) AS ("
            f"SELECT id, id FROM {authority} WHERE id IN ({', '.join(['%s'] * len(ids))}) "
            f"UNION SELECT below.top, a.id FROM {authority} a JOIN below ON a.parent_id = below.id) "
            f"SELECT DISTINCT below.top FROM below WHERE EXISTS ("
            f"SELECT 1 FROM {link} l JOIN {document} d ON d.id = l.document_id "
            f"WHERE l.authority_id = below.id AND l.status IN ({visible}) AND d.status = %s)",
            [*ids, *Link.VISIBLE, Document.Status.PUBLISHED])
        return {row[0] for row in cursor.fetchall()}


def published_in(year: int, month: int | None = None) -> bool:
    """Whether a document published now has its earliest date in the year (or its month): one indexed
    read, which stops at the first."""
    first = dt.date(year, month or 1, 1)
    last = dt.date(year, month or 12, calendar.monthrange(year, month or 12)[1])
    return Document.objects.filter(status=Document.Status.PUBLISHED,
                                   date_earliest__range=(first, last)).exists()
