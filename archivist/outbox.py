"""Everything derived from the records, brought up to date with the outbox (records.Change).

The search index, the site's listing and count tables and the OAI-PMH harvest records each follow the
outbox on their own.
Under `archivist serve` one worker process applies it about once a second (archivist.serving);
commands that change many records call `catch_up()` when done, so their changes show at once.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def catch_up(wait: float = 0.0) -> int:
    """Apply pending changes to the harvest records, the site's tables and the search index; returns
    changes indexed.

    Raises IndexBehind (archivist.search.indexer) if another process keeps the index's writer for
    over `wait` seconds: nothing is lost, the next call applies the changes.
    """
    from archivist.interop.oai.harvestable import bring_up_to_date
    from archivist.search.indexer import sync

    _unless_busy(lambda: bring_up_to_date(wait), "harvest records")
    try:
        refresh_browse_tables()  # not waiting: the server's worker or the next command refreshes them
    except Exception:
        # One derived table must not hold back the other: the index is brought up to date first,
        # then the browse tables' error is raised.
        log.exception("browse tables not refreshed; updating the search index all the same")
        sync(wait=wait)
        raise
    return sync(wait=wait)


def refresh_browse_tables() -> None:
    """ensure_fresh(), unless another process (an import) holds SQLite's write lock past the busy
    timeout, or on PostgreSQL keeps adding to the outbox for over a second: then logged, and left to
    the next call (pages stay right meanwhile: archivist.web.counts)."""
    from archivist.web.counts import ensure_fresh

    _unless_busy(ensure_fresh, "browse tables")


def _unless_busy(step, what: str) -> None:
    """Run a step of the catch-up, unless another process holds SQLite's write lock past the busy
    timeout or keeps adding to the outbox on PostgreSQL: then logged, and left to the next call."""
    from django.db import OperationalError

    from archivist.search.indexer import IndexBusy

    try:
        step()
    except IndexBusy as busy:
        log.warning("%s not refreshed: %s; the next catch-up refreshes them", what, busy)
    except OperationalError as error:
        if "database is locked" not in str(error):
            raise
        log.warning("%s not refreshed: another process is writing the database; "
                    "the next catch-up refreshes them", what)


def index_pending() -> int:
    """sync(), at the cost of one small read when the index lacks nothing: for the server's outbox
    worker (archivist.serving), which asks every second. Raises IndexBehind as sync() does."""
    from archivist.records.models import Change
    from archivist.search.indexer import position, sync

    return sync() if Change.objects.filter(id__gt=position()).exists() else 0
