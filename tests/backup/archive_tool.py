"""Run in a child process over the archive its environment names (tests/backup/test_backup.py), one
process doing several commands, as starting one costs seconds on a busy machine.

`build FILE`: a small archive made with the archivist commands (the reference record and its
authority records, a small FRUS volume with a glossary and stored XML files, enrichment's mentions,
text dates and proposed links, a curator, a draft, a restricted document and an embargoed one; each
change in the history), then `archivist backup FILE`. `restore FILE`: `archivist restore FILE`.
Each then prints what a reader and a curator see of the archive, as JSON: the export, public pages,
search answers (from an index rebuilt, as a restore's is), users' sign-in, the history, the stored
files, row counts.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple 7"
FRUS = ROOT / "tests" / "ingest" / "data" / "small-volume.xml"
EMBARGOED, DRAFT = "bk-embargoed", "bk-draft"
PAGES = ["/", "/documents/110390", "/documents/110390.json", "/documents/frus1999v01-d1",
         "/documents/frus1999v01-d1.json", "/documents/frus1999v01-d1/files/0", f"/documents/{EMBARGOED}",
         f"/documents/{DRAFT}",
         "/people", "/people.json", "/places", "/topics", "/dates", "/sitemap.xml", "/search?q=Able",
         "/search.json?q=Mao"]
SEARCHES = ["Mao", "Able", "Stalin Korea", "XYZ", "Chinese Communist Party", "zqbkembargoed", "zqbkdraft"]
CSRF = re.compile(r'(name="csrfmiddlewaretoken" value=|csrftoken=)"?[^"\s;]+')


def build(backup: str) -> None:
    from tests.conftest import DEMO_AUTHORITIES, SEED

    day = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    volume = Path(os.environ["ARCHIVIST_HOME"]).with_name("small-volume.xml")
    volume.write_text(FRUS.read_text().replace('when="DATE"', 'when="1999-01-02"'))
    unpublished = volume.with_name("unpublished.jsonl")
    unpublished.write_text("".join(json.dumps({
        "type": "document", "record_id": record_id, "title": f"Unpublished {record_id} cable",
        "date": "1951-03-04", "text": f"Text of zq{record_id.replace('-', '')}.",
        "text_language": "English", "authors": ["Mao Zedong"]}) + "\n" for record_id in (EMBARGOED, DRAFT)))
    os.environ["ARCHIVIST_PASSWORD"] = PASSWORD
    for command in (["ingest", DEMO_AUTHORITIES, SEED, volume, unpublished], ["enrich"],
                    ["users", "add", "ada", "--role", "publisher"], ["draft", DRAFT, "frus1999v01-d1"],
                    ["publish", "frus1999v01-d1"], ["restrict", EMBARGOED, "--until", day],
                    ["backup", backup]):
        archivist(*command)


def archivist(*command: object) -> None:
    from archivist.cli.main import cli

    cli.main([str(word) for word in command], standalone_mode=False)


def inspect() -> dict:
    from archivist.bootstrap import open_archive

    open_archive()
    from django.apps import apps
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client
    from reversion.models import Version

    from archivist.interop.export import EXPORT_FORMATS
    from archivist.search.indexer import reindex
    from archivist.search.service import search

    reindex()
    client = Client(HTTP_HOST="localhost")
    export = _written(EXPORT_FORMATS["jsonl"])
    pages = {}
    for url in PAGES:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        pages[url] = [response.status_code, CSRF.sub("", body.decode(errors="replace"))]
    files = Path(settings.MEDIA_ROOT)
    return {
        "export": export,
        "pages": pages,
        "searches": {query: [hit.record_id for hit in search(query).hits] for query in SEARCHES},
        "users": {user.username: [user.check_password(PASSWORD), user.is_superuser,
                                  sorted(user.groups.values_list("name", flat=True))]
                  for user in User.objects.all()},
        "history": sorted([version.revision.date_created.isoformat(), version.revision.comment,
                           str(version.revision.user), version.content_type.natural_key(), version.object_id,
                           hashlib.sha256(version.serialized_data.encode()).hexdigest()]
                          for version in Version.objects.select_related("revision__user", "content_type")),
        "files": {path.relative_to(files).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
                  for path in sorted(files.rglob("*")) if path.is_file()},
        "rows": {model._meta.label_lower: model._base_manager.count() for model in apps.get_models()
                 if model._meta.app_label in ("records", "enrich", "reversion")},
        "embargo": [str(day) for day in apps.get_model("records.document").objects
                    .exclude(embargoed_until=None).values_list("embargoed_until", flat=True)],
    }


def _written(write) -> str:
    import io

    out = io.StringIO()
    write(out)
    return out.getvalue()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    action, backup = sys.argv[1:]
    if action == "build":
        build(backup)
    else:
        archivist("restore", backup)
    print(json.dumps(inspect()))
