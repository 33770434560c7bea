"""The `ocr` command: how far OCR of the scans has come, reading them again, and waiting for it."""

from __future__ import annotations

import sys

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn


@click.command()
@click.argument("record_ids", nargs=-1, metavar="[RECORD_ID]...")
@click.option("--again", is_flag=True, help="Read the documents' pages again (read or failed ones).")
@click.option("--text-layer", is_flag=True,
              help="With --again: pages with a PDF text layer too (their OCR replaces it).")
@click.option("--wait", is_flag=True,
              help="Read the waiting pages here (no server needed) and wait for those being read.")
@click.option("--timeout", type=click.FloatRange(min=0), metavar="SECONDS",
              help="With --wait: stop waiting after this long (a page begun is finished).")
@click.option("--status", is_flag=True, help="Only show how far OCR has come (what it does by default).")
def ocr(record_ids: tuple[str, ...], again: bool, text_layer: bool, wait: bool, timeout: float | None,
        status: bool) -> None:
    """Show how far OCR (tesseract) has come with the documents' scans, or with every document having
    pages that wait or failed; read pages again with --again; read and wait for them with --wait.
    The server's background worker reads waiting pages on its own.

    Example: archivist ocr 110390   or   archivist ocr 110390 --again --wait   or   archivist ocr --wait
    """
    if status and (again or wait):
        raise click.UsageError("--status only shows; leave it out to use --again or --wait")
    if again and not record_ids:
        raise click.UsageError("--again needs the RECORD_IDs of the documents to read again")
    if text_layer and not again:
        raise click.UsageError("--text-layer goes with --again")
    if timeout is not None and not wait:
        raise click.UsageError("--timeout goes with --wait")
    open_archive()
    from archivist.scans import ocr as scans_ocr

    _check_documents(record_ids)
    if again:
        queued = scans_ocr.run_again(record_ids, text_layer=text_layer)
        click.echo(f"{queued} page{'' if queued == 1 else 's'} queued for OCR again")
    if wait:
        _wait(list(record_ids) or _waiting_documents(), timeout)
    else:
        _show(record_ids)


def _check_documents(record_ids: tuple[str, ...]) -> None:
    from archivist.records.models import Document

    found = set(Document.objects.filter(record_id__in=record_ids).values_list("record_id", flat=True))
    unknown = [record_id for record_id in record_ids if record_id not in found]
    if unknown:
        raise click.BadParameter(f"no document {', '.join(map(repr, unknown))}", param_hint="RECORD_ID")


def _waiting_documents() -> list[str]:
    from archivist.scans.ocr import progress

    return [document.record_id for document in progress() if document.waiting]


def _show(record_ids: tuple[str, ...]) -> None:
    from archivist.scans.models import Page
    from archivist.scans.ocr import progress, unavailable

    documents = progress(record_ids or None)
    if not record_ids:
        documents = [document for document in documents if document.waiting or document.failed]
        if not documents:
            click.echo("No page waits for OCR, none failed.")
    for document in documents:
        waiting = f", {document.waiting} waiting" if document.waiting else ""
        click.echo(f"{document.describe()}{waiting}" if document.counts else
                   f"{document.record_id}: no scans")
        errors = Page.objects.filter(document__record_id=document.record_id,
                                     ocr_status=Page.OcrStatus.FAILED).values_list("ocr_error", flat=True)
        for error in errors:
            click.echo(f"  {error}")
    problem = unavailable()
    if problem:
        click.echo(f"warning: {problem}", err=True)


def _wait(record_ids: list[str], timeout: float | None) -> None:
    from archivist.scans.ocr import wait_for

    summary = wait_for(record_ids, timeout, report=lambda document: click.echo(document.describe()))
    if summary.read:
        catch_up_or_warn()
    if summary.problem:
        click.echo(f"error: {summary.problem}", err=True)
    unfinished = [document for document in summary.documents if document.waiting]
    for document in unfinished:
        click.echo(f"{document.describe()}, {document.waiting} still waiting", err=True)
    if summary.problem or unfinished:
        sys.exit(1)
    click.echo(f"OCR finished: {summary.read} page{'' if summary.read == 1 else 's'} read here")


COMMANDS = [ocr]
