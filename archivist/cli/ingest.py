"""The `ingest` command: TEI volumes, CSV spreadsheets and JSON Lines, with a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archivist.bootstrap import open_archive


def run_ingest(paths: tuple[Path, ...], format_name: str | None, quiet: bool) -> None:
    """Ingest the files, report each and a summary; exit 1 if any file was refused."""
    open_archive()
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from archivist.ingest.loader import LoadReport
    from archivist.ingest.pipeline import expand, expected_documents, ingest
    from archivist.outbox import catch_up
    from archivist.search.indexer import WAIT, IndexBehind

    files = expand(list(paths))
    total, failed = LoadReport(), 0
    expected = sum(expected_documents(p, format_name) for p in files)
    columns = (TextColumn("importing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True, disable=quiet) as bar:
        task = bar.add_task("ingest", total=expected)
        waiting = "waiting for another import into this archive to finish..."
        for result in ingest(files, format_name, lambda n: bar.advance(task, n),
                             lambda: bar.console.print(waiting, markup=False, highlight=False)):
            if result.error is not None:
                bar.console.print(f"error: {result.error} (nothing from this file was stored)",
                                  markup=False, highlight=False,
                                  soft_wrap=True)
                failed += 1
                continue
            total.add(result.report)
            if not quiet:
                bar.console.print(f"{result.path}: {result.report.summary()}", markup=False,
                                  highlight=False, soft_wrap=True)
    click.echo(f"ingested {len(files) - failed} of {len(files)} files: {total.summary()}")
    try:
        catch_up(wait=WAIT)
    except IndexBehind as behind:  # stored; the index follows when it is free
        click.echo(f"warning: {behind}", err=True)
    except Exception as error:  # the records are committed; the outbox lets a later sync catch up
        click.echo(f"error: the files were stored but the search index was not updated ({error}); "
                   "`archivist sync` retries", err=True)
        failed += 1
    if failed:
        sys.exit(1)


@click.command(name="ingest")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["tei", "csv", "jsonl"]),
              help="Format of every file; detected from each file's name and content if omitted.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no line per file.")
def ingest_command(paths: tuple[Path, ...], format_name: str | None, quiet: bool) -> None:
    """Import documents from TEI volumes (FRUS), CSV spreadsheets or JSON Lines.

    Each file is stored whole or not at all; importing it again updates its documents in place.
    A directory stands for its .xml, .csv, .json and .jsonl files.
    Example: archivist ingest frus1961-63v06.xml letters.csv
    """
    run_ingest(paths, format_name, quiet)


COMMANDS = [ingest_command]
