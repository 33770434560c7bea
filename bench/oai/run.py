"""OAI-PMH harvest benchmark: records per second of a full ListRecords harvest, through HTTP with an
independent client (Sickle) against `archivist serve`, and the same records without HTTP in the same
run: the protocol answering in-process (respond(), tokens and queries included), and the bare
serialization of the stored records into the same XML pages.

The archive is bench/oai/generate.py's (deterministic, documents in the database): run it first.
The harvest records are built once (timed: every document's public record and fingerprint).

Usage:
  ARCHIVIST_HOME=/tmp/oai-bench .venv/bin/python bench/oai/generate.py --documents 100000
  ARCHIVIST_HOME=/tmp/oai-bench .venv/bin/python bench/oai/run.py [--port 8765] [--workers 1]
Results: bench/oai/results-<documents>.json
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PREFIXES = ("oai_dc", "archivist")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=1)
    args = parser.parse_args()
    from archivist.bootstrap import open_archive

    open_archive()
    from archivist.interop.oai.harvestable import bring_up_to_date
    from archivist.interop.oai.models import HarvestRecord
    from archivist.outbox import catch_up

    started = time.perf_counter()
    looked_at = bring_up_to_date()
    build = {"documents_looked_at": looked_at, "seconds": round(time.perf_counter() - started, 1)}
    results = {"documents": HarvestRecord.objects.count(), "page_size": _page_size(), "build": build}
    catch_up()  # the browse tables and index too, so that the server's worker has nothing to do meanwhile
    for prefix in PREFIXES:
        results[prefix] = {"serialize": _serialize(prefix), "protocol": _protocol(prefix)}
    with _server(args.port, args.workers) as url:
        for prefix in PREFIXES:
            results[prefix]["http"] = _harvest(url, prefix)
    for prefix in PREFIXES:
        http = results[prefix]["http"]["records_per_second"]
        results[prefix]["http_share_of_serialize_rate"] = round(
            http / results[prefix]["serialize"]["records_per_second"], 3)
    results["at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    results["load_average"] = os.getloadavg()
    out = ROOT / "bench" / "oai" / f"results-{results['documents']}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))


def _page_size() -> int:
    from archivist.config import int_setting

    return int_setting("ARCHIVIST_OAI_PAGE_SIZE")


def _rate(records: int, seconds: float) -> dict:
    return {"records": records, "seconds": round(seconds, 2), "records_per_second": round(records / seconds)}


def _serialize(prefix: str) -> dict:
    """The stored records read in harvest order and written as ListRecords pages, bytes and all."""
    from lxml import etree

    from archivist.interop.oai.formats import METADATA_FORMATS
    from archivist.interop.oai.models import HarvestRecord
    from archivist.interop.oai.protocol import OAI, _record_element

    metadata_format, size = METADATA_FORMATS[prefix], _page_size()
    started, count, page = time.perf_counter(), 0, etree.Element(f"{{{OAI}}}ListRecords")
    rows = HarvestRecord.objects.order_by("datestamp", "record_id").prefetch_related("sets")
    for row in rows.iterator(chunk_size=size):
        page.append(_record_element(row, metadata_format))
        count += 1
        if len(page) == size:
            etree.tostring(page, encoding="UTF-8")
            page = etree.Element(f"{{{OAI}}}ListRecords")
    etree.tostring(page, encoding="UTF-8")
    return _rate(count, time.perf_counter() - started)


def _protocol(prefix: str) -> dict:
    """The protocol in-process, page after page through its resumption tokens: all but HTTP."""
    from django.utils import timezone
    from lxml import etree

    from archivist.interop.oai.protocol import OAI, respond

    started, count = time.perf_counter(), 0
    arguments = {"verb": ["ListRecords"], "metadataPrefix": [prefix]}
    while True:
        root = etree.fromstring(respond(arguments, timezone.now()))
        count += len(root.findall(f".//{{{OAI}}}record"))
        token = root.findtext(f".//{{{OAI}}}resumptionToken")
        if not token:
            return _rate(count, time.perf_counter() - started)
        arguments = {"verb": ["ListRecords"], "resumptionToken": [token]}


class _server:
    """`archivist serve` on a port of its own, for the time of a with block."""

    def __init__(self, port: int, workers: int) -> None:
        self.url = f"http://127.0.0.1:{port}"
        self.command = [str(Path(sys.executable).with_name("archivist")), "serve", "--port", str(port),
                        "--workers", str(workers), "--threads", "1"]

    def __enter__(self) -> str:
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/oai?verb=Identify", timeout=5).read()
                return self.url
            except OSError:
                time.sleep(0.5)
        self.process.terminate()
        raise RuntimeError("archivist serve did not answer within a minute")

    def __exit__(self, *_) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def _harvest(url: str, prefix: str) -> dict:
    from sickle import Sickle

    started, count = time.perf_counter(), 0
    for _ in Sickle(f"{url}/oai", timeout=120).ListRecords(metadataPrefix=prefix):
        count += 1
    return _rate(count, time.perf_counter() - started)


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
