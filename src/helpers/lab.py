"""JupyterLab for the training notebooks: a notebook never keeps widgets that cannot come back.

A widget lives in its kernel. A notebook saved with widget outputs and opened
again on a new kernel shows "Error displaying widget: model not found" where
each widget was. :func:`drop_widget_views` is a save hook that leaves those
outputs out of the file (the notebook's other outputs are kept), so a reopened
module shows its text and its first cell's instructions, ready to run.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"


def strip_widget_views(nb: dict[str, Any]) -> int:
    """Remove widget outputs and saved widget state from a notebook (as a dict), in place.

    Returns how many outputs were removed.
    """
    removed = 0
    for cell in nb.get("cells", []):
        outputs = cell.get("outputs")
        if not outputs:
            continue
        kept = [o for o in outputs if WIDGET_VIEW not in (o.get("data") or {})]
        removed += len(outputs) - len(kept)
        cell["outputs"] = kept
    widgets = nb.get("metadata", {}).get("widgets")
    if isinstance(widgets, dict):
        widgets.pop(WIDGET_STATE, None)
        if not widgets:
            nb["metadata"].pop("widgets")
    return removed


def drop_widget_views(model: dict[str, Any], **_: Any) -> None:
    """Jupyter's ``pre_save_hook``: keep no widget outputs in a notebook being saved."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_widget_views(model["content"])


def lab_arguments(notebooks: Path, port: int) -> list[str]:
    """The command-line arguments of JupyterLab for the kit's notebooks."""
    return [
        str(notebooks),
        f"--ServerApp.port={port}",
        "--ServerApp.ip=127.0.0.1",
        "--ContentsManager.pre_save_hook=helpers.lab.drop_widget_views",
        # a module left open in a closed tab stops using memory after an hour idle
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
    ]
