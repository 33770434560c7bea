"""A compact load client: asyncio, raw HTTP/1.1 with keep-alive, one connection per client.

Two client models, both with a fixed number of clients (each holding at most one request in flight):

- closed loop ("saturation"): each client sends its next request as soon as the last one is
  answered, with no think time. The server is never idle, throughput is its ceiling, and latency
  is mostly queueing: about clients / throughput.
- open loop ("paced"): each client has a timetable of one request every `clients / rate` seconds
  (the clients staggered evenly), so the offered rate is `rate` whatever the server does. Latency is
  measured from the time on the timetable, not from when the request could be sent, so a server
  that falls behind is charged for the wait (no "coordinated omission"). When the time is up,
  requests not yet sent are counted as unsent rather than sent late: a server that does not keep
  the rate shows as such, and the phase still ends on time.

Only 127.0.0.1 is ever contacted. The client is deliberately cheap (no HTTP library, no parsing
beyond the status line and framing headers) and measures its own CPU time.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field

HOST = "127.0.0.1"
REQUEST_TIMEOUT = 30.0  # seconds; a request taking longer counts as an error
Workload = Callable[[random.Random], tuple[str, str]]  # rng -> (class name, path)


@dataclass
class Sample:
    kind: str
    path: str
    start: float  # seconds since the phase started (the timetable's time in the paced model)
    latency_ms: float
    status: int  # 0 when no HTTP status came back
    error: str = ""


@dataclass
class PhaseRecord:
    samples: list[Sample] = field(default_factory=list)
    client_cpu_seconds: float = 0.0
    wall_seconds: float = 0.0
    behind: int = 0  # paced requests sent later than their time, because the previous one was slow
    unsent: int = 0  # paced requests still waiting to be sent when the time was up: the rate was not kept


class HttpError(Exception):
    pass


class Connection:
    """One keep-alive connection to 127.0.0.1:port, reopened when the server closes it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> int:
        """The status of GET path; the body is read and dropped. As browsers do, a request on a kept-alive
        connection that the server closed meanwhile (its keep-alive timeout) is sent again on a new one."""
        reused = self.writer is not None
        try:
            return await self._get(path)
        except (HttpError, ConnectionError):
            if not reused:
                raise
            await self.close()
            return await self._get(path)

    async def _get(self, path: str) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(HOST, self.port)
        request = (f"GET {path} HTTP/1.1\r\nHost: {HOST}:{self.port}\r\n"
                   "User-Agent: archivist-bench-load\r\nAccept-Encoding: identity\r\n\r\n")
        self.writer.write(request.encode("ascii"))
        status, headers, version = await self._head()
        await self._body(headers)
        if version != "HTTP/1.1" or headers.get("connection", "").lower() == "close":
            await self.close()
        return status

    async def _head(self) -> tuple[int, dict[str, str], str]:
        line = await self.reader.readline()
        if not line:
            raise HttpError("connection closed before the status line")
        version, status, *_ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b"\n", b""):
                return int(status), headers, version
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()

    async def _body(self, headers: dict[str, str]) -> None:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while size := int((await self.reader.readline()).split(b";")[0], 16):
                await self.reader.readexactly(size + 2)
            await self.reader.readline()
        elif "content-length" in headers:
            await self.reader.readexactly(int(headers["content-length"]))
        else:  # framed by the server closing the connection
            await self.reader.read()
            await self.close()

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()
        self.reader = self.writer = None


async def _timed_get(connection: Connection, kind: str, path: str, due: float, phase_start: float,
                     record: PhaseRecord) -> None:
    """One request, recorded with its latency from `due` (a perf_counter time)."""
    try:
        status = await asyncio.wait_for(connection.get(path), REQUEST_TIMEOUT)
        error = "" if status == 200 else f"HTTP {status} {path}"
    except (TimeoutError, OSError, asyncio.IncompleteReadError, HttpError, ValueError) as exc:
        status, error = 0, f"{type(exc).__name__}: {exc} ({path})"
        await connection.close()
    latency = (time.perf_counter() - due) * 1000
    record.samples.append(Sample(kind, path, round(due - phase_start, 4), round(latency, 3), status, error))


async def _closed_client(port: int, workload: Workload, rng: random.Random, start: float, end: float,
                         record: PhaseRecord) -> None:
    connection = Connection(port)
    try:
        while (now := time.perf_counter()) < end:
            kind, path = workload(rng)
            await _timed_get(connection, kind, path, now, start, record)
    finally:
        await connection.close()


async def _paced_client(port: int, workload: Workload, rng: random.Random, start: float, end: float,
                        period: float, offset: float, record: PhaseRecord) -> None:
    connection = Connection(port)
    slots = math.ceil((end - start - offset) / period - 1e-9)  # times on the timetable before the end
    try:
        for slot in range(slots):
            if time.perf_counter() >= end:
                record.unsent += slots - slot
                break
            due = start + offset + slot * period
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                record.behind += delay < -0.001
            kind, path = workload(rng)
            await _timed_get(connection, kind, path, due, start, record)
    finally:
        await connection.close()


async def run_phase(port: int, workload: Workload, clients: int, seconds: float, seed: int,
                    rate: float | None = None) -> PhaseRecord:
    """Run `clients` clients for `seconds`: closed loop when `rate` is None, else paced at `rate`
    requests per second in all. Requests started before the end are waited for (at most
    REQUEST_TIMEOUT), so the phase is bounded by seconds + REQUEST_TIMEOUT."""
    record = PhaseRecord()
    cpu, start = time.process_time(), time.perf_counter()
    end = start + seconds
    if rate is None:
        tasks = [_closed_client(port, workload, random.Random(seed * 1000 + i), start, end, record)
                 for i in range(clients)]
    else:
        period = clients / rate
        tasks = [_paced_client(port, workload, random.Random(seed * 1000 + i), start, end, period,
                               period * i / clients, record) for i in range(clients)]
    await asyncio.gather(*tasks)
    record.wall_seconds = time.perf_counter() - start
    record.client_cpu_seconds = time.process_time() - cpu
    return record
