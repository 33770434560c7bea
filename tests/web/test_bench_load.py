"""bench/load's client against a small local HTTP/1.1 server: keep-alive, chunked and closing
responses, a connection the server drops (sent again), errors counted, both client models bounded
in time; its percentiles."""

import asyncio
import itertools
import random
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.load.client import REQUEST_TIMEOUT, run_phase
from bench.load.report import percentile, summarize


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):  # noqa: N802 (http.server's name)
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"5\r\nhello\r\n0\r\n\r\n")
        elif self.path == "/close":
            self.send_response(200)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"closed")
            self.close_connection = True
        elif self.path == "/drop":  # then closes the connection without saying so, as at a keep-alive timeout
            self.send_response(200)
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write(b"drop")
            self.close_connection = True
        else:
            body = b"missing" if self.path == "/missing" else b"page"
            self.send_response(404 if self.path == "/missing" else 200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def port():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def run_client(**options):
    """bench/load's client in an event loop of its own thread, as in bench/load/run.py's process: the
    browser tests leave Playwright's loop running in this thread, where asyncio.run refuses to start."""
    records = []
    thread = threading.Thread(target=lambda: records.append(asyncio.run(run_phase(**options))))
    thread.start()
    thread.join()
    return records[0]


PATHS = itertools.cycle(["/page", "/chunked", "/close", "/drop", "/missing"])


def workload(rng: random.Random) -> tuple[str, str]:
    path = next(PATHS)  # in turn, so that a few requests on a busy machine already see every kind
    return ("search" if path == "/missing" else "document"), path


def test_closed_loop_reads_every_framing_retries_a_dropped_connection_and_counts_errors(port):
    record = run_client(port=port, workload=workload, clients=4, seconds=0.5, seed=1)
    assert len(record.samples) >= 5
    assert {s.path for s in record.samples} == {"/page", "/chunked", "/close", "/drop", "/missing"}
    assert all(s.error == "" for s in record.samples if s.path != "/missing")
    assert all(s.status == 404 and s.error for s in record.samples if s.path == "/missing")
    summary = summarize(record, 0.5, None)
    assert summary["classes"]["search"]["errors"] == summary["classes"]["search"]["requests"] > 0
    assert summary["groups"]["searches"]["target_met"] is False


def test_paced_clients_follow_the_timetable_and_stop_on_time(port):
    record = run_client(port=port, workload=workload, clients=4, seconds=1.0, seed=2, rate=20)
    assert len(record.samples) + record.unsent == 20  # every slot of the timetable, sent or not
    assert len(record.samples) >= 1
    assert record.wall_seconds < 1 + REQUEST_TIMEOUT


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50, 95, 99)
    assert percentile([7.0], 99) == 7.0 and percentile([], 50) is None
