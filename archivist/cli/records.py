"""Commands that move records in and out: load and export in the JSON record format."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from archivist.bootstrap import open_archive


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                   path_type=Path))
def load(files: tuple[Path, ...]) -> None:
    """Load documents and authority records in the JSON record format (.json or .jsonl).

    Each file is stored whole or not at all. Example: archivist load people.jsonl documents.jsonl
    """
    open_archive()
    from archivist.ingest.errors import IngestError
    from archivist.ingest.jsonrecords import read_json_records
    from archivist.ingest.loader import LoadReport, store_records

    total, failed = LoadReport(), 0
    for path in files:
        try:
            report = store_records(path, read_json_records(path))
        except IngestError as error:
            click.echo(f"error: {error} (nothing from this file was stored)", err=True)
            failed += 1
            continue
        click.echo(f"{path}: {report.summary()}")
        total.add(report)
    click.echo(f"loaded {len(files) - failed} of {len(files)} files: {total.summary()}")
    if failed:
        sys.exit(1)


@click.command()
@click.option("--format", "format_name", default="jsonl", show_default=True,
              help="Export format.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; standard output if omitted.")
def export(format_name: str, output: Path | None) -> None:
    """Write every authority record and document, with their links, e.g. as JSON Lines.

    Example: archivist export --format jsonl -o archive.jsonl
    """
    open_archive()
    from archivist.interop.export import EXPORT_FORMATS

    if format_name not in EXPORT_FORMATS:
        raise click.BadParameter(f"choose one of {', '.join(EXPORT_FORMATS)}", param_hint="--format")
    if output is None:
        EXPORT_FORMATS[format_name](sys.stdout)
        return
    with output.open("w", encoding="utf-8") as out:
        count = EXPORT_FORMATS[format_name](out)
    click.echo(f"wrote {count} records to {output}", err=True)


COMMANDS = [load, export]
