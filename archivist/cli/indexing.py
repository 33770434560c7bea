"""What every command that changes records does last: bring the search index and browse tables up to date."""

from __future__ import annotations

import click


def catch_up_or_warn() -> None:
    """Apply the outbox now, so the change is searchable at once; if another process (the server's
    worker) keeps the index's writer, warn and leave the changes to it: they are committed already."""
    from archivist.outbox import catch_up
    from archivist.search.indexer import WAIT, IndexBehind

    try:
        catch_up(wait=WAIT)
    except IndexBehind as behind:
        click.echo(f"warning: {behind}", err=True)
