"""The `history` command: a record's versions with who changed what, and restoring one."""

from __future__ import annotations

import sys

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn


@click.command()
@click.argument("record_id", required=False)
@click.option("--authority", metavar="KIND/KEY", help="An authority record instead of a document.")
@click.option("--restore", "number", type=int, metavar="N",
              help="Bring the record back to version N (as printed), recorded as this command.")
def history(record_id: str | None, authority: str | None, number: int | None) -> None:
    """Print the versions of a document (or an authority record), newest first: when, who, why and
    what changed; or restore one of them. A deleted document's versions are found by its record ID.

    Example: archivist history 110390   or   archivist history --authority person/zhou-enlai
    or   archivist history 110390 --restore 2
    """
    if bool(record_id) == bool(authority):
        raise click.UsageError("give a document's RECORD_ID or --authority KIND/KEY (one of them)")
    open_archive()
    from archivist.curation import history as records_history
    from archivist.records.recordformat import RecordError

    record = _find(record_id, authority)
    entries = records_history.history_of(record)
    if number is None:
        _print(record, entries)
        return
    chosen = next((entry for entry in entries if entry.number == number), None)
    if chosen is None:
        raise click.BadParameter(f"{record} has versions 1 to {len(entries)}", param_hint="--restore")
    try:
        comment = records_history.restore(chosen.version)
    except RecordError as error:
        click.echo(f"error: {record}: {error} (nothing was changed)", err=True)
        sys.exit(1)
    click.echo(f"{record}: {comment}")
    catch_up_or_warn()


def _find(record_id: str | None, authority: str | None):
    from archivist.curation.history import deleted_document
    from archivist.records.models import Authority, Document

    if record_id:
        found = Document.objects.filter(record_id=record_id).first()
        if found is None:
            found = deleted_document(record_id)
            if found is None:
                raise click.BadParameter(f"no document {record_id!r}", param_hint="RECORD_ID")
            click.echo(f"{record_id} was deleted; its versions can be restored.")
        return found
    kind, _, key = authority.partition("/")
    found = Authority.objects.filter(kind=kind, key=key).first()
    if found is None:
        raise click.BadParameter(f"no authority record {authority!r} (write it as kind/key)",
                                 param_hint="--authority")
    return found


def _print(record, entries) -> None:
    click.echo(f"{record}: {len(entries)} versions")
    for entry in entries:
        who = f" by {entry.who}" if entry.who else ""
        click.echo(f"\nversion {entry.number}, {entry.date}{who}: {entry.comment or '(no comment)'}")
        part = None
        for change in entry.differences:
            if change.part != part:
                part = change.part
                click.echo(f"  {part}")
            if change.lines:
                click.echo(f"    {change.field}:")
                for line in change.lines:
                    click.echo(f"      {line}")
            else:
                click.echo(f"    {change.field}: {change.before!r} -> {change.after!r}")


COMMANDS = [history]
