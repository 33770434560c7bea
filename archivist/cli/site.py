"""Commands that run the archive: demo, serve and check."""

from __future__ import annotations

import os
import sys
from importlib import resources
from pathlib import Path

import click

from archivist.bootstrap import open_archive

WILDCARD_HOSTS = {"", "0.0.0.0", "::"}


def _address_as_base_url(host: str, port: int) -> None:
    """Without ARCHIVIST_BASE_URL, permanent URLs, the sitemap and robots.txt name the address served."""
    if not os.environ.get("ARCHIVIST_BASE_URL"):
        named = "127.0.0.1" if host in WILDCARD_HOSTS else host
        named = f"[{named}]" if ":" in named else named
        os.environ["ARCHIVIST_BASE_URL"] = f"http://{named}:{port}"


def _serve(host: str, port: int, workers: int, threads: int) -> None:
    from django.conf import settings

    from archivist.serving import serve as run_server

    click.echo(f"Serving the archive at http://{host}:{port}/ as {settings.BASE_URL}/ "
               f"({workers} workers of {threads} threads; Ctrl-C stops)")
    if host in WILDCARD_HOSTS and settings.BASE_URL.startswith("http://127.0.0.1:"):
        click.echo("Other machines are refused until ARCHIVIST_BASE_URL names the address they use "
                   "(docs/deploy.md)", err=True)
    run_server(host, port, workers, threads)


workers_option = click.option("--workers", default=2, show_default=True, type=click.IntRange(1),
                              help="Processes answering requests.")
threads_option = click.option("--threads", default=4, show_default=True, type=click.IntRange(1),
                              help="Threads of each process.")


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@workers_option
@threads_option
def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the archive's web site with gunicorn; one more process keeps search and browse pages up to
    date with every change. Without ARCHIVIST_BASE_URL, links name the host and port served.

    Example: archivist serve --port 8080 --workers 4 --threads 8
    """
    _address_as_base_url(host, port)
    open_archive()
    _serve(host, port, workers, threads)


@click.command()
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--no-serve", is_flag=True, help="Load the demo collection and stop.")
def demo(port: int, no_serve: bool) -> None:
    """Create the archive, load the bundled demo collection, enrich it and serve it.

    Variant names are generated for its people, organizations and places, and links to the names
    found in its texts are proposed for review.

    Example: ARCHIVIST_HOME=/tmp/demo archivist demo
    """
    _address_as_base_url("127.0.0.1", port)
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
    from archivist.enrich.services import enrich_documents

    click.echo(enrich_documents().summary())
    _demo_scans(read_now=no_serve)
    if no_serve:
        catch_up()
    else:
        # The server's outbox worker indexes the collection as it starts, so that this process (the
        # server's master) never opens the search index its workers inherit.
        _serve("127.0.0.1", port, workers=2, threads=4)


def _demo_scans(read_now: bool) -> None:
    """The demo's scans, typeset from its texts and attached; read by OCR now, or by the server's worker."""
    import tempfile

    from archivist.demo.scans import attach_demo_scans, missing_fonts
    from archivist.scans.ocr import read_pending

    missing = missing_fonts()
    if missing:
        click.echo(f"scans: none, the fonts they are typeset with are missing ({', '.join(missing)}): "
                   "sudo apt-get install fonts-dejavu-core fonts-noto-cjk")
        return
    with tempfile.TemporaryDirectory() as workdir:
        pages = attach_demo_scans(Path(workdir))
    click.echo(f"scans: {pages} pages attached, {'read by OCR' if read_now else 'OCR in the background'}")
    if read_now:
        read_pending()


@click.command()
@click.option("--all", "everything", is_flag=True, help="List where each finding is, not the first few.")
def check(everything: bool) -> None:
    """Check the archive and say what to do: problems (a stored file missing, a link of the wrong kind,
    the search index out of step), things to do (proposed links to review, dates and coordinates to
    add) and what is for information, counted by kind, each with the command or page that settles it.

    Exits with status 1 when there are problems; things to do alone leave it 0.
    Example: archivist check --all
    """
    open_archive()
    from archivist.checks import HEADINGS, SEVERITIES, by_kind, run_checks

    kinds = by_kind(run_checks())
    totals = []
    for severity in SEVERITIES:
        heading, one, several = HEADINGS[severity]
        group = [kind for kind in kinds if kind.severity == severity]
        if group:
            click.echo(f"{heading}:")
            for kind in group:
                _echo_kind(kind, everything)
        found = sum(len(kind.where) for kind in group)
        totals.append(f"{found} {one if found == 1 else several}")
    click.echo(", ".join(totals) + ".")
    if any(kind.is_problem for kind in kinds):
        sys.exit(1)


EXAMPLES_SHOWN = 3


def _echo_kind(kind, everything: bool) -> None:
    click.echo(f"  {len(kind.where):>5}  {kind.what}" + (f": {kind.fix}" if kind.fix else ""))
    if everything:
        for where in kind.where:
            click.echo(f"         {where}")
        return
    more = len(kind.where) - EXAMPLES_SHOWN
    click.echo(f"         {', '.join(kind.where[:EXAMPLES_SHOWN])}"
               + (f" and {more} more (--all lists them)" if more > 0 else ""))


COMMANDS = [serve, demo, check]
