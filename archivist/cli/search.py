"""Commands of the search index: search, sync and reindex."""

from __future__ import annotations

import json

import click

from archivist.bootstrap import open_archive


@click.command()
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print results, facets and the parsed query as JSON.")
@click.option("--page", default=1, show_default=True, type=int)
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance",
              show_default=True)
@click.option("--from", "date_from", default="", help="Earliest date: 1950, 1950-03 or 1950-03-15.")
@click.option("--to", "date_to", default="", help="Latest date, same forms.")
@click.option("--facet", "facet_choices", multiple=True, metavar="NAME=VALUE",
              help="Narrow to a facet value, e.g. --facet places=place/beijing (repeatable).")
def search(query: tuple[str, ...], as_json: bool, page: int, sort: str, date_from: str, date_to: str,
           facet_choices: tuple[str, ...]) -> None:
    """Search the published documents, as the /search page does.

    Example: archivist search '"Port Arthur" person:zhou year:1950' --json
    """
    open_archive()
    from archivist.search.indexer import catch_up
    from archivist.search.service import search as run_search

    catch_up()
    filters: dict[str, list[str]] = {}
    for choice in facet_choices:
        name, _, value = choice.partition("=")
        filters.setdefault(name, []).append(value)
    results = run_search(" ".join(query), filters=filters, date_from=date_from, date_to=date_to,
                         sort=sort, page=page)
    if as_json:
        click.echo(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
        return
    for notice in results.notices:
        click.echo(f"note: {notice}")
    click.echo(f"{results.total} documents (page {results.page} of {results.pages})")
    for hit in results.hits:
        click.echo(f"{hit.record_id}  {hit.date}  {hit.title}")


@click.command()
def sync() -> None:
    """Apply pending record changes to the search index and the site's browse tables.

    Example: archivist sync
    """
    open_archive()
    from archivist.outbox import catch_up

    click.echo(f"{catch_up()} changes applied to the search index")


@click.command()
def reindex() -> None:
    """Rebuild the search index from the database. Example: archivist reindex"""
    open_archive()
    from archivist.search.indexer import reindex as run_reindex

    count = run_reindex(progress=lambda n: click.echo(f"{n} documents...", err=True))
    click.echo(f"{count} published documents indexed")


COMMANDS = [search, sync, reindex]
