"""`archivist serve` (gunicorn) in a subprocess on 127.0.0.1, and what its processes hold in memory."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
ROOT = Path(__file__).resolve().parent.parent.parent
ARCHIVIST = str(ROOT / ".venv" / "bin" / "archivist")
START_SECONDS = 300


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def running_server(workers: int, threads: int,
                   log: Path | None = None) -> Iterator[tuple[int, subprocess.Popen]]:
    """A server of the archive the environment names (ARCHIVIST_HOME, DATABASE_URL), answering on a
    free port; stopped (its whole process group) on leaving."""
    port = free_port()
    command = [ARCHIVIST, "serve", "--host", HOST, "--port", str(port), "--workers", str(workers),
               "--threads", str(threads)]
    output = log.open("w") if log else subprocess.DEVNULL
    process = subprocess.Popen(command, cwd=ROOT, stdout=output, stderr=subprocess.STDOUT,
                               start_new_session=True)
    try:
        _wait_until_answering(process, port)
        yield port, process
    finally:
        stop_server(process)


def _wait_until_answering(process: subprocess.Popen, port: int) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"archivist serve exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/", timeout=60) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"archivist serve did not answer on port {port} within {START_SECONDS} s")


def stop_server(process: subprocess.Popen) -> None:
    """SIGTERM to the server's own process group (it was started in a new session), then SIGKILL."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


def server_memory(root: int) -> list[dict]:
    """Peak (VmHWM) and current (VmRSS) resident memory in kB of the server's master and each of its
    descendants (gunicorn's request workers, the outbox worker), with what each runs; of the current,
    the process's own memory (RssAnon) and the pages of files it maps (RssFile: the search index's
    segments, which the page cache shares between processes and may drop)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    family = [root]
    for pid in sorted(parents):
        if parents[pid] in family:
            family.append(pid)
    out = []
    for pid in family:
        with contextlib.suppress(OSError):
            status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines())
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
            out.append({"pid": pid, "parent": parents.get(pid), "command": command[:120],
                        "VmHWM_kB": int(status["VmHWM"].split()[0]),
                        "VmRSS_kB": int(status["VmRSS"].split()[0]),
                        "RssAnon_kB": int(status["RssAnon"].split()[0]),
                        "RssFile_kB": int(status["RssFile"].split()[0])})
    return out


def load_average() -> list[float]:
    return [round(value, 2) for value in os.getloadavg()]
