"""The production web server: gunicorn serving the site, with one worker process applying the outbox.

Gunicorn's master starts the outbox worker beside the request workers and keeps it running; the
outbox worker applies pending changes to the search index and the browse tables about once a second,
so no request ever waits for that work. The master never opens the search index or keeps a database
connection itself, so the processes it forks start clean.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time

from gunicorn.app.base import BaseApplication
from gunicorn.arbiter import Arbiter

FOLLOW_INTERVAL = 1.0  # seconds between two looks at the outbox
STOP_TIMEOUT = 30.0  # seconds the outbox worker may take to finish a batch when the server stops

log = logging.getLogger("archivist.outbox")


class ArchiveArbiter(Arbiter):
    """Gunicorn's master, also starting, watching and stopping the outbox worker."""

    outbox_worker: subprocess.Popen | None = None

    def manage_workers(self) -> None:
        super().manage_workers()
        # Called by the master's loop about once a second: a worker that died is started again.
        if self.LISTENERS and (self.outbox_worker is None or self.outbox_worker.poll() is not None):
            if self.outbox_worker is not None:
                self.log.error("Outbox worker (pid:%s) exited with status %s; starting another",
                               self.outbox_worker.pid, self.outbox_worker.returncode)
            self.outbox_worker = subprocess.Popen([sys.executable, "-m", "archivist.serving"])
            self.log.info("Outbox worker started (pid: %s)", self.outbox_worker.pid)

    def stop(self, graceful: bool = True) -> None:
        worker, self.outbox_worker = self.outbox_worker, None
        if worker is not None and worker.poll() is None:
            worker.terminate()
        super().stop(graceful)
        if worker is not None:
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
    from archivist.bootstrap import open_archive

    logging.basicConfig(level=logging.INFO, format="[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s",
                        datefmt="%Y-%m-%d %H:%M:%S %z")
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    server = os.getppid()
    open_archive()
    last_error = None
    while not stopping.is_set() and os.getppid() == server:
        last_error = _apply_once(last_error)
        stopping.wait(interval)


def _apply_once(last_error: str | None) -> str | None:
    """One look at the outbox; returns the error met, logged only when it differs from the last one
    (a writer held by a long ingest is met every second until it ends)."""
    from django.db import close_old_connections

    from archivist.outbox import apply_pending
    from archivist.search.indexer import IndexBusy

    close_old_connections()  # a connection broken or past its age is replaced
    started = time.monotonic()
    try:
        applied = apply_pending()
    except IndexBusy as busy:  # an import or a reindex is writing: its own catch-up or the next turn's
        if str(busy) != last_error:
            log.warning("Outbox: %s", busy)
        return str(busy)
    except Exception as error:  # logged and tried again: the worker must outlive any one failure
        message = f"{type(error).__name__}: {error}"
        if message != last_error:
            log.exception("Outbox: changes not applied, trying again every %.0f s", FOLLOW_INTERVAL)
        return message
    if applied:
        log.info("Outbox: %d changes applied to the search index and browse tables in %.2f s",
                 applied, time.monotonic() - started)
    elif last_error:
        log.info("Outbox: up to date again")
    return None


if __name__ == "__main__":
    follow_outbox()
