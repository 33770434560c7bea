"""Commands of the search index: search, sync and reindex."""

from __future__ import annotations

import json
import shlex

import click

from archivist.bootstrap import open_archive


@click.command()
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Print results, facets and the parsed query as JSON.")
@click.option("--page", default=1, show_default=True, type=click.IntRange(min=1))
@click.option("--sort", type=click.Choice(["relevance", "date", "-date"]), default="relevance",
              show_default=True)
@click.option("--from", "date_from", default="", help="Earliest date: 1950, 1950-03 or 1950-03-15.")
@click.option("--to", "date_to", default="", help="Latest date, same forms.")
@click.option("--facet", "facet_choices", multiple=True, metavar="NAME=VALUE",
              help="Narrow to a facet value, e.g. --facet places=place/beijing (repeatable).")
@click.option("--facet-mode", "facet_modes", multiple=True, metavar="NAME=all|any",
              help="Whether documents must have all of a facet's chosen values or any of them "
                   "(people, places, topics; by default all of the people, any of the others).")
def search(query: tuple[str, ...], as_json: bool, page: int, sort: str, date_from: str, date_to: str,
           facet_choices: tuple[str, ...], facet_modes: tuple[str, ...]) -> None:
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
    modes = dict(choice.partition("=")[::2] for choice in facet_modes)
    # The facets only in the JSON, and counted however long it takes: no server worker waits here.
    results = run_search(" ".join(query), filters=filters, date_from=date_from, date_to=date_to,
                         sort=sort, page=page, modes=modes, with_facets=as_json, facet_budget_ms=0)
    if results.page > results.pages:  # as /search's 404: not "page 7 of 6", that page holds nothing
        pages = f"{results.pages} page{'s' if results.pages > 1 else ''}"
        raise click.BadParameter(f"there is no page {page}: the results fill {pages}",
                                 param_hint="'--page'")
    if as_json:
        click.echo(json.dumps(results.as_json(), ensure_ascii=False, indent=2))
        return
    for notice in results.notices:
        click.echo(f"note: {notice}")
    for name, values in filters.items():
        if len(values) > 1 and name in results.modes:
            click.echo(f"{name}: documents with {results.modes[name]} of {', '.join(values)}")
    click.echo(f"{results.total} document{'' if results.total == 1 else 's'} "
               f"(page {results.page} of {results.pages})")
    for suggestion in results.did_you_mean:
        documents = f"{suggestion.count} document{'' if suggestion.count == 1 else 's'}"
        click.echo(f"did you mean: {suggestion.name} ({documents}): "
                   f"archivist search {shlex.quote(suggestion.q)}")
    for hit in results.hits:
        click.echo(f"{hit.record_id}  {hit.date}  {hit.title}")
        if hit.pages:
            click.echo(f"  found on page{'s' if len(hit.pages) > 1 else ''} "
                       + ", ".join(str(page.number) for page in hit.pages))


WAIT_OPTION = click.option("--wait", type=click.FloatRange(min=0), default=30.0, show_default=True,
                           help="Seconds to wait for another process writing the index.")


@click.command()
@WAIT_OPTION
def sync(wait: float) -> None:
    """Publish the documents whose embargo has ended, then apply pending record changes to the search
    index and the site's browse tables (the server's worker does both by itself).

    If another process (a sync, a reindex, an import) is writing the index for longer than --wait,
    says how many changes are still pending and exits with status 1. Example: archivist sync
    """
    open_archive()
    from archivist.curation.embargo import release_due
    from archivist.outbox import catch_up
    from archivist.search.indexer import IndexBehind

    for record_id in release_due():
        click.echo(f"embargo ended: {record_id} published")
    try:
        applied = catch_up(wait)
    except IndexBehind as behind:
        raise click.ClickException(str(behind)) from None
    click.echo(f"{applied} changes applied to the search index")


@click.command()
@WAIT_OPTION
def reindex(wait: float) -> None:
    """Rebuild the search index from the database. Example: archivist reindex"""
    open_archive()
    from archivist.search.indexer import IndexBusy
    from archivist.search.indexer import reindex as run_reindex

    try:
        count = run_reindex(progress=lambda n: click.echo(f"{n} documents...", err=True), wait=wait)
    except IndexBusy as busy:
        raise click.ClickException(f"{busy}; try again once it has finished") from None
    click.echo(f"{count} published document{'' if count == 1 else 's'} indexed")


COMMANDS = [search, sync, reindex]
