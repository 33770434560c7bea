"""Everything derived from the records, brought up to date with the outbox (records.Change).

The search index and the site's listing and count tables each follow the outbox on their own.
Commands that change many records call `catch_up()` when done, so that no reader waits for the
work on a first slow request.
"""

from __future__ import annotations


def catch_up() -> int:
    """Apply pending changes to the search index and the site's tables; returns changes indexed."""
    from archivist.search.indexer import sync
    from archivist.web.counts import ensure_fresh

    applied = sync()
    ensure_fresh()
    return applied
