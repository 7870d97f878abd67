"""Standard scripts: a learner's own script checked for what a form can check.

A machine can see that the script is written down, estimate how long it takes
to say, find sentences too long for one breath, see a question put to the
customer, and see that a revision differs from the draft. It cannot hear the
script read aloud, listen to the recording or watch it used with a customer:
those steps are recorded as the learner reports them, and earn no points.

Lengths are measured in speaking time, so that a script in Chinese and the same
script in English are held to the same limits. The limits and the speaking rates
below are the kit's defaults; a trainer who wants others changes them here, and
the scoring rule shown to learners follows.
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

CJK_PER_SECOND = 4.0
"""Chinese characters a rep says per second at an easy pace."""

WORDS_PER_SECOND = 2.5
"""English words a rep says per second at an easy pace."""

MIN_SECONDS = 5
"""The least a written script (or a revision) must take to say: 20 characters, or
about 13 words."""

MAX_SECONDS = 90
"""The longest a script for one moment of a visit should take to say."""

MAX_SENTENCE_SECONDS = 9
"""The longest one sentence may take to say, to be said in one breath: 36 characters,
or about 22 words."""

SELF_REPORTED: tuple[str, ...] = ("ss_read_aloud", "ss_record", "ss_try")
"""The steps of the routine only the learner can vouch for."""

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[a-z0-9\"'])\.(?=\s|$)", re.IGNORECASE)
_QUESTION = re.compile(r"[?？]")


def speaking_seconds(text: str | None) -> float:
    """About how long ``text`` takes to say aloud, in seconds."""
    value = text or ""
    return len(_CJK.findall(value)) / CJK_PER_SECOND + len(_WORD.findall(value)) / WORDS_PER_SECOND


def written(text: str | None) -> bool:
    """Whether ``text`` is long enough to be a script: at least :data:`MIN_SECONDS` to say."""
    return speaking_seconds(text) >= MIN_SECONDS


def sentences(text: str | None) -> list[str]:
    """The sentences of ``text`` (split at full stops, question marks and line ends)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def longest_sentence(text: str | None) -> str:
    """The sentence of ``text`` that takes longest to say, or "" for no text."""
    return max(sentences(text), key=speaking_seconds, default="")


def revised(draft: str | None, revision: str | None) -> bool:
    """Whether ``revision`` is a real change to ``draft`` (not empty, not the same words)."""
    a = " ".join((draft or "").split())
    b = " ".join((revision or "").split())
    return bool(b) and difflib.SequenceMatcher(None, a, b).ratio() < 0.98


def limits() -> dict[str, str]:
    """The limits and speaking rates, formatted for the scoring rule."""
    return {
        "cps": f"{CJK_PER_SECOND:g}",
        "wps": f"{WORDS_PER_SECOND:g}",
        "least": f"{MIN_SECONDS:g}",
        "most": f"{MAX_SECONDS:g}",
        "breath": f"{MAX_SENTENCE_SECONDS:g}",
    }


def check_script(
    situation: ScriptSituation, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a learner's own script for the steps of the routine a form can see.

    One point each for: a draft written down (at least :data:`MIN_SECONDS` to
    say), a final version that takes at most :data:`MAX_SECONDS` to say, no
    sentence in it over :data:`MAX_SENTENCE_SECONDS`, a question to the
    customer in it, and a revision that changes the draft. The final version is
    the revision when it is written in full (at least :data:`MIN_SECONDS`),
    else the draft; a revision too short to be a script earns nothing. The
    steps only the learner can do (read aloud, record, try) get a line each
    saying what the learner reported, with no points.

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
    ok = written(draft)
    if ok:
        text = msg("fb.ss_written_ok", n=substance(draft))
    else:
        text = msg(
            "fb.ss_written_short",
            n=substance(draft),
            least=MIN_SECONDS,
            model=situation.model_script,
        )
    items.append(Feedback("written", ok, named(text, step("ss_write")), "ss_write", float(ok)))
    final = revision if written(revision) else draft
    in_full = written(final)
    seconds = speaking_seconds(final)
    ok = in_full and seconds <= MAX_SECONDS
    if not in_full:
        text = msg("fb.ss_length_unknown", most=MAX_SECONDS)
    else:
        key = "fb.ss_length_ok" if ok else "fb.ss_length_long"
        text = msg(key, seconds=f"{seconds:.0f}", most=MAX_SECONDS)
    term = "ss_read_aloud"
    items.append(Feedback("length", ok, named(text, step(term)), term, float(ok)))
    longest = longest_sentence(final)
    breath = {
        "most": MAX_SENTENCE_SECONDS,
        "chars": int(MAX_SENTENCE_SECONDS * CJK_PER_SECOND),
        "words": int(MAX_SENTENCE_SECONDS * WORDS_PER_SECOND),
    }
    ok = in_full and speaking_seconds(longest) <= MAX_SENTENCE_SECONDS
    if not in_full:
        text = msg("fb.ss_sentences_unknown")
    elif ok:
        text = msg("fb.ss_sentences_ok", **breath)
    else:
        text = msg("fb.ss_sentence_long", sentence=longest, **breath)
    items.append(Feedback("sentences", ok, named(text, step(term)), term, float(ok)))
    ok = bool(_QUESTION.search(final))
    key = "fb.ss_question_ok" if ok else "fb.ss_question_missing"
    items.append(Feedback("question", ok, named(msg(key), step("ss_try")), "ss_try", float(ok)))
    ok = written(revision) and revised(draft, revision)
    if ok:
        text = msg("fb.ss_revised_ok")
    elif revision.strip() and not written(revision):
        text = msg("fb.ss_revision_short", n=substance(revision))
    else:
        text = msg("fb.ss_revised_missing")
    items.append(Feedback("revised", ok, named(text, step("ss_revise")), "ss_revise", float(ok)))
    for term in SELF_REPORTED:
        key = "fb.ss_reported_done" if term in done else "fb.ss_reported_not_done"
        text = msg(key, step=step(term), todo=msg(f"fb.ss_todo.{term}"))
        items.append(Feedback(term, term in done, text, term))
    result = Result.from_points(exercise_id, items, 5.0)
    return result.with_rule("rule.own_script", **limits())
