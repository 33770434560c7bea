"""Run in a child process by test_outbox_crash: fill an archive, sync it, or report its state.

    python -m tests.search.crash_worker fill N | sync | state
"""

import json
import sys

from archivist.bootstrap import open_archive


def main(action: str, *args: str) -> None:
    open_archive()
    from archivist.records.models import Change, Document
    from archivist.records.recordformat import read_document
    from archivist.records.services import save_documents
    from archivist.search.indexer import position, sync
    from archivist.search.integrity import indexed_record_ids

    if action == "fill":
        records = [read_document({"record_id": f"r{n}", "title": f"Cable number {n}", "date": "1950-01-02",
                                  "text": f"Telegram {n} about the treaty."}) for n in range(int(args[0]))]
        save_documents(records)
    elif action == "sync":
        sync(batch_size=int(args[0]), progress=lambda at, applied: print(f"committed {at}", flush=True))
    elif action == "state":
        print(json.dumps({
            "position": position(),
            "changes": list(Change.objects.order_by("id").values_list("id", "record_id")),
            "published": sorted(Document.objects.values_list("record_id", flat=True)),
            "indexed": indexed_record_ids(),
        }))


if __name__ == "__main__":
    main(*sys.argv[1:])
