"""gunicorn as in production (sync workers, DEBUG off) and its workers' CPU time."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from .load import get
from .stats import cpu_ticks, rss_kb

ROOT = Path(__file__).resolve().parents[2]
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK")
TRIVIAL = "/bench/trivial/"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    def __init__(self, env: dict, workers: int = 2):
        self.env, self.workers, self.port = env, workers, free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "portal.wsgi:application",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--worker-class=sync",
            "--timeout=300",  # an export at scale may take long; a killed worker skews CPU
            "--log-level=warning",
        ]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if (
                    get(self.port, TRIVIAL, {})[0] == 200
                    and len(self.worker_pids()) == self.workers
                ):
                    return self
            except OSError:
                pass
            if self.process.poll() is not None:
                raise SystemExit("gunicorn exited while starting")
            time.sleep(0.3)
        self.__exit__()
        raise SystemExit("gunicorn did not start within 60 s")

    def __exit__(self, *exc) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]

    def cpu(self) -> dict[int, int]:
        """Each worker's user + system CPU ticks so far."""
        readings = {}
        for pid in self.worker_pids():
            try:
                readings[pid] = cpu_ticks(Path(f"/proc/{pid}/stat").read_text())
            except FileNotFoundError:
                continue
        return readings

    def rss(self) -> dict[int, int]:
        """Each worker's resident memory now, in kB (/proc/<pid>/status VmRSS)."""
        readings = {}
        for pid in self.worker_pids():
            try:
                readings[pid] = rss_kb(Path(f"/proc/{pid}/status").read_text())
            except FileNotFoundError:
                continue
        return readings
