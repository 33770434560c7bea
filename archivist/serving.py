"""The production web server: gunicorn serving the site, with one worker process applying the outbox.

Gunicorn's master starts the outbox worker beside the request workers and keeps it running; the
outbox worker applies pending changes to the search index and the browse tables about once a second,
so no request ever waits for that work; it also publishes the documents whose embargo has ended
(archivist.curation.embargo) and reads scans' pages with OCR (archivist.scans.ocr), a few a turn.
The master never opens the search index or keeps a database connection itself, so the processes it
forks start clean.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

FOLLOW_INTERVAL = 1.0  # seconds between two looks at the outbox
# The outbox worker's priority below the request workers' (nice): indexing a large import waits for
# the cores while readers are waiting for pages. Pages stay correct meanwhile (docs/web.md).
OUTBOX_NICENESS = 10
STOP_TIMEOUT = 30.0  # seconds the outbox worker may take to finish a batch when the server stops
RESTART_DELAY = 5.0  # seconds at least between two starts of the outbox worker
OCR_SECONDS_PER_TURN = 5.0  # seconds after which a turn starts no more pages of OCR (a page begun ends)

log = logging.getLogger("archivist.outbox")


class ArchiveArbiter(Arbiter):
    """Gunicorn's master, also starting, watching and stopping the outbox worker."""

    outbox_worker: subprocess.Popen | None = None
    outbox_started = -RESTART_DELAY

    def manage_workers(self) -> None:
        super().manage_workers()
        # Called by the master's loop about once a second, and not once it is stopping.
        worker = self.outbox_worker
        if worker is not None and worker.poll() is not None:
            self.log.error("Outbox worker (pid: %s) stopped; starting another", worker.pid)
            self.outbox_worker = worker = None
        if worker is None and time.monotonic() >= self.outbox_started + RESTART_DELAY:
            self.outbox_worker = subprocess.Popen([sys.executable, "-m", "archivist.serving"])
            self.outbox_started = time.monotonic()
            self.log.info("Outbox worker started (pid: %s)", self.outbox_worker.pid)

    def reload(self) -> None:
        """On SIGHUP: new request workers, and a new outbox worker too, with the code and settings
        as they are now."""
        super().reload()
        self._stop_outbox_worker()

    def stop(self, graceful: bool = True) -> None:
        worker = self.outbox_worker
        if worker is not None and worker.poll() is None:
            worker.terminate()  # first, so that it finishes its batch while the workers finish
        super().stop(graceful)
        self._stop_outbox_worker()

    def _stop_outbox_worker(self) -> None:
        worker, self.outbox_worker = self.outbox_worker, None
        if worker is None:
            return
        worker.terminate()
        try:
            worker.wait(STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


class ArchiveServer(BaseApplication):
    """Gunicorn configured from `archivist serve`'s options rather than from a configuration file."""

    def __init__(self, host: str, port: int, workers: int, threads: int) -> None:
        self.options = {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread" if threads > 1 else "sync",
            # The control socket is one fixed path per user, shared by every server started.
            "control_socket_disable": True,
            # (Gunicorn's Server header names no version since 20.1: tests/cli/test_serve.py checks it.)
        }
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)

    def load(self):
        from archivist.wsgi import application

        # Django answers HEAD with the page's body, which gunicorn drops as it should, with a warning
        # for every such request (a proxy's health checks would fill the log).
        logging.getLogger("gunicorn.http.wsgi").setLevel(logging.ERROR)

        return application

    def run(self) -> None:
        ArchiveArbiter(self).run()


def serve(host: str, port: int, workers: int, threads: int) -> None:
    """Serve the site until stopped; the caller has opened the archive (schema up to date)."""
    from django.db import connections

    connections.close_all()  # forked workers must not share the master's connection
    ArchiveServer(host, port, workers, threads).run()


