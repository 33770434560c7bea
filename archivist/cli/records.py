"""Commands that move records in and out: load and export in the JSON record format."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import IO

import click

from archivist.bootstrap import open_archive
from archivist.cli.ingest import overwrite_option, run_ingest, show_conflicts_option


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False,
                                                                   path_type=Path))
@show_conflicts_option
@overwrite_option
def load(files: tuple[Path, ...], show_conflicts: bool, overwrite: bool) -> None:
    """Load documents and authority records in the JSON record format (.json or .jsonl).

    Each file is stored whole or not at all; the same as `archivist ingest --format jsonl`.
    Example: archivist load people.jsonl documents.jsonl
    """
    run_ingest(files, "jsonl", quiet=False, show_conflicts=show_conflicts, overwrite=overwrite)


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
    with _open_private(output) as out:
        count = EXPORT_FORMATS[format_name](out)
    click.echo(f"wrote {count} record{'' if count == 1 else 's'} to {output}", err=True)


def _open_private(path: Path) -> IO[str]:
    """The file, emptied for writing and readable by its owner only: an export holds drafts and
    restricted documents. A device or pipe named as output (/dev/stdout) keeps its modes."""
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if stat.S_ISREG(os.fstat(handle).st_mode):
        os.fchmod(handle, 0o600)  # a file there already keeps its modes otherwise
    return os.fdopen(handle, "w", encoding="utf-8")


COMMANDS = [load, export]
