"""OCR benchmark: character error rate per language and pages per minute, on the user's path.

The pages of bench/ocr/generate.py (known texts, clean PNG pages and worn image-only PDFs) are attached
to documents of a fresh archive with `archivist attach RECORD FILE... --language L --wait` (each command
its own process, as a user runs it: tesseract reads the pages before it returns), then read back from
each document's JSON twin (`/documents/ID.json`, its pages' text) through `archivist serve`.

The same files are also attached without --wait in a second archive (the pages stored, their tiles
made, OCR left waiting), so that what OCR itself costs is the difference.

Character error rate: Levenshtein distance (rapidfuzz) between what OCR read and the known text, over
the known text's length, per language summed over its pages; both texts in Unicode's NFKC form (a
full-width comma is a comma), whitespace runs count as one space, and in Chinese and Japanese spaces
are left out of both. Pages per minute: the pages over the wall time of
the `attach --wait` commands (process start, storing the pages and their tiles, and OCR); CPU seconds
per page are the commands' and tesseract's (children's rusage), and OCR's share of them is the
difference from the commands without --wait.

Usage: .venv/bin/python -m bench.ocr [--languages en,ru] [--keep DIR] [--port 8766]
Results: bench/ocr/results.json and a table on stdout.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from bench.ocr.generate import write_pages
from bench.ocr.texts import NAMES, TEXTS, WITHOUT_SPACES

ROOT = Path(__file__).resolve().parents[2]
ARCHIVIST = Path(sys.executable).with_name("archivist")
CONDITIONS = ("clean", "worn")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--languages", default=",".join(TEXTS),
                        help="Comma-separated, of: " + ", ".join(TEXTS))
    parser.add_argument("--keep", type=Path, help="Folder for the pages and the archive (kept afterwards).")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    languages = [language for language in args.languages.split(",") if language]
    unknown = set(languages) - set(TEXTS)
    if unknown:
        parser.error(f"no texts for {', '.join(sorted(unknown))}")
    with contextlib.ExitStack() as stack:
        folder = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="bench-ocr-")))
        results = run(languages, folder, args.port)
    out = ROOT / "bench" / "ocr" / "results.json"
    out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(table(results))
    print(f"\nwritten to {out.relative_to(ROOT)}")


def run(languages: list[str], folder: Path, port: int) -> dict:
    load_before = [round(x, 2) for x in os.getloadavg()]
    pages = write_pages(folder / "pages")
    home, stored_only = folder / "archive", folder / "stored-only"
    for archive in (home, stored_only):
        _load_documents(archive, languages, folder)
    timings: dict[str, dict[str, dict]] = {}
    for language in languages:
        for condition in CONDITIONS:
            timings.setdefault(language, {})[condition] = _timed(
                (home, stored_only), record_id(language, condition), pages[language][condition], language)
    read = _read_back(home, [record_id(lang, cond) for lang in languages for cond in CONDITIONS], port)
    results = {"at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "cores": os.cpu_count(),
               "load_average_before": load_before,
               "load_average_after": [round(x, 2) for x in os.getloadavg()],
               "tesseract": _tesseract_version(), "languages": {}}
    for language in languages:
        results["languages"][language] = {
            condition: {**timings[language][condition],
                        **score(language, read[record_id(language, condition)])}
            for condition in CONDITIONS}
    return results


def _timed(homes: tuple[Path, Path], record: str, files: list[Path], language: str) -> dict:
    """The seconds of attaching the files and reading them (in the first archive), and OCR's CPU
    seconds per page: those of attaching them without --wait (in the second) taken away."""
    home, stored_only = homes
    stored = _attach(stored_only, record, files, language, wait=False)
    read = _attach(home, record, files, language, wait=True)
    ocr_cpu = (read["cpu_seconds"] - stored["cpu_seconds"]) / len(TEXTS[language])
    return {**read, "stored_only_seconds": stored["seconds"],
            "stored_only_cpu_seconds": stored["cpu_seconds"], "ocr_cpu_seconds_per_page": round(ocr_cpu, 2)}


def record_id(language: str, condition: str) -> str:
    return f"ocr-{language.lower()}-{condition}"


def _environment(home: Path) -> dict[str, str]:
    """A fresh archive of its own: SQLite in `home`, whatever database the caller's environment names."""
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    return {**env, "ARCHIVIST_HOME": str(home)}


