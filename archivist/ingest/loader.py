"""Storing a file's records: all of them in one transaction, or none of them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

from archivist.ingest.errors import IngestError
from archivist.records.recordformat import (
    RecordError,
    is_authority,
    read_authority,
    read_document,
)
from archivist.records.services import AuthorityResolver, save_authority, save_document


@dataclass
class LoadReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, other: LoadReport) -> None:
        self.counts.update(other.counts)

    def summary(self) -> str:
        return ", ".join(f"{self.counts[k]} {k}" for k in ("added", "updated", "unchanged"))


def store_records(path: Path, records: Iterable[tuple[int, dict[str, Any]]]) -> LoadReport:
    """Validate and save each (line, record) of one file; any error rolls the whole file back."""
    report = LoadReport()
    resolver = AuthorityResolver()
    with transaction.atomic():
        for line, data in records:
            try:
                if is_authority(data):
                    outcome = save_authority(read_authority(data))
                else:
                    outcome = save_document(read_document(data), resolver)
            except RecordError as error:
                raise IngestError(path, line, error.field, error.message) from error
            report.counts[outcome.value] += 1
    return report
