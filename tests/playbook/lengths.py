"""Grow the mini library to a size the length checks judge, with lengths chosen per step."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

Shape = Literal["tie", "longer", "shorter"]
"""How the best answer's length compares with the other one's."""

BEST: dict[Shape, dict[str, str]] = {
    "tie": {"zh": "好的", "en": "Right"},
    "longer": {"zh": "好的，我记下了", "en": "Right, noted"},
    "shorter": {"zh": "好的", "en": "Right"},
}
OTHER: dict[Shape, dict[str, str]] = {
    "tie": {"zh": "行吧", "en": "Fine!"},
    "longer": {"zh": "行吧", "en": "Fine!"},
    "shorter": {"zh": "行吧，先这样", "en": "Fine, leave it"},
}


def _texts(shape: Shape | tuple[Shape, Shape]) -> tuple[str, str]:
    """The best and the other answer, as YAML flow maps; a pair gives the zh and the en shape."""
    zh, en = (shape, shape) if isinstance(shape, str) else shape
    best = f'{{zh: "{BEST[zh]["zh"]}", en: "{BEST[en]["en"]}"}}'
    other = f'{{zh: "{OTHER[zh]["zh"]}", en: "{OTHER[en]["en"]}"}}'
    return best, other


def pad_scenario(root: Path, shapes: list[Shape | tuple[Shape, Shape]]) -> None:
    """Add one decision step per shape to the mini scenario, between its Verify and its win.

    Each step offers a best choice and a weak one, both using the Divide
    tactic (which may follow Verify), so no other check is affected.
    """
    path = root / "scenario.yaml"
    text = path.read_text("utf-8")
    assert text.count("next: won\n") == 1
    ids = [f"pad{n}" for n in range(1, len(shapes) + 1)]
    if ids:
        text = text.replace("next: won\n", f"next: {ids[0]}\n")
    for n, (sid, shape) in enumerate(zip(ids, shapes, strict=True)):
        nxt = ids[n + 1] if n + 1 < len(ids) else "won"
        best, weak = _texts(shape)
        text += (
            f"  - id: {sid}\n"
            "    customer: {zh: 还有呢？, en: Anything else?}\n"
            "    choices:\n"
            f"      - {{id: best, text: {best}, method_step: divide, score: 3,\n"
            f"         feedback: {{zh: 对, en: Good}}, next: {nxt}}}\n"
            f"      - {{id: weak, text: {weak}, method_step: divide, score: 1,\n"
            f"         feedback: {{zh: 弱, en: Weak}}, next: {nxt}}}\n"
        )
    path.write_text(text, "utf-8")


def pad_quiz(root: Path, shapes: list[Shape | tuple[Shape, Shape]]) -> None:
    """Add one single-answer item per shape to the mini quiz; the best option is the correct one."""
    path = root / "quiz.yaml"
    text = path.read_text("utf-8")
    for n, shape in enumerate(shapes, 1):
        best, other = _texts(shape)
        text += (
            f"  - id: pad{n}\n"
            "    type: single\n"
            "    topics: [question_funnel]\n"
            "    prompt: {zh: 选哪个？, en: Which one?}\n"
            "    options:\n"
            f"      - {{id: a, text: {best}, correct: true}}\n"
            f"      - {{id: b, text: {other}}}\n"
            "    explanation: {zh: 就是这样。, en: That is how it is.}\n"
        )
    path.write_text(text, "utf-8")
