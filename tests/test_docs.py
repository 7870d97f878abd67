"""Every README has a Chinese twin that keeps in step with it.

Each ``README.md`` has a ``README.zh.md`` beside it with the same headings
(level by level, in order) and the same fenced code blocks (comments aside, so
they may be translated), the two link to each other on their first line, and
the Chinese one holds no long English prose outside code and tables.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.conftest import PROJECT

SKIPPED_DIRS = {"node_modules"}
SKIPPED_TREES = (PROJECT / "tests" / "data",)
MAX_ENGLISH_WORDS = 12

_COMMENT = re.compile(r"(?:^|\s)#(?:\s.*)?$")
_INLINE_CODE = re.compile(r"(`+).+?\1")
_LINK_TARGET = re.compile(r"\]\([^)]*\)|<?https?://\S+")
_ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:['\u2019-][A-Za-z]+)*")


@dataclass(frozen=True)
class Outline:
    """What must agree between a README and its Chinese twin.

    Attributes
    ----------
    headings
        ``(level, text, line)`` of each heading, in order (lines from 1).
    fences
        ``(info, code, line)`` of each fenced code block, comments removed.
    skipped
        Line numbers (from 1) inside code blocks and tables.
    lines
        The file's lines.
    """

    headings: list[tuple[int, str, int]]
    fences: list[tuple[str, tuple[str, ...], int]]
    skipped: set[int]
    lines: list[str]


def outline(text: str) -> Outline:
    """Parse Markdown ``text`` into its headings, code blocks and skipped lines."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    headings: list[tuple[int, str, int]] = []
    fences: list[tuple[str, tuple[str, ...], int]] = []
    skipped: set[int] = set()
    for i, tok in enumerate(tokens):
        if tok.map is None:
            continue
        first, end = tok.map
        if tok.type == "heading_open":
            headings.append((int(tok.tag[1:]), tokens[i + 1].content, first + 1))
        elif tok.type == "fence":
            code = tuple(_COMMENT.sub("", ln).rstrip() for ln in tok.content.splitlines())
            fences.append((tok.info.strip(), code, first + 1))
            skipped.update(range(first + 1, end + 1))
        elif tok.type in ("code_block", "table_open", "html_block"):
            skipped.update(range(first + 1, end + 1))
    return Outline(headings, fences, skipped, text.splitlines())


