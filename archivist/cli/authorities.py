"""Authority records denoting the same: list the likely duplicates, merge them."""

from __future__ import annotations

import getpass

import click

from archivist.bootstrap import open_archive


@click.group()
def authorities() -> None:
    """People (and other authority records) that may be one: duplicates, merge (docs/curation.md)."""


@authorities.command()
@click.option("--least", type=click.FloatRange(0, 1), default=0.5, show_default=True,
              help="Least confidence of a pair listed.")
@click.option("--kind", type=click.Choice(["person", "organization", "place"]), default="person",
              show_default=True, help="Kind of records compared.")
def duplicates(least: float, kind: str) -> None:
    """List person records that likely denote the same person, surest first, with the evidence.

    With --kind organization or place, records one of whose names is a name of the other.

    Each pair is a line with its confidence, the record to keep (the one with more links) and the
    other, then the evidence; an import merges the pairs it is sure of by itself.
    Example: archivist authorities duplicates
    """
    open_archive()
    from archivist.curation.duplicates import find_duplicates

    found = find_duplicates(kind, least=least)
    for pair in found:
        click.echo(f"{pair.evidence.confidence:.2f}\t{pair.keep.kind}/{pair.keep.key}\t{pair.keep.sort_name}"
                   f"\t{pair.other.kind}/{pair.other.key}\t{pair.other.sort_name}")
        click.echo(f"\t{pair.evidence.summary()}")
    click.echo(f"{len(found)} likely duplicate pair{'' if len(found) == 1 else 's'}; "
               "archivist authorities merge KEEP OTHER merges one", err=True)


@authorities.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
def merge(keep: str, others: tuple[str, ...]) -> None:
    """Merge the OTHER records into KEEP: their links, mentions, names, identifiers and history.

    Records are named kind/key, or by key alone where one kind has it. The others' names become
    variant names of KEEP, their pages redirect to KEEP's (301), and an import of their keys updates
    KEEP; one revision of the history records the merge.
    Example: archivist authorities merge person/frus1961-63v06-p_HCA1 person/frus1964-68v29p2-p_HCAJ1
    """
    open_archive()
    from archivist.curation.duplicates import find_authority, merge_authorities
    from archivist.records.recordformat import RecordError

    try:
        kept = find_authority(keep)
        merged = [find_authority(other) for other in others]
        how = f"archivist authorities merge {' '.join([keep, *others])} (command line, {getpass.getuser()})"
        report = merge_authorities(kept, merged, how=how)
    except RecordError as error:
        raise click.ClickException(error.message) from None
    click.echo(report.summary())


@authorities.command()
@click.argument("records", nargs=-1, required=True)
def distinct(records: tuple[str, ...]) -> None:
    """Judge the RECORDS to denote different people: no pair of them is listed as duplicates again.

    Example: archivist authorities distinct person/frus1964-68v29p2-p_HCAJ1 person/frus1955-57v02-p_HCA1
    """
    open_archive()
    from archivist.curation.duplicates import find_authority, mark_distinct
    from archivist.records.recordformat import RecordError

    try:
        found = [find_authority(record) for record in records]
        added = mark_distinct(found, f"archivist authorities distinct (command line, {getpass.getuser()})")
    except RecordError as error:
        raise click.ClickException(error.message) from None
    click.echo(f"{added} pair{'' if added == 1 else 's'} judged different")


COMMANDS = [authorities]
