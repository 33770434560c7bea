"""The `attach` command: scans (PDF, TIFF, JPEG, PNG) attached to a document, OCR waited for if asked."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path

import click

from archivist.bootstrap import open_archive
from archivist.cli.indexing import catch_up_or_warn


@click.command()
@click.argument("record_id")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, readable=True, path_type=Path))
@click.option("--language", default="", metavar="L",
              help="Language of the scan's text, a BCP 47 tag (en, ru, zh-Hans, zh-Hant, de, fr, ja): "
                   "OCR reads it in this language.")
@click.option("--kind", "text_kind", type=click.Choice(["original", "translation"]), default="original",
              show_default=True, help="Whether the scan is of the original or of a translation.")
@click.option("--wait", is_flag=True, help="Read the new pages with OCR now and print what was read.")
def attach(record_id: str, files: tuple[Path, ...], language: str, text_kind: str, wait: bool) -> None:
    """Attach scans to a document: each file's pages follow the document's pages; a PDF page's text
    layer is kept, other pages wait for OCR (the server's worker, or --wait). All the files are
    attached, or none (a corrupt file, an image over the size limit: docs/scans.md).

    Example: archivist attach 110390 letter.pdf reply.tif --language ru --wait
    """
    open_archive()
    from archivist.scans.services import ScanError
    from archivist.scans.services import attach as attach_scans

    try:
        pages = attach_scans(record_id, list(files), language=language, text_kind=text_kind,
                             actor=f"command line, {getpass.getuser()}")
    except ScanError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(1)
    layered = sum(1 for page in pages if page.text_source)
    click.echo(f"{record_id}: {len(pages)} page{'' if len(pages) == 1 else 's'} attached "
               f"(pages {pages[0].number}-{pages[-1].number}); {layered} with a text layer, "
               f"{len(pages) - layered} queued for OCR")
    if wait and len(pages) > layered:
        _wait_for_ocr(record_id, [page.pk for page in pages])
    catch_up_or_warn()


def _wait_for_ocr(record_id: str, page_ids: list[int]) -> None:
    from archivist.scans.models import Page
    from archivist.scans.ocr import wait_for

    summary = wait_for([record_id], report=lambda progress: click.echo(progress.describe(), err=True))
    for page in Page.objects.filter(pk__in=page_ids).exclude(text_source="pdf"):
        said = page.ocr_error if page.ocr_status == Page.OcrStatus.FAILED else (
            f"{len(page.text.split())} words" if page.text else "no text found")
        click.echo(f"page {page.number}: OCR {page.get_ocr_status_display()}: {said}")
    if summary.problem:
        click.echo(f"warning: {summary.problem}", err=True)


COMMANDS = [attach]
