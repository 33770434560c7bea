"""Load benchmark: `archivist serve` and Django's development server under 32 clients, with an ingest
of 20,000 documents running beside them, on the bench archive named by ARCHIVIST_HOME.

For each server: start it on 127.0.0.1, warm it up, then for each client model (bench/load/client.py:
closed loop for saturation throughput, paced at each stated rate for latency at that load) start
`archivist ingest` of a deterministic corpus (bench/ingest/generate.py) and run the clients for
--seconds; when the ingest has finished, remove what it added (bench/load/archive.py clean) and check
that the archive's size is back where it was. Reports per class of request: throughput, p50/p95/p99,
errors; the CPU of the client, the server, the ingest and the rest of the machine; the ingest's
timeline. Writes bench/load/results-<published documents>.json.

Usage: ARCHIVIST_HOME=/work/bench-archive .venv/bin/python -m bench.load.run [--phases saturation,20,40]
       [--seconds 60] [--servers gunicorn,runserver] [--workers 2 --threads 4]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from bench.load import report
from bench.load.client import HOST, run_phase
from bench.load.workload import MIX, make_workload
from bench.web.server import free_port, stop_server

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
ARCHIVIST = str(Path(PYTHON).with_name("archivist"))
INGEST_TIMEOUT = 900  # seconds; an ingest still running then is stopped and reported
TICK = os.sysconf("SC_CLK_TCK")


def main() -> None:
    args = _arguments()
    home = os.environ.get("ARCHIVIST_HOME")
    if not home:
        raise SystemExit("set ARCHIVIST_HOME to the bench archive (see bench/README.md)")
    results = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "home": home,
               "machine": _machine(), "config": _config(args), "runs": []}
    with tempfile.TemporaryDirectory(prefix="bench-load-") as scratch:
        corpus = _corpus(args.ingest_documents, Path(scratch))
        _say(f"removing anything a previous run left: {_archive('clean', str(corpus))}")
        archive = json.loads(_archive("describe"))
        baseline = {key: archive[key] for key in ("documents", "published", "authorities", "index_documents")}
        results["archive"] = baseline
        _say(f"archive: {baseline}")
        workload = make_workload(archive, args.classes)
        for server in args.servers:
            results["runs"].append(_run_server(server, args, workload, corpus, baseline))
    results["machine"]["load_average_after"] = os.getloadavg()
    out = args.out or ROOT / "bench" / "load" / f"results-{baseline['published']}.json"
    out.write_text(json.dumps(results, indent=1) + "\n")
    print(report.table(results))
    print(f"wrote {out}")


def _say(message: str) -> None:
    print(time.strftime("%H:%M:%S "), message, flush=True)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60.0, help="length of each measured phase")
    parser.add_argument("--phases", default="saturation,20,40",
                        help="in order: saturation (closed loop) or a rate in requests/s (paced clients)")
    parser.add_argument("--servers", default="gunicorn,runserver",
                        help="gunicorn (archivist serve) and/or runserver (python -m django runserver)")
    parser.add_argument("--workers", type=int, default=2, help="archivist serve --workers")
    parser.add_argument("--threads", type=int, default=4, help="archivist serve --threads")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help="seconds of unrecorded load before each phase")
    parser.add_argument("--ingest-documents", type=int, default=20_000, help="0: no ingest beside the load")
    parser.add_argument("--classes", default=",".join(MIX),
                        help="request classes to send, with their shares among themselves (default: all)")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    args.servers = args.servers.split(",")
    args.classes = tuple(args.classes.split(","))
    if unknown := set(args.classes) - set(MIX):
        parser.error(f"--classes: no class {', '.join(sorted(unknown))} (the classes: {', '.join(MIX)})")
    args.phases = [None if phase == "saturation" else float(phase) for phase in args.phases.split(",")]
    return args


def _config(args: argparse.Namespace) -> dict:
    return {"clients": args.clients, "seconds": args.seconds, "phases": args.phases,
            "workers": args.workers, "threads": args.threads, "warmup_seconds": args.warmup,
            "ingest_documents": args.ingest_documents,
            "mix_percent": {kind: share for kind, share in MIX.items() if kind in args.classes}}


def _machine() -> dict:
    return {"cores": os.cpu_count(), "load_average_before": os.getloadavg(),
            "python": sys.version.split()[0], "code": _code_version()}


def _code_version() -> str:
    """The commit measured, and the application files changed since, if any."""
    def git(*command: str) -> str:
        return subprocess.run(["git", *command], cwd=ROOT, capture_output=True, text=True).stdout.strip()

    changed = git("status", "--short", "--", "archivist").splitlines()
    return git("rev-parse", "--short", "HEAD") + (f" with {len(changed)} files of archivist/ changed"
                                                   if changed else "")


def _corpus(count: int, scratch: Path) -> Path:
    sys.path.insert(0, str(ROOT / "bench" / "ingest"))
    from generate import write

    started = time.perf_counter()
    corpus = write(max(count, 1), scratch / "corpus.jsonl")
    _say(f"generated the ingest corpus ({count} documents) in {time.perf_counter() - started:.0f} s")
    return corpus


def _archive(*command: str) -> str:
    """Run bench/load/archive.py in a child process; its last line of output."""
    output = subprocess.run([PYTHON, "-m", "bench.load.archive", *command], cwd=ROOT, check=True,
                            stdout=subprocess.PIPE, text=True).stdout
    return output.strip().splitlines()[-1]


# --- servers ---------------------------------------------------------------------------------------

def _server_command(server: str, port: int, args: argparse.Namespace) -> tuple[list[str], str]:
    """The command line, and what it runs (archivist serve before gunicorn is Django's server)."""
    if server == "runserver":
        return [PYTHON, "-m", "django", "runserver", f"{HOST}:{port}", "--noreload"], "runserver"
    help_text = subprocess.run([ARCHIVIST, "serve", "--help"], capture_output=True, text=True).stdout
    command = [ARCHIVIST, "serve", "--host", HOST, "--port", str(port)]
    if "--workers" not in help_text:
        return command, "archivist serve (Django's development server: no --workers yet)"
    return command + ["--workers", str(args.workers), "--threads", str(args.threads)], (
        f"archivist serve, gunicorn {args.workers} workers x {args.threads} threads")


def _start_server(command: list[str], port: int, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "archivist.settings"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{' '.join(command)} exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=60) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    stop_server(process)
    raise SystemExit(f"{' '.join(command)} did not answer on port {port} within 300 s")


def _run_server(server: str, args: argparse.Namespace, workload, corpus: Path, baseline: dict) -> dict:
    port = free_port()
    command, label = _server_command(server, port, args)
    log = Path(tempfile.gettempdir()) / f"bench-load-{server}-{port}.log"
    _say(f"== {label}: {' '.join(command)}")
    process = _start_server(command, port, log)
    _say("server answering")
    run = {"server": server, "label": label, "command": " ".join(command), "phases": []}
    try:
        for number, rate in enumerate(args.phases):
            phase = asyncio.run(_phase(port, process.pid, rate, args, workload, corpus, seed=number + 1))
            if args.ingest_documents:
                _say("removing the ingested documents")
                started = time.perf_counter()
                phase["clean"] = json.loads(_archive("clean", str(corpus)))
                phase["clean"]["seconds"] = round(time.perf_counter() - started, 1)
                phase["archive_after_clean"] = json.loads(_archive("size"))
                phase["archive_restored"] = phase["archive_after_clean"] == baseline
                if not phase["archive_restored"]:
                    _say(f"WARNING: archive not as before: {phase['archive_after_clean']} != {baseline}")
            run["phases"].append(phase)
            print(report.phase_table(phase), flush=True)
    finally:
        stop_server(process)
    run["server_log_tail"] = log.read_text(errors="replace")[-3000:]
    return run


# --- one phase --------------------------------------------------------------------------------------

async def _phase(port: int, server_pid: int, rate: float | None, args: argparse.Namespace, workload,
                 corpus: Path, seed: int) -> dict:
    """One phase: closed loop when `rate` is None, else paced at `rate`; an ingest beside."""
    model = "saturation" if rate is None else "paced"
    _say(f"-- {model}: warm-up {args.warmup:.0f} s")
    await run_phase(port, workload, min(8, args.clients), args.warmup, seed=seed + 100)
    load_before, machine_before = os.getloadavg(), _machine_busy()
    server_before = _tree_cpu(server_pid)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _say(f"-- {model}: {args.clients} clients, {args.seconds:.0f} s"
          + (f", paced at {rate:g} requests/s" if rate else ", closed loop")
          + (f", ingest of {args.ingest_documents} documents beside" if args.ingest_documents else ""))
    started = time.perf_counter()
    ingest = asyncio.create_task(_ingest(corpus, started)) if args.ingest_documents else None
    record = await run_phase(port, workload, args.clients, args.seconds, seed=seed, rate=rate)
    server_cpu = _tree_cpu(server_pid) - server_before
    machine = _machine_busy()
    ingest_report = await ingest if ingest else None
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    if ingest_report is not None:
        ingest_report["cpu_seconds"] = round(children.ru_utime + children.ru_stime
                                             - children_before.ru_utime - children_before.ru_stime, 1)
    window = record.wall_seconds
    busy = (machine[0] - machine_before[0]) / max(machine[1] - machine_before[1], 1) * os.cpu_count()
    cpu = {"client_cores": record.client_cpu_seconds / window, "server_cores": server_cpu / window,
           "server_cpu_ms_per_request": server_cpu * 1000 / max(len(record.samples), 1),
           "machine_busy_cores": busy, "load_average_before": load_before,
           "load_average_after": os.getloadavg()}
    return {"model": model, "rate": rate, "clients": args.clients, "seconds": args.seconds,
            **report.summarize(record, args.seconds, ingest_report), "cpu": cpu, "ingest": ingest_report}


async def _ingest(corpus: Path, started: float) -> dict:
    """`archivist ingest` of the corpus, timed from the phase's start: when the file was stored
    (its summary line) and when the command ended (after bringing the index and tables up to date)."""
    process = await asyncio.create_subprocess_exec(
        ARCHIVIST, "ingest", "--quiet", str(corpus), cwd=ROOT,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    stored_at, lines = None, []
    try:
        async with asyncio.timeout(INGEST_TIMEOUT):
            async for line in process.stdout:
                lines.append(line.decode(errors="replace").rstrip())
                if lines[-1].startswith("ingested"):
                    stored_at = time.perf_counter() - started
            errors = (await process.stderr.read()).decode(errors="replace")
            status = await process.wait()
    except TimeoutError:
        process.kill()
        status, errors = await process.wait(), f"stopped after {INGEST_TIMEOUT} s"
    return {"stored_at_seconds": _round(stored_at), "ended_at_seconds": _round(time.perf_counter() - started),
            "exit_status": status, "output": lines[-3:], "errors": errors[-2000:]}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


# --- CPU accounting from /proc -----------------------------------------------------------------------

def _tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of a process and all its descendants alive now."""
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(entry.name)
        parents[pid] = int(fields[1])
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICK
    family, total = {root}, 0.0
    for pid in sorted(parents):  # children have higher ids than their parents, nearly always
        if pid in family or parents[pid] in family:
            family.add(pid)
            total += cpu.get(pid, 0.0)
    return total


def _machine_busy() -> tuple[int, int]:
    """(busy, total) jiffies of all cores, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = values[3] + values[4]
    return sum(values) - idle, sum(values)


if __name__ == "__main__":
    main()
