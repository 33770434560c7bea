"""Figures from a phase's samples: per class and per group of classes, over time, and as text tables."""

from __future__ import annotations

import math
from collections import Counter

from bench.load.client import PhaseRecord, Sample
from bench.load.workload import MIX, PAGE_CLASSES, SEARCH_CLASSES

GROUPS = {"pages": PAGE_CLASSES, "searches": SEARCH_CLASSES, "all": tuple(MIX)}
TARGET_P95_MS = {"pages": 100, "searches": 200}
BUCKET_SECONDS = 5
SLOWEST = 15  # requests listed with their URL and start time, to see where the time goes


def percentile(values: list[float], percent: float) -> float | None:
    """Nearest rank: the smallest value with at least `percent` of the values at or below it."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(percent / 100 * len(ordered)) - 1)]


def stats(samples: list[Sample], seconds: float) -> dict:
    latencies = [s.latency_ms for s in samples]
    return {"requests": len(samples), "errors": sum(bool(s.error) for s in samples),
            "per_second": round(len(samples) / seconds, 1),
            **{f"p{p}_ms": _round(percentile(latencies, p)) for p in (50, 95, 99)},
            "max_ms": _round(max(latencies, default=None))}


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summarize(record: PhaseRecord, seconds: float, ingest: dict | None) -> dict:
    """Per class, per group (with the target), the same split by whether an ingest was running,
    5-second buckets, the commonest errors."""
    samples = record.samples
    classes = {kind: stats([s for s in samples if s.kind == kind], seconds) for kind in MIX}
    groups = {name: stats([s for s in samples if s.kind in kinds], seconds) for name, kinds in GROUPS.items()}
    for name, target in TARGET_P95_MS.items():
        groups[name]["target_p95_ms"] = target
        groups[name]["target_met"] = groups[name]["errors"] == 0 and (groups[name]["p95_ms"] or 0) <= target
    result = {"classes": classes, "groups": groups, "timeline": _timeline(samples, seconds),
              "errors": Counter(s.error for s in samples if s.error).most_common(10),
              "slowest": [(s.kind, s.path, s.start, s.latency_ms)
                          for s in sorted(samples, key=lambda s: -s.latency_ms)[:SLOWEST]],
              "client_cpu_seconds": round(record.client_cpu_seconds, 1),
              "wall_seconds": round(record.wall_seconds, 1), "paced_requests_sent_late": record.behind,
              "paced_requests_unsent": record.unsent}
    if ingest and ingest["stored_at_seconds"]:
        stored = min(ingest["stored_at_seconds"], seconds)
        result["before_ingest_stored"] = {  # the import running, the index not yet changing
            "seconds": round(stored, 1),
            **{name: stats([s for s in samples if s.start < stored and s.kind in kinds], stored)
               for name, kinds in GROUPS.items()}}
    if ingest and ingest["ended_at_seconds"] is not None:
        end = min(ingest["ended_at_seconds"], seconds)
        during = [s for s in samples if s.start < end]
        after = [s for s in samples if s.start >= end]
        result["while_ingesting"] = {
            "seconds": round(end, 1),
            **{name: stats([s for s in during if s.kind in kinds], max(end, 1e-9))
               for name, kinds in GROUPS.items()}}
        if end < seconds:
            result["after_ingest"] = {
                "seconds": round(seconds - end, 1),
                **{name: stats([s for s in after if s.kind in kinds], seconds - end)
                   for name, kinds in GROUPS.items()}}
    return result


def _timeline(samples: list[Sample], seconds: float) -> list[dict]:
    buckets = []
    for start in range(0, math.ceil(seconds), BUCKET_SECONDS):
        inside = [s for s in samples if start <= s.start < start + BUCKET_SECONDS]
        latencies = [s.latency_ms for s in inside]
        buckets.append({"from_s": start, "requests": len(inside),
                        "errors": sum(bool(s.error) for s in inside),
                        "p50_ms": _round(percentile(latencies, 50)),
                        "p95_ms": _round(percentile(latencies, 95))})
    return buckets


def phase_table(phase: dict) -> str:
    lines = [f"{'class':<14}{'req':>7}{'err':>5}{'req/s':>8}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}  (ms)"]
    rows = list(phase["classes"].items()) + list(phase["groups"].items())
    for name, row in rows:
        lines.append(f"{name:<14}{row['requests']:>7}{row['errors']:>5}{row['per_second']:>8}"
                     + "".join(f"{_text(row[key]):>8}" for key in ("p50_ms", "p95_ms", "p99_ms", "max_ms")))
    cpu = phase["cpu"]
    lines.append(f"CPU (cores): client {cpu['client_cores']:.2f}, server {cpu['server_cores']:.2f} "
                 f"({cpu['server_cpu_ms_per_request']:.1f} ms a request, outbox worker included), "
                 f"whole machine {cpu['machine_busy_cores']:.2f}; "
                 f"load average {cpu['load_average_before'][0]:.2f} -> {cpu['load_average_after'][0]:.2f}")
    ingest = phase.get("ingest")
    if ingest:
        lines.append(f"ingest: stored at {ingest['stored_at_seconds']} s, "
                     f"ended at {ingest['ended_at_seconds']} s, status {ingest['exit_status']}, "
                     f"{ingest.get('cpu_seconds')} CPU s")
    if phase["paced_requests_unsent"]:
        lines.append(f"the rate was not kept: {phase['paced_requests_unsent']} requests not sent in time")
    if phase["errors"]:
        lines.append(f"errors: {phase['errors'][:3]}")
    return "\n".join(lines)


def _text(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def table(results: dict) -> str:
    return "\n\n".join(f"== {run['label']}, {phase['model']}"
                       + (f" at {phase['rate']:g}/s" if phase["rate"] else "") + "\n" + phase_table(phase)
                       for run in results["runs"] for phase in run["phases"])


def markdown(results: dict) -> str:
    """The README's table: per server and phase, pages and searches (p50 / p95 / p99 ms, errors),
    requests per second, CPU of the server and the machine, and the ingest's timeline."""
    lines = ["| server | phase | req/s | pages p50 / p95 / p99 | searches p50 / p95 / p99 | errors | "
             "unsent | server cores | machine busy | ingest stored / ended (s) |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for run in results["runs"]:
        for phase in run["phases"]:
            name = "closed loop" if phase["rate"] is None else f"paced {phase['rate']:g}/s"
            groups, cpu, ingest = phase["groups"], phase["cpu"], phase.get("ingest") or {}
            lines.append(
                f"| {run['server']} | {name} | {groups['all']['per_second']} | {_triple(groups['pages'])} | "
                f"{_triple(groups['searches'])} | {groups['all']['errors']} | "
                f"{phase['paced_requests_unsent']} | "
                f"{cpu['server_cores']:.2f} | {cpu['machine_busy_cores']:.2f} | "
                f"{ingest.get('stored_at_seconds')} / {ingest.get('ended_at_seconds')} |")
    return "\n".join(lines)


def _triple(row: dict) -> str:
    return " / ".join(_text(row[key]) for key in ("p50_ms", "p95_ms", "p99_ms"))


if __name__ == "__main__":  # python -m bench.load.report bench/load/results-1000000.json
    import json
    import sys
    from pathlib import Path

    print(markdown(json.loads(Path(sys.argv[1]).read_text())))
