"""Files people hand to the kit and files it writes for them: encodings, and text a
spreadsheet would run, neutralised."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers.files import detect_encoding, spreadsheet_frame, spreadsheet_text

CHINESE = "rep_id,name,team_id\nR1,陈大文,华东一组\nR2,王伟，李娜,华北二组\n"


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        (CHINESE, "utf-8", "utf-8-sig"),
        (CHINESE, "utf-8-sig", "utf-8-sig"),
        (CHINESE, "gb18030", "gb18030"),
        ("name\n陈大文\n", "gb18030", "gb18030"),
        ("rep_id,name\nR1,Li Na\n", "ascii", "utf-8-sig"),
        # each of these decodes as GB18030 too, into other characters (陳大文 as 朝ゅ...)
        ("name\n陳大文\n", "big5", None),
        ("name\n陳大文\n張偉明\n林美玲\n", "big5", None),
        ("name\n山田太郎\nすずき\n", "shift_jis", None),
        ("name\n田中\n", "shift_jis", None),
        ("name\nMüller\n", "latin-1", None),
    ],
)
def test_utf8_first_then_gb18030_only_for_chinese_text(
    tmp_path: Path, text: str, encoding: str, detected: str | None
) -> None:
    path = tmp_path / "f.csv"
    path.write_bytes(text.encode(encoding))
    if detected is None:
        text.encode(encoding).decode("gb18030")  # the trap: it decodes, wrongly
    assert detect_encoding(path) == detected


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://x.test")', '\'=HYPERLINK("http://x.test")'),
        ("+41 22", "'+41 22"),
        ("-x", "'-x"),
        ("-5", "-5"),
        ("+1,234.5", "+1,234.5"),
        ("-2+3", "'-2+3"),
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
