"""Enrichment commands: generate variant names, link mentions and dates, judge proposed links."""

from __future__ import annotations

import json
import sys

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn

LIST_BATCH = 500  # links whose sentences are read together


@click.command()
@click.option("--kind", "kinds", multiple=True, default=("person", "organization", "place"),
              show_default=True, help="Authority kinds to generate variants for (repeatable).")
@click.argument("keys", nargs=-1)
def variants(kinds: tuple[str, ...], keys: tuple[str, ...]) -> None:
    """Generate variant names (romanizations, inverted forms, irregular forms) for authority records.

    Earlier generated variants are replaced; curated ones are kept. Example: archivist variants
    zhou-enlai   (or no KEYS for every person, organization and place)
    """
    open_archive()
    from archivist.enrich.services import regenerate_all_variants

    total, count = regenerate_all_variants(kinds, keys)
    click.echo(f"{total} generated variants for {count} authority records")


@click.command()
@click.argument("record_ids", nargs=-1)
@click.option("--show", is_flag=True, help="List each proposed link.")
@click.option("--offices", is_flag=True,
              help='Also read "the Secretary", "the President" as mentions of the office holder.')
def enrich(record_ids: tuple[str, ...], show: bool, offices: bool) -> None:
    """Find mentions of people, organizations and places in documents (title, summary, texts, notes)
    and dates in their texts; propose links.

    Links already curated or judged are kept; proposals no longer found are withdrawn.
    Example: archivist enrich   (every document) or archivist enrich 110390
    """
    open_archive()
    from archivist.enrich.services import enrich_documents
    from archivist.records.models import Authority

    report = enrich_documents(list(record_ids) or None, offices=offices)
    if show:
        names = dict(Authority.objects.values_list("pk", "sort_name"))
        for record_id, authority_id, confidence in report.proposals:
            click.echo(f"{record_id}\tproposed\t{names[int(authority_id)]}\t{confidence:.2f}")
    click.echo(report.summary())


@click.group()
def links() -> None:
    """Review the links enrichment proposed: list, accept, reject."""


@links.command(name="list")
@click.argument("record_id", required=False)
@click.option("--status", default="proposed", show_default=True,
              type=click.Choice(["proposed", "accepted", "rejected", "curated", "all"]))
def list_links(record_id: str | None, status: str) -> None:
    """List links with their status, confidence and the sentences the name was read in, as JSON lines.

    Example: archivist links list 110390 --status all
    """
    open_archive()
    from archivist.curation.review import evidence
    from archivist.records.models import Link

    found = Link.objects.select_related("document", "authority").order_by("document__record_id", "position")
    if record_id:
        found = found.filter(document__record_id=record_id)
    if status != "all":
        found = found.filter(status=status)
    for start in range(0, found.count(), LIST_BATCH):
        batch = list(found[start:start + LIST_BATCH])
        sentences = evidence(batch)
        for link in batch:
            click.echo(json.dumps({"record_id": link.document.record_id, "type": link.authority.kind,
                                   "id": link.authority.key, "name": link.authority.sort_name,
                                   "role": link.role, "status": link.status,
                                   "confidence": link.confidence,
                                   "sentences": [p.text for p in sentences[link.pk].passages]},
                                  ensure_ascii=False))


def _judge(record_id: str, authority: str, status: str) -> None:
    open_archive()
    from archivist.curation.history import command_comment
    from archivist.curation.review import judge
    from archivist.enrich.services import find_link
    from archivist.records.recordformat import RecordError

    try:
        link = find_link(record_id, authority)
        judge([link.pk], status, source=f"with {command_comment()}")
    except RecordError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    catch_up_or_warn()
    click.echo(f"{record_id}: {link.authority.kind}/{link.authority.key} {status}")


@links.command()
@click.argument("record_id")
@click.argument("authority")
def accept(record_id: str, authority: str) -> None:
    """Accept a proposed link: the authority becomes one of the document's associated records.

    AUTHORITY is kind/key or key. Example: archivist links accept 110390 person/molotov-vyacheslav
    """
    _judge(record_id, authority, "accepted")


@links.command()
@click.argument("record_id")
@click.argument("authority")
def reject(record_id: str, authority: str) -> None:
    """Reject a proposed link; enrichment will not propose it again for this document.

    Example: archivist links reject 110390 place/moscow
    """
    _judge(record_id, authority, "rejected")


@click.command()
@click.argument("record_ids", nargs=-1)
@click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]), help="Earliest day, YYYY-MM-DD.")
@click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Latest day, YYYY-MM-DD.")
def timeline(record_ids: tuple[str, ...], date_from, date_to) -> None:
    """Dates found in documents' texts by `archivist enrich`, in calendar order, as JSON lines.

    Each line has the date (EDTF), the words as written, whether it was resolved against the
    document's own date, its sentence and the document. Example: archivist timeline 110390
    """
    open_archive()
    from archivist.enrich.services import timeline as found_dates

    for entry in found_dates(list(record_ids) or None, date_from and date_from.date(),
                             date_to and date_to.date()):
        click.echo(json.dumps(entry, ensure_ascii=False))


COMMANDS = [variants, enrich, links, timeline]
