"""Planning forms for key accounts: the three-step account plan and calling high.

The free-text parts are checked for what a form can check: that a part is
filled with more than a word or two, that a goal carries a number, that a
follow-up says when. The picked parts (whom to meet, the order, interests,
obstacles) are checked against the case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import AccountPlanCase, CallingHighCase, Pick, Text

MIN_SUBSTANCE = 4
"""The fewest words (Chinese characters count one each) a written part must hold."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+")
_NUMBER = re.compile(
    r"[0-9０-９]|[一二两三四五六七八九十百千万半]+\s*[成个家次倍万元吨箱月年周天台套方人款种%％]"
    r"|\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|half)\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"[0-9０-９]|今天|当天|明天|后天|本周|下周|下个?月|周[一二三四五六日]|星期|月底|[一二三四五六七八九十两]+\s*(天|周|个月|日)内?"
    r"|\b(today|tomorrow|week|month|monday|tuesday|wednesday|thursday|friday|same day|within)\b",
    re.IGNORECASE,
)

PLAN_SIDES: tuple[str, ...] = ("breadth", "height", "depth")
"""The three sides of the relationship an account plan's tactics cover."""


def substance(text: str | None) -> int:
    """How much a written part holds: Chinese characters plus Latin words and numbers."""
    value = text or ""
    return len(_CJK.findall(value)) + len(_WORD.findall(value))


def quantified(text: str | None) -> bool:
    """Whether a goal carries a number (digits, a Chinese numeral with a unit, a number word)."""
    return bool(_NUMBER.search(text or ""))


def says_when(text: str | None) -> bool:
    """Whether a plan says when (a date, a day, a number of days or weeks)."""
    return bool(_WHEN.search(text or ""))


def _written(
    item: str, ok: bool, key_ok: str, key_missing: str, model: Text, step: Text, term: str
) -> Feedback:
    text = msg(key_ok) if ok else msg(key_missing, model=model)
    return Feedback(item, ok, named(text, step), term, float(ok))


