"""A real ``coachkit app`` for the tests: its own store and folders, a known token, a free port."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from helpers.app.pages import PAGES

PROJECT = Path(__file__).resolve().parents[1]
TOKEN = "test-token-not-secret"
POOL_FILLED = re.compile(r"Kernel pool of (\S+) is filled")
PAGE_READY = re.compile(r"page ready for its next visitor|页面已就绪")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class AppServer:
    """A running app: where it is, its token, its store, and what it printed."""

    url: str
    token: str
    store: str
    var: Path
    process: subprocess.Popen[str]
    pool: int = 1
    lines: list[str] = field(default_factory=list)

    def filled(self) -> set[str]:
        """The pages whose preheated kernels are ready (from the server's log)."""
        return {m.group(1) for line in list(self.lines) if (m := POOL_FILLED.search(line))}

    def ready_pages(self) -> int:
        """How many times a preheated page has finished running and waits for a visitor."""
        return sum(len(PAGE_READY.findall(line)) for line in list(self.lines))

    def wait_ready(self, pages: frozenset[str] = PAGES, timeout: float = 240) -> None:
        """Wait until every page has a kernel that has run the page and waits for a visitor."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("the app stopped:\n" + "".join(self.lines[-40:]))
            if pages <= self.filled() and self.ready_pages() >= len(pages) * self.pool:
                return
            time.sleep(0.25)
        raise TimeoutError(
            f"pages without a kernel: {sorted(pages - self.filled())}; pages ready:"
            f" {self.ready_pages()} of {len(pages) * self.pool}\n" + "".join(self.lines[-40:])
        )

    def log(self) -> str:
        return "".join(self.lines)

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()


def start_app(tmp: Path, pool: int = 1, reports_store: str = "sample") -> AppServer:
    """Start ``coachkit app`` on a free loopback port with its own store."""
    port = free_port()
    var = tmp / "var"
    store = f"sqlite:///{tmp / 'store.sqlite'}"
    env = {**os.environ, "COACHKIT_VAR": str(var), "COACHKIT_STORE": store, "PYTHONUNBUFFERED": "1"}
    env.pop("COACHKIT_APP", None)
    cmd = [sys.executable, "-m", "helpers.cli", "app", "--port", str(port), "--token", TOKEN]
    cmd += ["--pool", str(pool), "--reports-store", reports_store]
    process = subprocess.Popen(
        cmd,
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = AppServer(f"http://127.0.0.1:{port}/", TOKEN, store, var, process, pool)
    collect_output(process, server.lines)
    try:
        answering = wait_answering(process, f"{server.url}who?token={TOKEN}", 120)
    except RuntimeError:
        raise RuntimeError("the app did not start:\n" + server.log()) from None
    if not answering:
        server.stop()
        raise TimeoutError("the app did not answer:\n" + server.log())
    return server


def collect_output(process: subprocess.Popen[str], lines: list[str]) -> None:
    """Append every line ``process`` prints to ``lines``, in the background."""

    def pump() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line)

    threading.Thread(target=pump, daemon=True).start()


def wait_answering(process: subprocess.Popen[str], url: str, timeout: float) -> bool:
    """Wait until ``url`` answers (True) or ``timeout`` s pass (False).

    Raises
    ------
    RuntimeError
        If ``process`` stops first.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped (exit code {process.returncode})")
        try:
            urllib.request.urlopen(url, timeout=2)
            return True
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    return False
