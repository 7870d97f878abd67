"""The kernel a report runs in, started before anything heavy is imported.

A cold ``coachkit report`` spends most of its time in the kernel: booting it,
importing the report's modules there, then running the notebook. This module
imports nothing of the kit's own, so the command can start the kernel first and
import the rest while it boots.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

KERNEL = "python3"
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=ERROR", "--HistoryManager.enabled=False"]
"""How a report kernel starts: quiet, and keeping no input history on disk (the
parameters cell holds the store URL, password included)."""


def start_kernel(cwd: Path) -> Any:
    """Start a report kernel working in ``cwd``; return its (asynchronous) kernel manager.

    Nothing the kernel writes lands beside the notebook: it works in ``cwd``,
    the caller's folder.
    """
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    km = AsyncKernelManager(kernel_name=KERNEL)
    run_sync(km.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGUMENTS)
    return km


def stop_kernel(km: Any) -> None:
    """Shut a kernel of :func:`start_kernel` down at once."""
    from jupyter_core.utils import run_sync

    run_sync(km.shutdown_kernel)(now=True)
