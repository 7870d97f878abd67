"""Files the kit writes for people: text a spreadsheet would run is neutralised."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers.files import spreadsheet_frame, spreadsheet_text


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x.test")', '\'=HYPERLINK("http://x.test")'),
        ("+41 22", "'+41 22"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        ("", ""),
        ("好", "好"),
        (-3, -3),
        (None, None),
    ],
)
def test_only_text_a_spreadsheet_would_run_is_quoted(value: object, written: object) -> None:
    assert spreadsheet_text(value) == written


def test_numbers_in_a_frame_stay_numbers() -> None:
    frame = pd.DataFrame({"score": [-1, 2], "note": ["=2", "ok"]})
    safe = spreadsheet_frame(frame)
    assert safe["score"].tolist() == [-1, 2] and safe["note"].tolist() == ["'=2", "ok"]
    assert frame["note"].tolist() == ["=2", "ok"]  # the frame given is left alone
