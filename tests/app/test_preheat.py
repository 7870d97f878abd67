"""Preheated kernels that broke before anyone opened their page are replaced."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from helpers.app.preheat import PoolKeeper


class FakeKernel:
    def __init__(self) -> None:
        self.callbacks: dict[str, list[Callable[[], None]]] = {}

    def add_restart_callback(self, callback: Callable[[], None], event: str) -> None:
        self.callbacks.setdefault(event, []).append(callback)


class FakeLog:
    def __init__(self) -> None:
        self.warnings: list[str] = []

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def debug(self, *_: Any, **__: Any) -> None:
        pass


class FakeManager:
    """What the keeper uses of Voila's kernel manager: pools, kernels, shutdown, refill."""

    def __init__(self) -> None:
        self._pools: dict[str, list[asyncio.Future[Any]]] = {}
        self.kernels: dict[str, FakeKernel] = {}
        self.stopped: list[str] = []
        self.filled: list[str] = []
        self.log = FakeLog()

    def __contains__(self, kernel_id: str) -> bool:
        return kernel_id in self.kernels

    def get_kernel(self, kernel_id: str) -> FakeKernel:
        return self.kernels[kernel_id]

    async def shutdown_kernel(self, kernel_id: str, now: bool = False) -> None:
        del self.kernels[kernel_id]
        self.stopped.append(kernel_id)

    def fill_if_needed(self, delay: float | None = None, notebook_name: str | None = None) -> None:
        self.filled.append(str(notebook_name))

    def add(self, page: str, kernel_id: str, render: asyncio.Future[Any]) -> asyncio.Future[Any]:
        self.kernels[kernel_id] = FakeKernel()
        entry = asyncio.get_running_loop().create_future()
        entry.set_result({"kernel_id": kernel_id, "task": render, "renderer": None})
        self._pools.setdefault(page, []).append(entry)
        return entry


def failed(error: BaseException) -> asyncio.Future[Any]:
    future = asyncio.get_running_loop().create_future()
    future.set_exception(error)
    return future


def test_a_kernel_running_its_page_is_left_alone() -> None:
    async def run() -> None:
        manager = FakeManager()
        waiting = asyncio.get_running_loop().create_future()
        manager.add("a.ipynb", "k1", waiting)
        assert await PoolKeeper(manager).check() == []
        assert len(manager._pools["a.ipynb"]) == 1 and manager.stopped == []

    asyncio.run(run())


def test_a_kernel_that_did_not_start_in_time_is_replaced() -> None:
    async def run() -> None:
        manager = FakeManager()
        manager.add("a.ipynb", "k1", failed(RuntimeError("Kernel didn't respond in 60 seconds")))
        assert await PoolKeeper(manager).check() == ["a.ipynb"]
        assert manager._pools["a.ipynb"] == []
        assert manager.stopped == ["k1"] and manager.filled == ["a.ipynb"]
        assert "a.ipynb" in manager.log.warnings[0]

    asyncio.run(run())


def test_a_kernel_restarted_empty_is_replaced_and_the_others_kept() -> None:
    async def run() -> None:
        manager = FakeManager()
        loop = asyncio.get_running_loop()
        manager.add("a.ipynb", "k1", loop.create_future())
        manager.add("b.ipynb", "k2", loop.create_future())
        keeper = PoolKeeper(manager)
        assert await keeper.check() == []
        for callback in manager.kernels["k1"].callbacks["restart"]:
            callback()
        assert await keeper.check() == ["a.ipynb"]
        assert manager.stopped == ["k1"] and len(manager._pools["b.ipynb"]) == 1

    asyncio.run(run())


def test_a_pool_entry_that_failed_to_start_a_kernel_is_replaced() -> None:
    async def run() -> None:
        manager = FakeManager()
        manager._pools["a.ipynb"] = [failed(OSError("no kernel"))]
        assert await PoolKeeper(manager).check() == ["a.ipynb"]
        assert manager._pools["a.ipynb"] == [] and manager.filled == ["a.ipynb"]

    asyncio.run(run())


def preheated_kernels(app_pid: int) -> list[int]:
    """The pids of the app's preheated kernels (Voila keeps their connection files apart)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            status = (proc / "status").read_text()
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        parent = next(int(x.split()[1]) for x in status.splitlines() if x.startswith("PPid:"))
        if parent == app_pid and "ipykernel_launcher" in cmdline and "/voila_" in cmdline:
            found.append(int(proc.name))
    return found


def test_a_preheated_kernel_that_dies_is_replaced_and_its_page_becomes_ready(
    app_server: Any,
) -> None:
    server = app_server
    before = server.ready_pages()
    seen = len(server.lines)
    os.kill(preheated_kernels(server.process.pid)[0], signal.SIGKILL)
    deadline = time.monotonic() + 180
    while server.ready_pages() <= before and time.monotonic() < deadline:
        time.sleep(0.5)
    assert server.ready_pages() == before + 1, "".join(server.lines[seen:])
    server.wait_ready()
