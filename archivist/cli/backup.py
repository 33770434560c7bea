"""Commands that keep the whole archive in one file: backup and restore."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write the whole archive (records, history, users, stored files) into one file.

    The site may keep running: the file holds the archive as it was at one moment. It is readable by
    its owner only, as it holds drafts, restricted documents and password hashes.
    Example: archivist backup archive-2026-12-07.tar
    """
    from archivist.bootstrap import open_archive

    open_archive()
    from archivist.backup.writer import write_backup

    manifest = write_backup(file)
    rows = sum(table.rows for table in manifest.tables)
    click.echo(f"wrote {rows} rows of {len(manifest.tables)} tables and {len(manifest.files)} stored "
               f"files to {file}", err=True)
    if manifest.missing_files:
        click.echo(f"warning: {len(manifest.missing_files)} files the records name were not in the files "
                   f"directory: {', '.join(manifest.missing_files[:10])}", err=True)


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Restore a backup into a new, empty archive (ARCHIVIST_HOME, and DATABASE_URL if PostgreSQL).

    Rebuilds the search index and the browse tables. A backup from SQLite restores into PostgreSQL:
    the way to move an archive up (docs/backup.md).
    Example: DATABASE_URL=postgres://archivist@db/archive archivist restore archive-2026-12-07.tar
    """
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    django.setup()  # not migrated yet: restore checks first that the archive is empty
    from archivist.backup.contents import BackupError
    from archivist.backup.restorer import restore_backup

    try:
        manifest = restore_backup(file, progress=lambda message: click.echo(message, err=True))
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"restored {file}: the archive as backed up on {manifest.created}", err=True)


COMMANDS = [backup, restore]
