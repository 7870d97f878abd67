"""Preheated kernels that stay usable: a kernel that broke before its visitor came is replaced.

Voilà starts one kernel per page in advance and runs the page in it, but never
looks at that kernel again until a visitor takes it. A kernel that failed to
start in time (a busy machine), whose run of the page failed, or that died and
was restarted empty would stay in the pool for good: the page would never be
ready, and its next visitor would get a broken page. :class:`PoolKeeper` looks
at every waiting kernel every few seconds and replaces the broken ones.
"""

from __future__ import annotations

import asyncio
from typing import Any

from tornado.ioloop import PeriodicCallback

from helpers.i18n import say

CHECK_EVERY = 2.0
"""Seconds between two looks at the pools."""


class PoolKeeper:
    """Replaces the preheated kernels that can no longer serve their page.

    Parameters
    ----------
    manager : Any
        Voilà's ``VoilaKernelManager`` (its ``_pools`` map each page to the
        tasks that start a kernel and run the page in it).
    interval : float
        Seconds between two looks at the pools.
    """

    def __init__(self, manager: Any, interval: float = CHECK_EVERY) -> None:
        self.manager = manager
        self.interval = interval
        self.broken: set[str] = set()
        """Kernels that died or were restarted (so lost the page they ran)."""
        self._watched: set[str] = set()
        self._callback: PeriodicCallback | None = None

    def start(self) -> None:
        """Look at the pools every ``interval`` seconds on the running loop."""
        self._callback = PeriodicCallback(self.check, self.interval * 1000)
        self._callback.start()

    def stop(self) -> None:
        """Stop looking."""
        if self._callback is not None:
            self._callback.stop()

    async def check(self) -> list[str]:
        """Replace every broken kernel waiting in a pool.

        Returns
        -------
        list of str
            The pages that got a new kernel.
        """
        broken = []
        for page, pool in list(self.manager._pools.items()):
            for entry in list(pool):
                if entry.done() and (problem := self._problem(entry)) is not None:
                    pool.remove(entry)
                    broken.append((page, entry, problem))
        waiting = {
            entry.result()["kernel_id"]
            for pool in self.manager._pools.values()
            for entry in pool
            if entry.done() and not entry.cancelled() and entry.exception() is None
        }
        self._watched &= waiting  # kernels taken by visitors are no longer the keeper's
        self.broken &= waiting
        # Voila's shutdown reads every pool entry: stop kernels once no broken entry is left
        replaced = []
        for page, entry, problem in broken:
            self.manager.log.warning(say("op.app.preheat_replaced", page=page, problem=problem))
            await self._discard(entry)
            self.manager.fill_if_needed(delay=0, notebook_name=page)
            replaced.append(page)
        return replaced

    def _problem(self, entry: asyncio.Future[Any]) -> str | None:
        """What is wrong with a started pool entry, or None if it can serve its page."""
        if entry.cancelled():
            return "cancelled"
        if (error := entry.exception()) is not None:
            return repr(error)
        content = entry.result()
        kernel_id = content["kernel_id"]
        render = content["task"]
        if render.done() and not render.cancelled() and render.exception() is not None:
            return repr(render.exception())
        if kernel_id not in self.manager:
            return "gone"
        self._watch(kernel_id)
        if kernel_id in self.broken:
            return "restarted"
        return None

    def _watch(self, kernel_id: str) -> None:
        """Be told when the kernel dies or is restarted (an empty kernel under the same id)."""
        if kernel_id in self._watched:
            return
        self._watched.add(kernel_id)
        kernel = self.manager.get_kernel(kernel_id)
        for event in ("restart", "dead"):
            kernel.add_restart_callback(lambda: self.broken.add(kernel_id), event)

    async def _discard(self, entry: asyncio.Future[Any]) -> None:
        """Stop a broken entry's run of the page and its kernel."""
        if entry.cancelled() or entry.exception() is not None:
            return
        content = entry.result()
        content["task"].cancel()
        kernel_id = content["kernel_id"]
        self.broken.discard(kernel_id)
        self._watched.discard(kernel_id)
        if kernel_id in self.manager:
            try:
                await self.manager.shutdown_kernel(kernel_id, now=True)
            except Exception:  # already gone: nothing left to stop
                self.manager.log.debug("kernel %s was already gone", kernel_id, exc_info=True)
