"""Integrity checks of the scans' OCR: what `archivist check` reports about pages waiting or failed."""

from __future__ import annotations

from django.db.models import Count

from archivist.checks import Problem
from archivist.scans import ocr
from archivist.scans.models import Page


def ocr_unavailable() -> list[Problem]:
    """Pages that cannot be read until tesseract, or a language's data, is installed."""
    reason = ocr.unavailable()
    return [Problem("warning", "scans wait for OCR that cannot run", reason,
                    "install what it names; the server's worker then reads them (or archivist ocr --wait)")
            ] if reason else []


def failed_pages() -> list[Problem]:
    """Documents with pages OCR could not read, and how many: a curator reads why and tries again."""
    failed = (Page.objects.filter(ocr_status=Page.OcrStatus.FAILED).values_list("document__record_id")
              .annotate(pages=Count("id")).order_by("document__record_id"))
    return [Problem("warning", "scan pages OCR could not read", f"{rid}: {pages} page{'s' * (pages > 1)}",
                    f"archivist ocr {rid} says why; archivist ocr {rid} --again --wait reads them again")
            for rid, pages in failed]


def waiting_pages() -> list[Problem]:
    """Documents with pages still waiting for OCR (or being read), and how many: for information."""
    waiting = (Page.objects.filter(ocr_status__in=[Page.OcrStatus.PENDING, Page.OcrStatus.RUNNING])
               .values_list("document__record_id").annotate(pages=Count("id")).order_by("document__record_id"))
    return [Problem("info", "scan pages waiting for OCR", f"{rid}: {pages} page{'s' * (pages > 1)}",
                    "the server's worker reads them (archivist serve), or archivist ocr --wait")
            for rid, pages in waiting]


CHECKS = [ocr_unavailable, failed_pages, waiting_pages]
