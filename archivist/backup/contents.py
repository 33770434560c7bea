"""What a backup holds: which tables, in which order, under which names; and its manifest.

Every model of every installed app is backed up, except the tables listed in SKIPPED, which migrate
creates or the archive rebuilds. Rows keep their primary keys, since the history refers to them
(reversion's Version.object_id); content types, permissions and users are referred to by natural
key, as their ids differ between archives.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import asdict, dataclass, field
from graphlib import TopologicalSorter

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

FORMAT = "archivist-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
FILES_FOLDER = "files/"
DERIVED_FILES = "files/iiif/"  # archivist.scans.tiles: nothing but what the page images make again

SKIPPED = {
    "contenttypes": "created by migrate; referred to by natural key",
    "auth.permission": "created by migrate; referred to by natural key",
    "sessions": "sign-ins: a restored archive signs everyone out",
    "axes": "failed sign-in logs and lockouts",
    "web": "browse tables, rebuilt from the records on restore",
    DERIVED_FILES: "IIIF tiles of the scans' pages, made again from the page images on restore",
}

# Tables migrate fills in a new archive (the roles' groups, archivist.curation.roles): a restore
# replaces their rows by the backup's, and they do not make an archive non-empty.
FILLED_BY_MIGRATE = {"auth.group"}


class BackupError(Exception):
    """A backup file that cannot be restored, or an archive that cannot take it; says which and why."""


@dataclass
class Table:
    model: str  # app_label.model_name
    member: str  # its name in the backup file
    rows: int = 0
    sha256: str = ""


@dataclass
class StoredFile:
    path: str  # relative to the archive's files directory, as Attachment.path
    size: int
    sha256: str


@dataclass
class Manifest:
    """The backup's description, written last: a file cut short has none."""

    archivist: str
    created: str
    database: str
    migrations: dict[str, list[str]]
    tables: list[Table] = field(default_factory=list)
    files: list[StoredFile] = field(default_factory=list)
    missing_files: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=lambda: dict(SKIPPED))
    format: str = FORMAT
    format_version: int = FORMAT_VERSION

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), indent=1, ensure_ascii=False).encode()

    @classmethod
    def from_json(cls, data: dict) -> Manifest:
        return cls(**{**data, "tables": [Table(**t) for t in data["tables"]],
                      "files": [StoredFile(**f) for f in data["files"]]})


def backed_up_models() -> list[type[models.Model]]:
    """The models whose rows a backup holds, each after the models it refers to (a user after the
    groups it is in); a model referring to itself (Authority.parent) counts on the database checking
    foreign keys at commit."""
    chosen = [model for model in apps.get_models() if not _skipped(model)]
    graph = TopologicalSorter({
        model: [field.related_model for field in (*model._meta.concrete_fields, *model._meta.many_to_many)
                if field.is_relation and field.related_model is not model
                and field.related_model in chosen]
        for model in chosen})
    return list(graph.static_order())


def _skipped(model: type[models.Model]) -> bool:
    return model._meta.app_label in SKIPPED or model._meta.label_lower in SKIPPED


def member_name(position: int, model: type[models.Model]) -> str:
    return f"data/{position:02d}-{model._meta.label_lower}.jsonl.gz"


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON, but with times to the microsecond (Django's cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)



def natural_keys(model: type[models.Model]) -> dict[object, list]:
    """Primary key to natural key, for the small tables that have them (content types, users...)."""
    return {row.pk: list(row.natural_key()) for row in model._base_manager.select_related()}
