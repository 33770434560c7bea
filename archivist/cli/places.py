"""Places: coordinates from the offline gazetteer (archivist.places)."""

from __future__ import annotations

import getpass

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn


@click.group()
def places() -> None:
    """Where the archive's places are: coordinates from an offline gazetteer (docs/places.md)."""


@places.command()
@click.argument("keys", nargs=-1)
@click.option("--again", is_flag=True,
              help="Also look up anew the places the gazetteer located before (after a name changed).")
def locate(keys: tuple[str, ...], again: bool) -> None:
    """Give places without coordinates those of the gazetteer, where one of their names means one place.

    Lists each place located, each left alone as ambiguous (with its candidates) and each the gazetteer
    does not know, for a curator to settle in the admin; coordinates a curator or an import gave are
    never replaced.
    Example: archivist places locate   (every place) or archivist places locate peking --again
    """
    open_archive()
    from archivist.places.services import locate_places
    from archivist.records.recordformat import RecordError

    words = " ".join(["archivist places locate", *keys, *(["--again"] if again else [])])
    try:
        report = locate_places(keys, again=again, comment=f"{words} (command line, {getpass.getuser()})")
    except RecordError as error:
        raise click.ClickException(error.message) from None
    for place, answer in report.located:
        found = answer.place
        how = ", by far the most populous of the name" if answer.by_population else ""
        click.echo(f"located\tplace/{place.key}\t{place.display_name}\t{found.latitude:.4f},{found.longitude:.4f}"
                   f"\t{found.label()} by {answer.name!r}{how}")
    for place, answer in report.ambiguous:
        candidates = "; ".join(candidate.label() for candidate in answer.candidates)
        click.echo(f"ambiguous\tplace/{place.key}\t{place.display_name}\t{answer.name!r}: {candidates}")
    for place in report.missing:
        click.echo(f"missing\tplace/{place.key}\t{place.display_name}")
    for place in report.cleared:
        click.echo(f"cleared\tplace/{place.key}\t{place.display_name}")
    click.echo(report.summary(), err=True)
    catch_up_or_warn()


COMMANDS = [places]
