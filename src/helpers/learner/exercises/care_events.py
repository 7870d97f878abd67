"""Responding to a customer's news: the action, how soon, and what to say and not say."""

from __future__ import annotations

from collections.abc import Sequence

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import LOCALES, EventCase, Move, Pick, Text

_CLOSING_QUOTES: tuple[str, ...] = ("”", '"', "’", "'")
_SENTENCE_ENDS: tuple[str, ...] = (*_CLOSING_QUOTES, ".", "?", "!", "。", "？", "！")


def pick_points(picks: Sequence[Pick], chosen: Sequence[str]) -> float:
    """Right picks minus wrong picks over the number of right options, never below 0."""
    right = {p.id for p in picks if p.right}
    got = set(chosen)
    return max(0.0, (len(got & right) - len(got - right)) / len(right))


def stop_after(texts: Sequence[Text]) -> Text:
    """The full stop that closes a sentence ending on the last of ``texts``.

    Parameters
    ----------
    texts : sequence of Text
        What the sentence ends on (a list of lines, or one line).

    Returns
    -------
    Text
        The language's full stop, or nothing where the last text already
        ends on a quote or a sentence's end.
    """
    stop = msg("sep.stop")
    return Text(
        **{
            loc: "" if texts and texts[-1].get(loc).endswith(_SENTENCE_ENDS) else stop.get(loc)
            for loc in LOCALES
        }
    )


def _move_line(part: str, moves: Sequence[Move], chosen: str | None) -> tuple[bool, Text]:
    fitting = next(m for m in moves if m.fits)
    picked = next((m for m in moves if m.id == chosen), None)
    if picked is None:
        key = "fb.unknown_option" if chosen else f"fb.rm_{part}_missing"
        first = msg(key, name=chosen or "")
        text = msg(f"fb.rm_{part}_fits", first=first, best=fitting.text, why=fitting.why)
        return False, text
    if picked.fits:
        return True, msg(f"fb.rm_{part}_right", why=picked.why)
    return False, msg(
        f"fb.rm_{part}_wrong", why=picked.why, best=fitting.text, best_why=fitting.why
    )


def grade_event_response(
    case: EventCase,
    action: str | None,
    timing: str | None,
    lines: Sequence[str],
    lib: Library | None = None,
) -> Result:
    """Grade the response to a customer's event.

    One point for the action that fits, one for the timing, and up to one for
    what to say: right ticks minus wrong ones over the right ones, never below
    0. Wrong choices say why and what fits.

    Parameters
    ----------
    case : EventCase
        The situation, the options and which fit.
    action, timing : str or None
        The ids of the action and the timing the learner picked.
    lines : sequence of str
        Ids of the lines the learner would say.
    lib : Library, optional
        For the glossary name of the case's term.

    Returns
    -------
    Result
        Out of 3.
    """
    exercise_id = f"care_event:{case.id}"
    if not action and not timing and not lines:
        return empty_answer(exercise_id, 3)
    step = method_name(lib, case.term)
    items = []
    for part, moves, chosen in (("action", case.actions, action), ("timing", case.timings, timing)):
        ok, text = _move_line(part, moves, chosen)
        items.append(Feedback(part, ok, named(text, step), case.term, float(ok)))
    points = pick_points(case.lines, lines)
    right = [p.text for p in case.lines if p.right]
    wrong = [p.text for p in case.lines if not p.right and p.id in lines]
    key = "fb.rm_say_right" if points == 1 else "fb.rm_say_partial"
    text = msg(key, right=right, stop=stop_after(right))
    if wrong:
        text = msg("fb.rm_say_wrong", text=text, wrong=wrong, stop=stop_after(wrong))
    items.append(Feedback("lines", points == 1, named(text, step), case.term, points))
    return Result.from_points(exercise_id, items, 3.0, case.term).with_rule("rule.rm_event")