def client_address(request) -> str | None:
    """The client's address behind the TLS proxy (django-axes counts failed sign-ins by it): the last
    one in X-Forwarded-For, which the proxy added; earlier ones are the client's to make up."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.rsplit(",", 1)[-1].strip() or request.META.get("REMOTE_ADDR")


def follow_outbox(interval: float = FOLLOW_INTERVAL) -> None:
    """The outbox worker's loop: apply pending changes, wait, again; until SIGTERM or SIGINT, or until
    the server that started it is gone."""
    import django

    logging.basicConfig(format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s",
                        datefmt="%Y-%m-%d %H:%M:%S %z")
    logging.getLogger("archivist").setLevel(logging.INFO)  # what it applied; others' warnings only
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    server = os.getppid()
    os.nice(OUTBOX_NICENESS)  # before Tantivy starts its writer threads, which inherit it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "archivist.settings")
    django.setup()  # the server brought the schema up to date before starting this process
    follower = OutboxFollower()
    while not stopping.is_set() and os.getppid() == server:
        follower.turn()
        stopping.wait(interval)


class OutboxFollower:
    """Brings the browse tables and the search index up to date with the outbox, each on its own: one
    held up (by an import writing, a reindex holding the index) does not hold up the other. Before
    them, publishes the documents whose embargo has ended (one indexed read when none has).

    An error is logged when it first appears, not again every second while it lasts, and its end is
    logged too."""

    def __init__(self) -> None:
        self.errors: dict[str, str] = {}
        self.browse_position: int | None = None

    def turn(self) -> None:
        from django.db import close_old_connections

        close_old_connections()  # a connection broken or past its age is replaced
        self._step("embargoes", self._release_embargoes)
        self._step("browse tables", self._refresh_browse_tables)
        self._step("search index", self._index_pending)
        self._step("harvest records", self._update_harvest_records)
        self._step("OCR", self._read_scans)

    def _release_embargoes(self) -> None:
        from archivist.curation.embargo import release_due

        released = release_due()
        if released:
            log.info("Embargo ended: %s published", ", ".join(released))

    def _refresh_browse_tables(self) -> None:
        from archivist.web.counts import ensure_fresh

        started = time.monotonic()
        position = ensure_fresh().change_id
        if position != self.browse_position:
            log.info("Outbox: browse tables up to date with change %d (%.2f s)", position,
                     time.monotonic() - started)
            self.browse_position = position

    def _index_pending(self) -> None:
        from archivist.outbox import index_pending

        started = time.monotonic()
        applied = index_pending()
        if applied:
            log.info("Outbox: %d change%s applied to the search index in %.2f s", applied,
                     "" if applied == 1 else "s", time.monotonic() - started)

    def _update_harvest_records(self) -> None:
        from archivist.interop.oai.harvestable import bring_up_to_date

        looked_at = bring_up_to_date()
        if looked_at:
            log.info("Outbox: %d document%s looked at for OAI-PMH", looked_at, "" if looked_at == 1 else "s")

    def _read_scans(self) -> None:
        from archivist.scans.ocr import read_pending

        # A few pages a turn, so that the index takes each turn's changes while a long scan is read.
        read_pending(seconds=OCR_SECONDS_PER_TURN,
                     report=lambda document: log.info("OCR: %s", document.describe()))

    def _step(self, name: str, step: Callable[[], None]) -> None:
        from django.db import OperationalError

        from archivist.scans.ocr import OcrUnavailable
        from archivist.search.indexer import IndexBusy

        try:
            step()
        # Another process writing: next turn, or its own; tesseract missing: pages wait until installed.
        except (IndexBusy, OperationalError, OcrUnavailable) as busy:
            if self.errors.get(name) != str(busy):
                log.warning("Outbox: %s not updated, trying again every %.0f s: %s", name, FOLLOW_INTERVAL,
                            busy)
            self.errors[name] = str(busy)
        except Exception as error:  # logged and tried again: the worker must outlive any one failure
            if self.errors.get(name) != repr(error):
                log.exception("Outbox: %s not updated, trying again every %.0f s", name, FOLLOW_INTERVAL)
            self.errors[name] = repr(error)
        else:
            if self.errors.pop(name, None) is not None:
                log.info("Outbox: %s up to date again", name)


if __name__ == "__main__":
    follow_outbox()