def _archivist(home: Path, *args: str) -> str:
    done = subprocess.run([str(ARCHIVIST), *map(str, args)], env=_environment(home), capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"archivist {' '.join(map(str, args))} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def _load_documents(home: Path, languages: list[str], folder: Path) -> None:
    """One published document per language and condition, to attach the pages to."""
    records = folder / "documents.jsonl"
    records.write_text("".join(
        json.dumps({"record_id": record_id(language, condition),
                    "title": f"OCR test pages: {NAMES[language]}, {condition}", "date": "1950"}) + "\n"
        for language in languages for condition in CONDITIONS), encoding="utf-8")
    _archivist(home, "load", records)


def _attach(home: Path, record: str, files: list[Path], language: str, wait: bool) -> dict:
    """`archivist attach RECORD FILE... --language L [--wait]`, timed: wall seconds and CPU seconds of
    it and of tesseract, which it waits for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    _archivist(home, "attach", record, *files, "--language", language, *(["--wait"] if wait else []))
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2)}


def _read_back(home: Path, record_ids: list[str], port: int) -> dict[str, list[dict]]:
    """Each document's pages (number, text_source, ocr_status, text) from its JSON twin, over HTTP from
    `archivist serve` (started once OCR is done, so its worker has nothing to read)."""
    server = subprocess.Popen([str(ARCHIVIST), "serve", "--port", str(port), "--workers", "1"],
                              env=_environment(home), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base, server)
        return {record: _get_json(f"{base}/documents/{record}.json")["pages"] for record in record_ids}
    finally:
        os.killpg(server.pid, 15)
        server.wait(timeout=30)


def _wait_for(base: str, server: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(f"{base}/", timeout=5).read()
            return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("archivist serve did not answer") from None
            time.sleep(0.3)


def _get_json(url: str) -> dict:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": "application/json"}),
                                timeout=30) as response:
        return json.load(response)


def normalized(text: str, language: str) -> str:
    """NFKC (a full-width comma is a comma: tesseract writes "," for "，"), whitespace runs as one space;
    without spaces at all in Chinese and Japanese."""
    text = unicodedata.normalize("NFKC", text)
    if language in WITHOUT_SPACES:
        return re.sub(r"\s+", "", text)
    return " ".join(text.split())


def score(language: str, pages: list[dict]) -> dict:
    """Character error rate of the pages read against the known texts, in page order."""
    texts = TEXTS[language]
    failed = [page["number"] for page in pages if page["ocr_status"] != "done"]
    read = [page["text"] for page in sorted(pages, key=lambda page: page["number"])]
    distances, lengths, rates = [], [], []
    for known, found in zip(texts, read + [""] * (len(texts) - len(read)), strict=True):
        reference, hypothesis = normalized(known, language), normalized(found, language)
        distances.append(Levenshtein.distance(hypothesis, reference))
        lengths.append(len(reference))
        rates.append(round(distances[-1] / lengths[-1], 4))
    return {"pages": len(texts), "pages_not_done": failed, "characters": sum(lengths),
            "errors": sum(distances), "cer": round(sum(distances) / sum(lengths), 4), "cer_per_page": rates}


def _tesseract_version() -> str:
    done = subprocess.run(["tesseract", "--version"], capture_output=True, text=True)
    return (done.stdout or done.stderr).splitlines()[0]


def table(results: dict) -> str:
    """The figures as a Markdown table: CER, pages per minute and OCR's CPU seconds per page, clean and
    worn, per language and in all."""
    rows = ["| language | pages | CER clean | CER worn | pages/min clean | pages/min worn "
            "| OCR CPU s/page clean | OCR CPU s/page worn |", "|---|---|---|---|---|---|---|---|"]
    summed = ("errors", "characters", "seconds", "cpu_seconds", "stored_only_cpu_seconds", "pages")
    totals = {condition: dict.fromkeys(summed, 0) for condition in CONDITIONS}
    for language, conditions in results["languages"].items():
        rows.append(_row(NAMES[language], conditions))
        for condition in CONDITIONS:
            for key in summed:
                totals[condition][key] += conditions[condition][key]
    rows.append(_row("all", totals))
    return "\n".join(rows)


def _row(label: str, conditions: dict[str, dict]) -> str:
    clean, worn = (conditions[condition] for condition in CONDITIONS)
    cells = [label, f"{clean['pages']} + {worn['pages']}"]
    cells += [_percent(figures["errors"] / figures["characters"]) for figures in (clean, worn)]
    cells += [f"{60 * figures['pages'] / figures['seconds']:.1f}" for figures in (clean, worn)]
    cells += [f"{(figures['cpu_seconds'] - figures['stored_only_cpu_seconds']) / figures['pages']:.2f}"
              for figures in (clean, worn)]
    return "| " + " | ".join(cells) + " |"


def _percent(rate: float) -> str:
    return f"{100 * rate:.1f}%"


if __name__ == "__main__":
    main()
