"""Standard scripts: a learner's own script checked for what a form can check.

A machine can see that the script is written down, estimate how long it takes
to say, find sentences too long for one breath, see a question put to the
customer, and see that a revision differs from the draft. It cannot hear the
script read aloud, listen to the recording or watch it used with a customer:
those steps are recorded as the learner reports them, and earn no points.

Lengths are measured in speaking time, so that a script in Chinese and the same
script in English are held to the same limits. The speaking rates and the limits
are content (``limits`` of the ``script_practice`` document, a
:class:`~helpers.playbook.models.ScriptLimits`); a trainer who wants others edits
them there, and the scoring rule shown to learners follows.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from typing import Any

from helpers.learner.exercises.plans import _CJK, _WORD, substance
from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import ScriptLimits, ScriptPracticeDoc, ScriptSituation

DEFAULT_LIMITS = ScriptLimits()
"""The kit's speaking rates and limits, for a script checked without its document."""

SELF_REPORTED: tuple[str, ...] = ("ss_read_aloud", "ss_record", "ss_try")
"""The steps of the routine only the learner can vouch for (terms of ``standard_scripts``,
each with a ``fb.ss_todo.<term>`` message): what a form cannot see, not a figure to tune."""

_SENTENCE_END = re.compile(r"[。！？!?；;\n]+|(?<=[a-z0-9\"'])\.(?=\s|$)", re.IGNORECASE)
_QUESTION = re.compile(r"[?？]")


def speaking_seconds(text: str | None, rules: ScriptLimits = DEFAULT_LIMITS) -> float:
    """About how long ``text`` takes to say aloud, in seconds, at the rates of ``rules``."""
    value = text or ""
    return (
        len(_CJK.findall(value)) / rules.chinese_chars_per_second
        + len(_WORD.findall(value)) / rules.english_words_per_second
    )


def written(text: str | None, rules: ScriptLimits = DEFAULT_LIMITS) -> bool:
    """Whether ``text`` is long enough to be a script: at least ``rules.min_seconds`` to say."""
    return speaking_seconds(text, rules) >= rules.min_seconds


def sentences(text: str | None) -> list[str]:
    """The sentences of ``text`` (split at full stops, question marks and line ends)."""
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s and s.strip()]


def longest_sentence(text: str | None, rules: ScriptLimits = DEFAULT_LIMITS) -> str:
    """The sentence of ``text`` that takes longest to say, or "" for no text."""
    return max(sentences(text), key=lambda x: speaking_seconds(x, rules), default="")


def revised(draft: str | None, revision: str | None) -> bool:
    """Whether ``revision`` is a real change to ``draft`` (not empty, not the same words)."""
    a = " ".join((draft or "").split())
    b = " ".join((revision or "").split())
    return bool(b) and difflib.SequenceMatcher(None, a, b).ratio() < 0.98


def limits_for(lib: Library | None, situation_id: str | None = None) -> ScriptLimits:
    """The limits of the ``script_practice`` document holding ``situation_id``.

    Without a situation, those of the first such document; the kit's defaults
    when the library has none (or no library is given).
    """
    docs: list[ScriptPracticeDoc] = lib.of_kind("script_practice") if lib is not None else []
    for doc in docs:
        if situation_id is None or any(x.id == situation_id for x in doc.situations):
            return doc.limits
    return DEFAULT_LIMITS


def limits(rules: ScriptLimits = DEFAULT_LIMITS) -> dict[str, str]:
    """The limits and speaking rates of ``rules``, formatted for the scoring rule."""
    return {
        "cps": f"{rules.chinese_chars_per_second:g}",
        "wps": f"{rules.english_words_per_second:g}",
        "least": f"{rules.min_seconds:g}",
        "most": f"{rules.max_seconds:g}",
        "breath": f"{rules.max_sentence_seconds:g}",
    }


def check_script(
    situation: ScriptSituation,
    answer: Mapping[str, Any],
    lib: Library | None = None,
    rules: ScriptLimits | None = None,
) -> Result:
    """Check a learner's own script for the steps of the routine a form can see.

    One point each for: a draft written down (at least ``min_seconds`` to say),
    a final version that takes at most ``max_seconds`` to say, no sentence in
    it over ``max_sentence_seconds``, a question to the customer in it, and a
    revision that changes the draft. The final version is the revision when it
    is written in full (at least ``min_seconds``), else the draft; a revision
    too short to be a script earns nothing. The steps only the learner can do
    (read aloud, record, try) get a line each saying what the learner
    reported, with no points.

    Parameters
    ----------
    situation : ScriptSituation
        The moment the script is for, with a model script for the feedback.
    answer : mapping
        ``draft`` and ``revision`` (str), and ``done``: the ids of the
        self-reported steps the learner ticked.
    lib : Library, optional
        For the glossary names of the steps, and the limits of the document
        that holds ``situation``.
    rules : ScriptLimits, optional
        The speaking rates and limits; by default those of the situation's
        document in ``lib`` (the kit's defaults without one).

    Returns
    -------
    Result
        Out of 5.
    """
    exercise_id = f"own_script:{situation.id}"
    lim = rules if rules is not None else limits_for(lib, situation.id)
    draft = answer.get("draft") or ""
    revision = answer.get("revision") or ""
    done = set(answer.get("done") or [])
    if not draft.strip() and not revision.strip() and not done:
        return empty_answer(exercise_id, 5)

    def step(term: str) -> Any:
        return method_name(lib, term)

    items: list[Feedback] = []
    ok = written(draft, lim)
    if ok:
        text = msg("fb.ss_written_ok", n=substance(draft))
    else:
        text = msg(
            "fb.ss_written_short",
            n=substance(draft),
            least=lim.min_seconds,
            model=situation.model_script,
        )
    items.append(Feedback("written", ok, named(text, step("ss_write")), "ss_write", float(ok)))
    final = revision if written(revision, lim) else draft
    in_full = written(final, lim)
    seconds = speaking_seconds(final, lim)
    ok = in_full and seconds <= lim.max_seconds
    if not in_full:
        text = msg("fb.ss_length_unknown", most=lim.max_seconds)
    else:
        key = "fb.ss_length_ok" if ok else "fb.ss_length_long"
        text = msg(key, seconds=f"{seconds:.0f}", most=lim.max_seconds)
    term = "ss_read_aloud"
    items.append(Feedback("length", ok, named(text, step(term)), term, float(ok)))
    longest = longest_sentence(final, lim)
    breath = {
        "most": lim.max_sentence_seconds,
        "chars": int(lim.max_sentence_seconds * lim.chinese_chars_per_second),
        "words": int(lim.max_sentence_seconds * lim.english_words_per_second),
    }
    ok = in_full and speaking_seconds(longest, lim) <= lim.max_sentence_seconds
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
    ok = written(revision, lim) and revised(draft, revision)
    if ok:
        text = msg("fb.ss_revised_ok")
    elif revision.strip() and not written(revision, lim):
        text = msg("fb.ss_revision_short", n=substance(revision))
    else:
        text = msg("fb.ss_revised_missing")
    items.append(Feedback("revised", ok, named(text, step("ss_revise")), "ss_revise", float(ok)))
    for term in SELF_REPORTED:
        key = "fb.ss_reported_done" if term in done else "fb.ss_reported_not_done"
        text = msg(key, step=step(term), todo=msg(f"fb.ss_todo.{term}"))
        items.append(Feedback(term, term in done, text, term))
    result = Result.from_points(exercise_id, items, 5.0)
    return result.with_rule("rule.own_script", **limits(lim))
