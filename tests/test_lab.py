"""JupyterLab's save hook: a saved module never holds widgets that cannot come back."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat

from helpers.lab import WIDGET_STATE, WIDGET_VIEW, drop_widget_views, lab_arguments
from tests.app_server import free_port


def _notebook_with_widgets() -> dict:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("modules.header(session)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={WIDGET_VIEW: {"model_id": "abc", "version_major": 2}, "text/plain": "HBox()"},
        ),
        nbformat.v4.new_output("stream", name="stdout", text="kept\n"),
    ]
    nb.cells.append(cell)
    nb.metadata["widgets"] = {WIDGET_STATE: {"state": {}}}
    return json.loads(nbformat.writes(nb))


def test_hook_drops_widget_views_and_state_but_keeps_other_outputs() -> None:
    model = {"type": "notebook", "content": _notebook_with_widgets()}
    drop_widget_views(model)
    outputs = model["content"]["cells"][0]["outputs"]
    assert [o["output_type"] for o in outputs] == ["stream"]
    assert "widgets" not in model["content"]["metadata"]


def test_hook_leaves_other_files_alone() -> None:
    model = {"type": "file", "content": "text"}
    drop_widget_views(model)
    assert model == {"type": "file", "content": "text"}


def test_a_real_jupyter_server_saves_modules_without_widget_views(tmp_path: Path) -> None:
    port = free_port()
    args = [a for a in lab_arguments(tmp_path, port) if not a.startswith("--ServerApp.port")]
    cmd = [sys.executable, "-m", "jupyter_server", *args[1:], f"--ServerApp.port={port}"]
    cmd += [f"--ServerApp.root_dir={tmp_path}", "--IdentityProvider.token=t", "--allow-root"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/api/contents/m.ipynb?token=t"
        body = json.dumps({"type": "notebook", "content": _notebook_with_widgets()}).encode()
        for _ in range(240):
            try:
                req = urllib.request.Request(url, data=body, method="PUT")
                req.add_header("Content-Type", "application/json")
                urllib.request.urlopen(req, timeout=5)
                break
            except OSError:
                time.sleep(0.25)
        saved = nbformat.read(tmp_path / "m.ipynb", 4)
        assert [o.output_type for o in saved.cells[0].outputs] == ["stream"]
        assert "widgets" not in saved.metadata
    finally:
        proc.terminate()
        proc.wait(timeout=30)