def heading_mismatch(en: Outline, zh: Outline) -> str | None:
    """Describe how the two heading outlines differ, or ``None`` when they agree.

    The outlines are aligned on their levels, so a heading added to one file
    shows as that heading alone, not as every heading after it.
    """
    levels = ([h[0] for h in en.headings], [h[0] for h in zh.headings])
    if levels[0] == levels[1]:
        return None

    def show(h: tuple[int, str, int] | None) -> str:
        return f"h{h[0]} {h[1]!r} (line {h[2]})" if h else "(none)"

    rows = []
    matcher = difflib.SequenceMatcher(a=levels[0], b=levels[1], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        for k in range(max(i2 - i1, j2 - j1)):
            left = en.headings[i1 + k] if i1 + k < i2 else None
            right = zh.headings[j1 + k] if j1 + k < j2 else None
            mark = "  " if op == "equal" else "!!"
            rows.append(f"{mark} {show(left)}  |  {show(right)}")
    return "headings differ (English | Chinese; '!!' marks those without a match):\n" + (
        "\n".join(rows)
    )


def fence_mismatch(en: Outline, zh: Outline) -> str | None:
    """Describe which fenced code blocks differ, or ``None`` when they agree."""
    keys = ([f[:2] for f in en.fences], [f[:2] for f in zh.fences])
    if keys[0] == keys[1]:
        return None
    problems = []
    matcher = difflib.SequenceMatcher(a=keys[0], b=keys[1], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        pairs = list(zip(en.fences[i1:i2], zh.fences[j1:j2], strict=False))
        for left, right in pairs:
            problems.append(_fence_difference(left, right))
        for left in en.fences[i1 + len(pairs) : i2]:
            problems.append(f"English code block at line {left[2]} has no match in the Chinese")
        for right in zh.fences[j1 + len(pairs) : j2]:
            problems.append(f"Chinese code block at line {right[2]} has no match in the English")
    return "\n".join(problems)


def _fence_difference(
    left: tuple[str, tuple[str, ...], int], right: tuple[str, tuple[str, ...], int]
) -> str:
    where = f"code block at English line {left[2]}, Chinese line {right[2]}"
    if left[0] != right[0]:
        return f"{where}: language {left[0]!r} vs {right[0]!r}"
    for k, (a, b) in enumerate(zip(left[1], right[1], strict=False)):
        if a != b:
            return f"{where}, its line {k + 1}: {a!r} vs {b!r}"
    return f"{where}: {len(left[1])} lines vs {len(right[1])}"


def english_prose(doc: Outline) -> list[str]:
    """Lines outside code and tables with more than ``MAX_ENGLISH_WORDS`` English words."""
    found = []
    for number, line in enumerate(doc.lines, start=1):
        if number in doc.skipped:
            continue
        prose = _LINK_TARGET.sub(" ", _INLINE_CODE.sub(" ", line))
        words = _ENGLISH_WORD.findall(prose)
        if len(words) > MAX_ENGLISH_WORDS:
            found.append(f"line {number}: {line.strip()}")
    return found


def first_line_links_to(text: str, target: str) -> bool:
    """Whether the first non-blank line of ``text`` is a link to ``target``."""
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    return f"]({target})" in first


def readmes() -> list[Path]:
    """Every ``README.md`` of the project, outside hidden folders and test data."""
    found = []
    for path in sorted(PROJECT.rglob("README.md")):
        rel = path.relative_to(PROJECT)
        if any(p.startswith(".") or p in SKIPPED_DIRS for p in rel.parts[:-1]):
            continue
        if any(path.is_relative_to(tree) for tree in SKIPPED_TREES):
            continue
        found.append(path)
    return found


README_IDS = [str(p.relative_to(PROJECT)) for p in readmes()]


def test_the_readmes_are_found() -> None:
    assert "README.md" in README_IDS
    assert "data/README.md" in README_IDS


@pytest.mark.parametrize("english", readmes(), ids=README_IDS)
def test_readme_has_a_chinese_twin_in_step(english: Path) -> None:
    chinese = english.with_name("README.zh.md")
    assert chinese.is_file(), f"{english.relative_to(PROJECT)} has no README.zh.md beside it"
    en_text, zh_text = english.read_text(encoding="utf-8"), chinese.read_text(encoding="utf-8")
    en, zh = outline(en_text), outline(zh_text)
    problems = [p for p in (heading_mismatch(en, zh), fence_mismatch(en, zh)) if p]
    assert not problems, "\n".join(problems)
    assert first_line_links_to(en_text, "README.zh.md"), "the English must link the Chinese"
    assert first_line_links_to(zh_text, "README.md"), "the Chinese must link the English"
    prose = english_prose(zh)
    assert not prose, "English prose left in README.zh.md:\n" + "\n".join(prose)


EN = """\
# Title

## Use

```bash
make test   # the whole check
```

| a | b |
| --- | --- |
| a table row may hold as many English words as it likes, since it is a table |
"""


def test_translated_headings_and_comments_agree() -> None:
    zh = EN.replace("Title", "标题").replace("Use", "用法").replace("the whole check", "完整检查")
    assert heading_mismatch(outline(EN), outline(zh)) is None
    assert fence_mismatch(outline(EN), outline(zh)) is None
    assert english_prose(outline(zh)) == []


def test_a_missing_or_moved_heading_is_named() -> None:
    message = heading_mismatch(outline(EN), outline(EN.replace("## Use", "### Use")))
    assert message is not None and "!! h2 'Use' (line 3)  |  h3 'Use' (line 3)" in message
    message = heading_mismatch(outline(EN), outline(EN.replace("## Use\n", "")))
    assert message is not None and "!! h2 'Use' (line 3)  |  (none)" in message
    added = EN.replace("## Use\n", "## Use\n\n### Extra\n\n## Use again\n")
    message = heading_mismatch(outline(added), outline(EN))
    assert message is not None
    assert [r for r in message.splitlines() if r.startswith("!!")] == [
        "!! h3 'Extra' (line 5)  |  (none)",
        "!! h2 'Use again' (line 7)  |  (none)",
    ]


def test_a_changed_code_block_is_named() -> None:
    changed = EN.replace("make test ", "make lint ")
    message = fence_mismatch(outline(EN), outline(changed))
    assert message is not None
    assert "code block at English line 5, Chinese line 5, its line 1" in message
    assert "'make lint'" in message
    message = fence_mismatch(outline(EN), outline(changed.replace("```bash", "```sh")))
    assert message is not None and "language 'bash' vs 'sh'" in message
    message = fence_mismatch(outline("```yaml\na: 1\n```\n\n" + EN), outline(EN))
    assert message == "English code block at line 1 has no match in the Chinese"


def test_english_prose_outside_code_and_tables_is_found() -> None:
    line = "This sentence was left in English and it has clearly more than twelve words."
    doc = outline(EN + "\n" + line + "\n")
    assert english_prose(doc) == [f"line {len(doc.lines)}: {line}"]
    short = "见 `coachkit ingest contacts export.csv --mapping crm.yaml --check` 的输出。"
    assert english_prose(outline(short)) == []
