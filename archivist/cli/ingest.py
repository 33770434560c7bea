"""The `ingest` command: TEI volumes, CSV spreadsheets and JSON Lines, with a progress bar."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from archivist.bootstrap import open_archive

SHOWN = 80  # characters of a value in the list of conflicts


def run_ingest(paths: tuple[Path, ...], format_name: str | None, quiet: bool,
               show_conflicts: bool = False, overwrite: bool = False) -> None:
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
                             lambda: bar.console.print(waiting, markup=False, highlight=False),
                             overwrite):
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
    _report_conflicts(total, show_conflicts, overwrite)
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


def _report_conflicts(report, show: bool, overwrite: bool) -> None:
    """One line per field a curator changed and the file changes too, or a hint that they can be listed."""
    if not report.conflicts:
        return
    if not show:
        fields = "1 field changed by curators" if len(report.conflicts) == 1 else (
            f"{len(report.conflicts)} fields changed by curators")
        outcome = "overwritten" if overwrite else "curators' values kept"
        click.echo(f"{fields}: {outcome}; --show-conflicts lists them", err=True)
        return
    kept = "overwritten by" if overwrite else "kept; incoming"
    for conflict in report.conflicts:
        click.echo(f"conflict: {conflict.record} {conflict.field}: curator's value "
                   f"{_shortened(conflict.current)} {kept} {_shortened(conflict.incoming)}")


def _shortened(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= SHOWN else text[:SHOWN - 1] + "…"


show_conflicts_option = click.option(
    "--show-conflicts", is_flag=True,
    help="List each field a curator changed that the file changes too: record, field, the curator's "
         "value and the file's.")
overwrite_option = click.option(
    "--overwrite", is_flag=True,
    help="Take the file's values where curators changed them too (status included); the history "
         "names the fields overwritten.")


@click.command(name="ingest")
@click.argument("paths", nargs=-1, required=True,
                type=click.Path(exists=True, path_type=Path))
@click.option("--format", "format_name", type=click.Choice(["tei", "csv", "jsonl"]),
              help="Format of every file; detected from each file's name and content if omitted.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no line per file.")
@show_conflicts_option
@overwrite_option
def ingest_command(paths: tuple[Path, ...], format_name: str | None, quiet: bool,
                   show_conflicts: bool, overwrite: bool) -> None:
    """Import documents from TEI volumes (FRUS), CSV spreadsheets or JSON Lines.

    Each file is stored whole or not at all; importing it again updates its documents in place,
    except the fields curators changed since the last import: those keep the curators' values and
    are counted as conflicts. A directory stands for its .xml, .csv, .json and .jsonl files.
    Example: archivist ingest frus1961-63v06.xml letters.csv --show-conflicts
    """
    run_ingest(paths, format_name, quiet, show_conflicts, overwrite)


COMMANDS = [ingest_command]
