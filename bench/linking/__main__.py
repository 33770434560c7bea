"""Evaluates mention linking against the editors' persName markup of FRUS volumes (TEI P5), two ways.

- pure: the linker alone (archivist.enrich.linker), no database, each volume's persons list as the
  authority file, the text of each document div with the persName markup removed;
- product: the commands a user runs (ingest of the volume without its person markup, enrich, export),
  each volume in a fresh archive, then all volumes and the reference record in one archive.

Prints one JSON object per volume and set-up.

Usage: .venv/bin/python -m bench.linking [-v] [--offices] [--pure] [--product] [VOLUME.xml ...]
(default: both evaluations of ../shared/corpus/frus/*.xml; -v lists misses on stderr; --offices also
links "the Secretary", "the President" to the office holder, which the editors never mark)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from bench.linking import product, pure
from bench.linking.gold import DEFAULT_VOLUMES


def main(argv: list[str]) -> int:
    verbose, offices = "-v" in argv, "--offices" in argv
    only_pure, only_product = "--pure" in argv, "--product" in argv
    paths = [Path(a) for a in argv if not a.startswith("-")] or sorted(DEFAULT_VOLUMES.glob("*.xml"))
    if not paths:
        print(f"no volumes given and none in {DEFAULT_VOLUMES}", file=sys.stderr)
        return 2
    results = []
    if not only_product:
        results += [{"path": "pure linker", **pure.evaluate(path, verbose, offices)} for path in paths]
    if not only_pure:
        for together in (False, True):
            results += [{"path": "product", **result} for result in product.evaluate(paths, together, verbose,
                                                                                       offices)]
    for result in results:
        print(json.dumps(result, indent=2))
    print(table(results))
    return 0


def table(results: list[dict]) -> str:
    """The figures as a Markdown table: document-level F1 first, then mention level (P / R / F1)."""
    def figures(found: dict | None) -> str:
        if found is None:
            return ""
        return f"{found['precision']:.3f} / {found['recall']:.3f} / **{found['f1']:.3f}**"

    rows = ["| path | set-up | volume | documents P / R / F1 | judged | mentions P / R / F1 |",
            "|---|---|---|---|---|---|"]
    rows += [f"| {r['path']} | {r.get('setup', 'one volume')} | {r['volume']} "
             f"| {figures(r['documents_persons'])} | {figures(r.get('documents_persons_judged'))} "
             f"| {figures(r['mentions'])} |" for r in results]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
