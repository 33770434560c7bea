"""Backup and restore benchmark: seconds for `archivist backup` and `archivist restore` of an archive
holding the 20,000-document ingest corpus (bench/ingest/generate.py), on SQLite and PostgreSQL, and
from SQLite to PostgreSQL.

For each database, imports the corpus into a fresh archive with `archivist ingest`, then times
`archivist backup FILE` and `archivist restore FILE` into another fresh archive (the restore's steps
timed as it reports them: files, each table, the browse tables, the search index), and checks that
the restored archive's export equals the original's. The commands' CPU time (on PostgreSQL the
server's work is not in it) and the machine's load average are kept, as other work on a shared
machine slows the wall-clock figures. Results go to bench/backup/results-N.json.

Usage: python bench/backup/run.py [--documents 20000] [--postgres postgres://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHIVIST = Path(sys.executable).with_name("archivist")
sys.path.insert(0, str(ROOT / "bench" / "ingest"))  # before this folder: its run.py is the one meant

from run import drop_postgres, fresh_postgres  # noqa: E402  (bench/ingest/run.py)


def archivist(env: dict[str, str], *args: object) -> tuple[float, list[tuple[float, str]]]:
    """Run the command; its wall-clock seconds, and each line it wrote to stderr with when (its CPU
    seconds too, as the last line: the wall clock depends on what else the machine runs)."""
    start, cpu = time.perf_counter(), _children_cpu()
    process = subprocess.Popen([str(ARCHIVIST), *map(str, args)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    lines = [(round(time.perf_counter() - start, 2), line.rstrip()) for line in process.stderr]
    if process.wait():
        said = "\n".join(text for _, text in lines)
        raise SystemExit(f"archivist {' '.join(map(str, args))} failed:\n{said}")
    lines.append((round(_children_cpu() - cpu, 2), "cpu seconds"))
    return round(time.perf_counter() - start, 2), lines


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def export_digest(env: dict[str, str], scratch: Path) -> str:
    out = scratch / "export.jsonl"
    archivist(env, "export", "-o", out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    out.unlink()
    return digest


def restore(backup: Path, env: dict[str, str], scratch: Path) -> dict:
    """Restore into a fresh archive; the seconds in all, and when each step was done."""
    seconds, lines = archivist(env, "restore", backup)
    loaded = [at for at, line in lines if " rows of " in line][-1]
    steps = {line.split(":")[0]: at for at, line in lines if line.endswith("rebuilt") or "rebuilt:" in line}
    return {"restore_seconds": seconds, "restore_cpu_seconds": lines[-1][0],
            "export_digest": export_digest(env, scratch),
            "load_average_after": os.getloadavg()[0],
            "restore_steps_at": {"files and rows loaded": loaded, **steps}}


def original(corpus: Path, env: dict[str, str], scratch: Path) -> dict:
    """Import the corpus, back the archive up; the figures and the backup's path."""
    ingest, _ = archivist(env, "ingest", "--quiet", corpus)
    backup = Path(env["ARCHIVIST_HOME"]).with_name("archive.tar")
    load = os.getloadavg()[0]
    seconds, lines = archivist(env, "backup", backup)
    return {"ingest_seconds": ingest, "backup_seconds": seconds, "backup_cpu_seconds": lines[-1][0],
            "backup_bytes": backup.stat().st_size, "backup_said": lines[-2][1], "load_average_before": load,
            "export_digest": export_digest(env, scratch), "backup": str(backup)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=20_000)
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/postgres",
                        help="an administrative URL; scratch databases are created and dropped")
    parser.add_argument("--out", type=Path, help="results file (default bench/backup/results-N.json)")
    args = parser.parse_args()
    from generate import write

    base = {k: v for k, v in os.environ.items() if k != "DATABASE_URL" and not k.startswith("ARCHIVIST_")}
    databases: list[str] = []

    def new_archive(scratch: Path, name: str, database: str) -> dict[str, str]:
        (scratch / name).mkdir()
        env = {**base, "ARCHIVIST_HOME": str(scratch / name / "home")}
        if database == "postgresql":
            databases.append(f"bench_backup_{os.getpid()}_{name}")
            env["DATABASE_URL"] = fresh_postgres(args.postgres, databases[-1])
        return env

    results = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            scratch = Path(folder)
            corpus = write(args.documents, scratch / "corpus.jsonl")
            for source, targets in (("sqlite", ("sqlite", "postgresql")), ("postgresql", ("postgresql",))):
                made = original(corpus, new_archive(scratch, source, source), scratch)
                for target in targets:
                    restored = restore(Path(made["backup"]), new_archive(scratch, f"{source}-to-{target}",
                                                                         target), scratch)
                    results.append({"from": source, "to": target, "documents": args.documents,
                                    **{k: v for k, v in made.items() if k != "backup"}, **restored,
                                    "export_equal": restored.pop("export_digest") == made["export_digest"]})
                    print(json.dumps(results[-1]), flush=True)
    finally:
        for name in databases:
            drop_postgres(args.postgres, name)
    out = args.out or ROOT / "bench" / "backup" / f"results-{args.documents}.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
