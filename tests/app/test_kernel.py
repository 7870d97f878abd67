"""A page's kernel in the app: one plain sentence for a failure, the details in the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from IPython.core.interactiveshell import InteractiveShell

from helpers.app.kernel import install_error_handler, message_html
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
