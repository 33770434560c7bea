"""Opening an archive outside the web server: configure Django and bring the schema up to date."""

from __future__ import annotations

import os

import django


def open_archive() -> None:
    """Set up Django for ARCHIVIST_HOME / DATABASE_URL; the archive is created on first use."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        from django.core.management import call_command

        from archivist.locks import exclusive

        # Two commands started at once on a new archive: one creates the tables, the other waits and
        # finds nothing left to do.
        with exclusive("migrate"):
            call_command("migrate", verbosity=0, interactive=False)