def check_account_plan(
    case: AccountPlanCase, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a three-step account plan and say what is missing.

    One point for each of: how we help the customer succeed (step 1); the
    goals (step 2: at least one, and every goal carries a number; a goal
    without one is named); and a tactic for each of breadth, height and
    depth (step 3). A missing part's line shows the case's model answer.

    Parameters
    ----------
    case : AccountPlanCase
        The account and its model answer.
    answer : mapping
        ``success`` (str), ``goals`` (list of str; blank ones are ignored),
        ``breadth``, ``height`` and ``depth`` (str).
    lib : Library, optional
        For the glossary names of the steps.

    Returns
    -------
    Result
        Out of 5.
    """
    exercise_id = f"account_plan:{case.id}"
    goals = [g.strip() for g in answer.get("goals") or [] if g and g.strip()]
    texts = [answer.get(k) for k in ("success", *PLAN_SIDES)]
    if not goals and not any(t and t.strip() for t in texts):
        return empty_answer(exercise_id, 5)
    m = case.model_answer

    def step(term: str) -> Text:
        return method_name(lib, term)

    items = [
        _written(
            "success",
            substance(answer.get("success")) >= MIN_SUBSTANCE,
            "fb.ka_plan_success_ok",
            "fb.ka_plan_success_missing",
            m.success,
            step("plan_success"),
            "plan_success",
        )
    ]
    vague = [g for g in goals if not quantified(g)]
    if not goals:
        text = msg("fb.ka_plan_goals_missing", model=m.goals[0])
        items.append(Feedback("goals", False, named(text, step("plan_goals")), "plan_goals", 0.0))
    elif vague:
        first = True
        for g in vague:
            text = msg("fb.ka_plan_goal_no_number", goal=Text(zh=g, en=g), model=m.goals[0])
            points = 0.0 if first else None
            items.append(
                Feedback("goals", False, named(text, step("plan_goals")), "plan_goals", points)
            )
            first = False
    else:
        text = msg("fb.ka_plan_goals_ok", n=len(goals))
        items.append(Feedback("goals", True, named(text, step("plan_goals")), "plan_goals", 1.0))
    for side in PLAN_SIDES:
        term = f"plan_{side}"
        ok = substance(answer.get(side)) >= MIN_SUBSTANCE
        text = (
            msg("fb.ka_plan_side_ok", side=step(term))
            if ok
            else msg("fb.ka_plan_side_missing", side=step(term), model=getattr(m, side))
        )
        items.append(Feedback(side, ok, named(text, step(term)), term, float(ok)))
    score = sum(1.0 for f in items if f.points == 1.0)
    missed = [f.method for f in items if not f.ok and f.method]
    result = Result(exercise_id, score, 5.0, items, sorted(set(missed)))  # type: ignore[arg-type]
    return result.with_rule("rule.ka_plan")


def _picks(picks: Sequence[Pick], chosen: Sequence[str]) -> float:
    """Right picks minus wrong picks over the number of right options, never below 0."""
    right = {p.id for p in picks if p.right}
    got = set(chosen)
    return max(0.0, (len(got & right) - len(got - right)) / len(right))


def check_calling_high(
    case: CallingHighCase, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a calling-high preparation and give feedback on each of its six parts.

    Whom to meet (1 point: the decision maker), the order of visits (1 point:
    the case's order, which passes the gatekeeper without bypassing them),
    the expected outcome (1 point: written out), the person's interests and
    the likely obstacles (up to 1 point each: right ticks minus wrong ones,
    over the right ones), and the follow-up (1 point: written out and saying
    when).

    Parameters
    ----------
    case : CallingHighCase
        The people, the order, the options and the model answers.
    answer : mapping
        ``who`` (person id), ``order`` (person ids, "" for an empty place),
        ``outcome`` (str), ``interests`` and ``obstacles`` (option ids),
        ``follow_up`` (str).
    lib : Library, optional
        For the glossary names of the parts.

    Returns
    -------
    Result
        Out of 6.
    """
    exercise_id = f"calling_high:{case.id}"
    order = [o for o in answer.get("order") or []]
    filled = [
        answer.get("who"),
        any(order),
        (answer.get("outcome") or "").strip(),
        answer.get("interests"),
        answer.get("obstacles"),
        (answer.get("follow_up") or "").strip(),
    ]
    if not any(filled):
        return empty_answer(exercise_id, 6)
    people = {p.id: p.name for p in case.people}

    def step(term: str) -> Text:
        return method_name(lib, term)

    items = []
    who = answer.get("who")
    ok = who == case.decision_maker
    if ok:
        text = msg("fb.ka_who_right", name=people[case.decision_maker])
    else:
        got = people.get(who) if who else None
        text = msg(
            "fb.ka_who_wrong", name=people[case.decision_maker], got=got or msg("label.none")
        )
    items.append(Feedback("who", ok, named(text, step("ch_who")), "ch_who", float(ok)))
    while order and not order[-1]:
        order.pop()
    ok = order == case.order
    names = [people[p] for p in case.order]
    key = "fb.ka_order_right" if ok else "fb.ka_order_wrong"
    text = msg(key, order=names, why=case.why_order)
    items.append(Feedback("order", ok, named(text, step("ch_order")), "ch_order", float(ok)))
    ok = substance(answer.get("outcome")) >= MIN_SUBSTANCE
    text = msg("fb.ka_outcome_ok") if ok else msg("fb.ka_outcome_missing", model=case.outcome)
    items.append(Feedback("outcome", ok, named(text, step("ch_outcome")), "ch_outcome", float(ok)))
    for part, picks, term in (
        ("interests", case.interests, "ch_interests"),
        ("obstacles", case.obstacles, "ch_obstacles"),
    ):
        chosen = list(answer.get(part) or [])
        points = _picks(picks, chosen)
        right = [p.text for p in picks if p.right]
        wrong = [p.text for p in picks if not p.right and p.id in chosen]
        key = "fb.ka_picks_right" if points == 1 else "fb.ka_picks_partial"
        text = msg(key, right=right)
        if wrong:
            text = msg("fb.ka_picks_wrong", text=text, wrong=wrong)
        items.append(Feedback(part, points == 1, named(text, step(term)), term, points))
    follow = answer.get("follow_up")
    long_enough = substance(follow) >= MIN_SUBSTANCE
    ok = long_enough and says_when(follow)
    if ok:
        text = msg("fb.ka_follow_up_ok")
    elif long_enough:
        text = msg("fb.ka_follow_up_no_date", model=case.follow_up)
    else:
        text = msg("fb.ka_follow_up_missing", model=case.follow_up)
    items.append(
        Feedback("follow_up", ok, named(text, step("ch_follow_up")), "ch_follow_up", float(ok))
    )
    score = sum(f.points or 0.0 for f in items)
    missed = sorted({f.method for f in items if not f.ok and f.method})
    result = Result(exercise_id, score, 6.0, items, missed)  # type: ignore[arg-type]
    return result.with_rule("rule.ka_calling_high")
