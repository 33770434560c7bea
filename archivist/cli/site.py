"""Commands that run the archive: demo, serve and check."""

from __future__ import annotations

import sys
from importlib import resources
from pathlib import Path

import click

from archivist.bootstrap import open_archive


def _serve(host: str, port: int) -> None:
    from django.core.management import call_command

    click.echo(f"Serving the archive at http://{host}:{port}/ (Ctrl-C stops)")
    call_command("runserver", f"{host}:{port}", use_reloader=False, skip_checks=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
def serve(host: str, port: int) -> None:
    """Serve the archive's web site. Example: archivist serve --port 8080"""
    open_archive()
    _serve(host, port)


@click.command()
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Load the demo collection and stop.")
def demo(port: int, no_serve: bool) -> None:
    """Create the archive, load the bundled demo collection, enrich it and serve it.

    Variant names are generated for its people, organizations and places, and links to the names
    found in its texts are proposed for review.

    Example: ARCHIVIST_HOME=/tmp/demo archivist demo
    """
    open_archive()
    from archivist.ingest.pipeline import ingest
    from archivist.outbox import catch_up

    data = resources.files("archivist.demo") / "data"
    for entry in sorted(data.iterdir(), key=lambda e: e.name):
        with resources.as_file(entry) as path:
            for result in ingest([Path(path)]):
                if result.error is not None:
                    raise click.ClickException(str(result.error))
                click.echo(f"{entry.name}: {result.report.summary()}")
    from archivist.enrich.services import enrich_documents, regenerate_all_variants

    variants, authorities = regenerate_all_variants()
    click.echo(f"{variants} variant names generated for {authorities} authority records")
    click.echo(enrich_documents().summary())
    catch_up()
    if not no_serve:
        _serve("127.0.0.1", port)


@click.command()
def check() -> None:
    """Report integrity problems: undated documents, links of the wrong kind, missing files...

    Exits with status 1 when there are errors. Example: archivist check
    """
    open_archive()
    from archivist.checks import run_checks

    problems = run_checks()
    for problem in problems:
        click.echo(f"{problem.severity}: {problem.what}: {problem.where}")
    errors = sum(p.severity == "error" for p in problems)
    click.echo(f"{len(problems)} problems, {errors} errors")
    if errors:
        sys.exit(1)


COMMANDS = [serve, demo, check]
