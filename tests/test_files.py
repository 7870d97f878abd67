"""Text encodings of files people hand to the kit."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.files import detect_encoding

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
