"""Run by test_write_lock in a scratch archive: restricts a document (leaving the browse tables behind),
takes SQLite's write lock on a second connection, as an import does, and requests pages meanwhile.

Prints one JSON line: each URL with its status, how long it took and whether the secret name shows.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time

import django

SECRET = "Zqlocked"
URLS = ("/", "/people", "/people?letter=Z", "/people/zqlocked-someone", "/places", "/topics", "/subjects",
        "/catalog", "/dates", "/dates/1953", "/dates/1953/03", "/documents/pubdoc", "/documents/lockdoc",
        "/search.json?q=cable")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.test.utils import setup_test_environment

    from archivist.records.services import set_status
    from archivist.web import counts

    setup_test_environment()  # lets the test client's host in
    set_status("lockdoc", "restricted")
    assert counts.state().behind
    holder = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # the write lock, held as an import's transaction holds it
    client = Client()
    results = []
    for url in URLS:
        started = time.monotonic()
        response = client.get(url)
        results.append({"url": url, "status": response.status_code,
                        "seconds": round(time.monotonic() - started, 3),
                        "secret": SECRET.lower() in response.content.decode().lower()})
    holder.execute("ROLLBACK")
    print(json.dumps({"behind": counts.state().behind, "pages": results}))


if __name__ == "__main__":
    main()
