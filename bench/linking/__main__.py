"""Evaluates linking against the editors' markup of FRUS volumes (TEI P5), two ways.

- pure: the linker alone (archivist.enrich.linker), no database, each volume's persons list as the
  authority file, the text of each document div with the persName markup removed;
- product: the commands a user runs (ingest of the volume without its person and place markup,
  enrich, export), each volume in a fresh archive, then all volumes and the reference record in one;
  people, places and organizations (bench.linking.things).

Prints one JSON object per volume and set-up, then a Markdown table of the figures.

Usage: .venv/bin/python -m bench.linking [-v] [--offices] [--pure | --product] [--sample N] [VOLUME.xml ...]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from bench.linking import product, pure
from bench.linking.gold import DEFAULT_VOLUMES


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="bench.linking", description=__doc__.split("\n\n")[0])
    parser.add_argument("volumes", nargs="*", type=Path, help="default: ../shared/corpus/frus/*.xml")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss on stderr")
    parser.add_argument("--offices", action="store_true",
                        help='also link "the Secretary", "the President" to the office holder '
                             "(the editors never mark those)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--pure", action="store_true", help="only the pure linker")
    only.add_argument("--product", action="store_true", help="only the product's path")
    parser.add_argument("--sample", type=int, default=0, metavar="N",
                        help="print N mentions of places, N of organizations and N of people outside the "
                             "document's volume's persons list, of the archive of all volumes, with where "
                             "they were read, to judge by hand (stderr)")
    args = parser.parse_args(argv)
    paths = args.volumes or sorted(DEFAULT_VOLUMES.glob("*.xml"))
    if not paths:
        parser.error(f"no volumes given and none in {DEFAULT_VOLUMES}")
    results = []
    if not args.product:
        results += [{"path": "pure linker", **pure.evaluate(path, args.verbose, args.offices)}
                    for path in paths]
    if not args.pure:
        for together in (False, True):
            results += [{"path": "product", **result} for result in product.evaluate(
                paths, together, args.verbose, args.offices, args.sample if together else 0)]
    for result in results:
        print(json.dumps(result, indent=2))
    print(table(results))
    return 0


def table(results: list[dict]) -> str:
    """The figures as a Markdown table, each as precision / recall / F1."""
    def figures(found: dict | None) -> str:
        if found is None:
            return ""
        return f"{found['precision']:.3f} / {found['recall']:.3f} / **{found['f1']:.3f}**"

    rows = ["| path | set-up | volume | people, documents | judged | people, mentions | places, documents "
            "| organizations, mentions |", "|---|---|---|---|---|---|---|---|"]
    rows += [f"| {r['path']} | {r.get('setup', 'one volume')} | {r['volume']} "
             f"| {figures(r['documents_persons'])} | {figures(r.get('documents_persons_judged'))} "
             f"| {figures(r['mentions'])} | {figures(r.get('places'))} "
             f"| {figures(r.get('organizations', {}).get('mentions'))} |" for r in results]
    return "\n".join(rows)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
