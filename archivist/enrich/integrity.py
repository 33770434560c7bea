"""Integrity checks of enrichment: what `archivist check` reports about proposed links."""

from __future__ import annotations

from django.db.models import Count

from archivist.checks import Problem
from archivist.records.models import Link


def proposals_awaiting_review() -> list[Problem]:
    """Documents with links proposed by `archivist enrich` that no curator has judged yet."""
    waiting = (Link.objects.filter(status=Link.Status.PROPOSED).values("document__record_id")
               .annotate(n=Count("id")).order_by("document__record_id"))
    return [Problem("warning", "document with proposed links awaiting review",
                    f"{row['document__record_id']} ({row['n']})",
                    "accept or reject them on the review screen (/curate/review/)")
            for row in waiting]


CHECKS = [proposals_awaiting_review]
