"""`archivist check` on the search index: is it in step with the database?"""

from __future__ import annotations

from collections import Counter

import tantivy

from archivist.checks import Problem
from archivist.search.indexer import position
from archivist.search.schema import POSITION_ID, open_index


def pending_changes() -> list[Problem]:
    """The index behind the outbox: how many changes it lacks, and since when (a search may miss
    them; a count that stays means no process is applying them, or one is held up)."""
    from archivist.records.models import Change

    pending = Change.objects.filter(id__gt=position())
    behind = pending.count()
    if not behind:
        return []
    oldest = pending.order_by("id").values_list("at", flat=True).first()
    since = f"{oldest:%Y-%m-%d %H:%M:%S} UTC"
    return [Problem("warning", "search index is behind the database (archivist sync)",
                    f"{behind} change{'' if behind == 1 else 's'} pending since {since}")]


def drift() -> list[Problem]:
    """Published documents missing from the index, and indexed documents that should not be there."""
    from archivist.records.models import Change, Document

    pending = set(Change.objects.filter(id__gt=position()).values_list("record_id", flat=True))
    published = set(Document.objects.filter(status=Document.Status.PUBLISHED)
                    .values_list("record_id", flat=True))
    listed = indexed_record_ids()
    indexed = set(listed)
    twice = sorted(rid for rid, n in Counter(listed).items() if n > 1)
    problems = [Problem("error", "document indexed more than once (archivist reindex)", rid) for rid in twice]
    problems += [Problem("error", "published document missing from the search index (archivist reindex)",
                        rid) for rid in sorted(published - indexed - pending)]
    problems += [Problem("error", "search index holds a document that is not published (archivist reindex)",
                         rid) for rid in sorted(indexed - published - pending)]
    return problems


def indexed_record_ids() -> list[str]:
    """The record ID of each indexed document, read from the term dictionary (no stored document is
    opened; the query leaves out deleted documents)."""
    searcher = open_index().searcher()
    terms = searcher.terms_with_prefix("record_id", "", filter_query=tantivy.Query.all_query())
    return [rid for rid, n in terms if rid != POSITION_ID for _ in range(n)]


CHECKS = [pending_changes, drift]
