"""Standard scripts: a learner's own script checked for what a form can check.

A machine can see that the script is written down, estimate how long it takes
to say, find sentences too long for one breath, see a question put to the
customer, and see that a revision differs from the draft. It cannot hear the
script read aloud, listen to the recording or watch it used with a customer:
those steps are recorded as the learner reports them, and earn no points.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from helpers.learner.exercises.plans import _CJK, _WORD, substance
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import ScriptSituation

MIN_WORDS = 20
"""The fewest words (Chinese characters count one each) a written script must hold."""

CJK_PER_SECOND = 4.0
"""Chinese characters a rep says per second at an easy pace."""

WORDS_PER_SECOND = 2.5
"""English words a rep says per second at an easy pace."""

MAX_SECONDS = 90
"""The longest a script for one moment of a visit should take to say."""

MAX_SENTENCE = 35
"""The most words (Chinese characters count one each) in a sentence said in one breath."""

SELF_REPORTED: tuple[str, ...] = ("ss_read_aloud", "ss_record", "ss_try")
"""The steps of the routine only the learner can vouch for."""

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[a-z0-9\"'])\.(?=\s|$)", re.IGNORECASE)
_QUESTION = re.compile(r"[?？]")


def speaking_seconds(text: str | None) -> float:
    """About how long ``text`` takes to say aloud, in seconds."""
    value = text or ""
    return len(_CJK.findall(value)) / CJK_PER_SECOND + len(_WORD.findall(value)) / WORDS_PER_SECOND


def sentences(text: str | None) -> list[str]:
    """The sentences of ``text`` (split at full stops, question marks and line ends)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def longest_sentence(text: str | None) -> str:
    """The sentence of ``text`` with the most words, or "" for no text."""
    return max(sentences(text), key=substance, default="")


def revised(draft: str | None, revision: str | None) -> bool:
    """Whether ``revision`` is a real change to ``draft`` (not empty, not the same words)."""
    a = " ".join((draft or "").split())
    b = " ".join((revision or "").split())
    return bool(b) and difflib.SequenceMatcher(None, a, b).ratio() < 0.98


def check_script(
    situation: ScriptSituation, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a learner's own script for the steps of the routine a form can see.

    One point each for: a draft written down (at least :data:`MIN_WORDS`
    words), a final version (the revision, else the draft) that takes at most
    :data:`MAX_SECONDS` to say, no sentence over :data:`MAX_SENTENCE` words, a
    question to the customer, and a revision that changes the draft. The steps
    only the learner can do (read aloud, record, try) get a line each saying
    what the learner reported, with no points.

    Parameters
    ----------
    situation : ScriptSituation
        The moment the script is for, with a model script for the feedback.
    answer : mapping
        ``draft`` and ``revision`` (str), and ``done``: the ids of the
        self-reported steps the learner ticked.
    lib : Library, optional
        For the glossary names of the steps.

    Returns
    -------
    Result
        Out of 5.
    """
    exercise_id = f"own_script:{situation.id}"
    draft = answer.get("draft") or ""
    revision = answer.get("revision") or ""
    done = set(answer.get("done") or [])
    if not draft.strip() and not revision.strip() and not done:
        return empty_answer(exercise_id, 5)

    def step(term: str) -> Any:
        return method_name(lib, term)

    items: list[Feedback] = []
    words = substance(draft)
    ok = words >= MIN_WORDS
    if ok:
        text = msg("fb.ss_written_ok", n=words)
    else:
        text = msg("fb.ss_written_short", n=words, least=MIN_WORDS, model=situation.model_script)
    items.append(Feedback("written", ok, named(text, step("ss_write")), "ss_write", float(ok)))
    final = revision if revision.strip() else draft
    seconds = speaking_seconds(final)
    ok = words >= MIN_WORDS and seconds <= MAX_SECONDS
    key = "fb.ss_length_ok" if ok else "fb.ss_length_long"
    if words < MIN_WORDS:
        key = "fb.ss_length_unknown"
    text = msg(key, seconds=f"{seconds:.0f}", most=MAX_SECONDS)
    term = "ss_read_aloud"
    items.append(Feedback("length", ok, named(text, step(term)), term, float(ok)))
    longest = longest_sentence(final)
    ok = bool(final.strip()) and substance(longest) <= MAX_SENTENCE
    if ok:
        text = msg("fb.ss_sentences_ok", most=MAX_SENTENCE)
    else:
        text = msg("fb.ss_sentence_long", sentence=longest, most=MAX_SENTENCE)
    items.append(Feedback("sentences", ok, named(text, step(term)), term, float(ok)))
    ok = bool(_QUESTION.search(final))
    key = "fb.ss_question_ok" if ok else "fb.ss_question_missing"
    items.append(Feedback("question", ok, named(msg(key), step("ss_try")), "ss_try", float(ok)))
    ok = revised(draft, revision)
    key = "fb.ss_revised_ok" if ok else "fb.ss_revised_missing"
    items.append(
        Feedback("revised", ok, named(msg(key), step("ss_revise")), "ss_revise", float(ok))
    )
    for term in SELF_REPORTED:
        key = "fb.ss_reported_done" if term in done else "fb.ss_reported_not_done"
        text = msg(key, step=step(term), todo=msg(f"fb.ss_todo.{term}"))
        items.append(Feedback(term, term in done, text, term))
    score = sum(f.points or 0.0 for f in items)
    missed = sorted({f.method for f in items if not f.ok and f.method})
    result = Result(exercise_id, score, 5.0, items, missed)  # type: ignore[arg-type]
    return result.with_rule("rule.own_script")
