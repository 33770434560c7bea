"""Run in a child process by test_concurrency: store documents, hold a lock, or report the archive.

    python -m tests.cli.concurrency_worker put N | hold-writer | hold-import | hold-transaction | state

The holders print "held" once they have the lock and keep it until a line arrives on standard input,
as a long reindex (the index's writer) or a long import (the import lock; its transaction, with a
document written to the outbox but not committed) would.
"""

import json
import sys

from archivist.bootstrap import open_archive


def main(action: str, *args: str) -> None:
    open_archive()
    from django.db import transaction

    from archivist.locks import exclusive
    from archivist.records.models import Authority, Change, Document
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_documents
    from archivist.search.indexer import position, writing
    from archivist.search.integrity import indexed_record_ids
    from archivist.search.schema import open_index

    if action == "put":
        save_documents([read_document({"record_id": f"put{n}", "title": f"Cable {n}", "date": "1950-01-02"})
                        for n in range(int(args[0]))])
    elif action == "hold-writer":
        with writing(open_index()):
            hold()
    elif action == "hold-import":
        with exclusive("import"):
            hold()
    elif action == "hold-transaction":
        with transaction.atomic():
            save_documents([read_document({"record_id": "held", "title": "Being imported"})])
            hold()
    elif action == "state":
        print(json.dumps({
            "position": position(),
            "last_change": Change.objects.order_by("id").values_list("id", flat=True).last() or 0,
            "published": sorted(Document.objects.filter(status=Document.Status.PUBLISHED)
                                .values_list("record_id", flat=True)),
            "indexed": sorted(indexed_record_ids()),
            "authorities": sorted(f"{kind}:{name}" for kind, name in
                                  Authority.objects.values_list("kind", "sort_name")),
        }))


def hold() -> None:
    print("held", flush=True)
    sys.stdin.readline()


if __name__ == "__main__":
    main(*sys.argv[1:])
