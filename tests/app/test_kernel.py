"""A page's kernel in the app: one plain sentence for a failure, the details in the log."""

from __future__ import annotations

import queue
import time
from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers.app.kernel import install_error_handler, keep_every_message, message_html
from helpers.errors import DataError
from helpers.i18n import t


def test_a_kit_error_shows_its_own_words() -> None:
    err = DataError("op.app.serving", url="x")
    assert t("op.app.serving", "zh", url="x") in message_html(err, "zh")


def test_an_unexpected_error_shows_a_plain_sentence_not_its_details() -> None:
    out = message_html(KeyError("internal_column"), "en")
    assert t("app.page_failed", "en") in out
    assert "internal_column" not in out and "KeyError" not in out


def test_a_failing_cell_is_logged_and_shown_plainly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("COACHKIT_VAR", str(tmp_path / "var"))
    shell = InteractiveShell.instance()
    monkeypatch.setattr("IPython.get_ipython", lambda: shell)
    shown: list[object] = []
    monkeypatch.setattr("IPython.display.display", lambda obj: shown.append(obj))
    assert install_error_handler(lambda: "en")
    shell.run_cell("raise ValueError('secret detail')")
    shell.set_custom_exc((), None)
    out = capsys.readouterr()
    assert "Traceback" not in out.out + out.err
    assert len(shown) == 1 and t("app.page_failed", "en") in shown[0].data
    log = (tmp_path / "var" / "coachkit.log").read_text()
    assert "secret detail" in log and "ValueError" in log


BURST = """
import pathlib
from IPython.display import display
for i in range({n}):
    display({{"text/plain": "x" * 4000}}, raw=True)
pathlib.Path({flag!r}).write_text("sent")
"""


def _burst_received(keep: bool, flag: Path, n: int = 5000) -> tuple[int, bool]:
    """Send ``n`` outputs from a real kernel while nobody reads; count what arrives after."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name="python3")
    try:
        if keep:
            reply = kc.execute_interactive(
                "from helpers.app.kernel import keep_every_message\nassert keep_every_message()",
                timeout=60,
            )
            assert reply["content"]["status"] == "ok"
        msg_id = kc.execute(BURST.format(n=n, flag=str(flag)))
        for _ in range(1200):  # the kernel sends everything before anything is read
            if flag.exists():
                break
            time.sleep(0.1)
        received, idle = 0, False
        while not idle:
            try:
                msg = kc.get_iopub_msg(timeout=5)
            except queue.Empty:
                break
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            received += msg["msg_type"] == "display_data"
            idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
        return received, idle
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_a_kernel_keeps_every_output_for_a_reader_that_falls_behind(tmp_path: Path) -> None:
    # without it, the same burst loses outputs (and the end of the cell) on the way out
    assert _burst_received(False, tmp_path / "plain") != (5000, True)
    assert _burst_received(True, tmp_path / "kept") == (5000, True)


def test_keeping_every_message_outside_a_kernel_changes_nothing() -> None:
    assert keep_every_message() is False
