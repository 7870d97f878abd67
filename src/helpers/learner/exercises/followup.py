"""Follow-up and relationships: grade accounts, plan visits, the probability principles,
and psychological distance."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from helpers.learner.exercises.result import Feedback, Result, empty_answer, msg
from helpers.playbook.models import AccountCase, CadenceDoc, DistanceStage, Text

MAN_LETTERS = ("money", "authority", "need")
GRADES = ("A", "B", "C", "D")
DISTANCE_PROFILES = 3
"""How many customer profiles the psychological-distance exercise shows."""


def normalise_grade(answer: str | None) -> str:
    """A grade as typed or picked, read leniently: "a", " A ", "A级", "a 级" all give "A".

    Parameters
    ----------
    answer : str or None
        What the learner gave.

    Returns
    -------
    str
        The upper-cased letter with surrounding space and a trailing 级 removed
        ("" for no answer). It may still be something other than A-D.
    """
    text = (answer or "").strip()
    text = text.removesuffix("级").strip()
    return text.upper()


def grade_account(case: AccountCase, answer: str | None) -> Result:
    """Grade giving an account its A-D grade.

    The feedback gives the case's reason and names any MAN letter that is
    missing or unknown. The letter is read case-insensitively and a trailing
    级 is accepted ("a", "A级"); anything else than A-D is named as not one of
    the options.

    Parameters
    ----------
    case : AccountCase
        The account case.
    answer : str or None
        The grade the learner gave.

    Returns
    -------
    Result
        Out of 1.
    """
    exercise_id = f"account_grade:{case.id}"
    got = normalise_grade(answer)
    if not got:
        return empty_answer(exercise_id, 1)
    ok = got == case.grade
    items = []
    if got not in GRADES:
        items.append(Feedback(got, False, msg("fb.unknown_option", name=(answer or "").strip())))
    items.append(
        Feedback(
            case.id,
            ok,
            msg(
                "fb.grade_right" if ok else "fb.grade_wrong",
                grade=case.grade,
                got=got if got in GRADES else msg("label.none"),
                why=case.why,
            ),
            "grading_cadence",
        )
    )
    gaps = [m for m in MAN_LETTERS if getattr(case.man, m) is not True]
    for letter in gaps:
        state = "fb.man_no" if getattr(case.man, letter) is False else "fb.man_unknown"
        items.append(Feedback(letter, False, msg(state, letter=msg(f"man.{letter}")), letter))
    return Result(exercise_id, float(ok), 1.0, items, [] if ok else ["grading_cadence"])


Slot = tuple[int, str]
"""A visit slot: (week 1-4, "am" or "pm")."""


def check_visit_plan(
    cadence: CadenceDoc,
    grades: Mapping[str, str],
    plan: Mapping[str, Sequence[Slot]],
    names: Mapping[str, Text] | None = None,
) -> Result:
    """Check a four-week visit plan against the cadence rules.

    Parameters
    ----------
    cadence : CadenceDoc
        The grade rules: the week of the cycle each grade is visited in, the
        time of day for A, and the minimum visits per month.
    grades : mapping
        Account id -> grade (A-D).
    plan : mapping
        Account id -> visit slots ``(week, "am"|"pm")``.
    names : mapping, optional
        Account id -> display name for the feedback (default: the id).

    Each account earns one point when it is visited at least as often as its
    grade asks, in its grade's week, and (for a grade with a time of day) in
    the morning. A slot planned twice for one account is one visit, and is
    named; accounts not in ``grades`` and slots outside weeks 1-4, morning or
    afternoon, are named as not options.
    """
    exercise_id = "visit_plan"
    if not any(plan.values()):
        return empty_answer(exercise_id, len(grades))
    rules = {g.id: g for g in cadence.grades}
    items: list[Feedback] = [
        Feedback(a, False, msg("fb.unknown_option", name=a))
        for a, slots in plan.items()
        if a not in grades and slots
    ]
    missed: list[str] = []
    score = 0
    for account, grade in grades.items():
        rule = rules[grade]
        label = (names or {}).get(account, account)
        planned = list(plan.get(account, []))
        slots = [s for s in dict.fromkeys(planned) if _valid_slot(s)]
        for slot in dict.fromkeys(planned):
            if not _valid_slot(slot):
                name = f"{slot[0]}-{slot[1]}" if len(slot) == 2 else str(slot)
                items.append(Feedback(account, False, msg("fb.unknown_option", name=name)))
            elif planned.count(slot) > 1:
                line = msg(
                    "fb.plan_account",
                    account=label,
                    problem=msg("fb.duplicate", name=slot_label(slot)),
                )
                items.append(Feedback(account, False, line, "grading_cadence"))
        problems = []
        if len(slots) < rule.min_visits_per_month:
            problems.append(
                msg("fb.plan_too_few", n=len(slots), want=f"{rule.min_visits_per_month:g}")
            )
        if slots and not any(week == rule.visit_week for week, _ in slots):
            problems.append(msg("fb.plan_wrong_week", week=rule.visit_week, grade=grade))
        if (
            slots
            and rule.time_of_day is not None
            and not any(week == rule.visit_week and part == "am" for week, part in slots)
        ):
            problems.append(msg("fb.plan_morning", grade=grade))
        if problems:
            for n, p in enumerate(problems):
                text = msg("fb.plan_account", account=label, problem=p)
                # the account's point is lost once, on its first problem
                items.append(
                    Feedback(account, False, text, "grading_cadence", 0.0 if n == 0 else None)
                )
            missed.append("grading_cadence")
        else:
            score += 1
            text = msg("fb.plan_ok", account=label, grade=grade)
            items.append(Feedback(account, True, text, "grading_cadence", 1.0))
    result = Result(exercise_id, float(score), float(len(grades)), items, sorted(set(missed)))
    return result.with_rule("rule.visit_plan")


def _valid_slot(slot: object) -> bool:
    return (
        isinstance(slot, tuple | list)
        and len(slot) == 2
        and slot[0] in (1, 2, 3, 4)
        and slot[1] in ("am", "pm")
    )


def slot_label(slot: Slot) -> Text:
    """A visit slot in words, e.g. 第 1 周上午 / Week 1 morning."""
    week, part = slot
    return msg("ui.slot", week=week, part=msg(f"ui.{part}"))


@dataclass(frozen=True)
class Forecast:
    """What the probability principles predict for a rep's activity.

    Attributes
    ----------
    leads : int
        Leads contacted.
    contacts_per_lead : float
        Effective contacts per lead over the period.
    conversion : float
        Share of fully followed leads that become deals (the method: 1-5% for a new rep).
    followed_share : float
        ``min(1, contacts_per_lead / park_after)``: how far, on average, each
        lead has been followed towards the twelve contacts a first order takes.
    expected_deals : float
        ``leads * conversion * followed_share``.
    p_at_least_one : float
        ``1 - (1 - conversion * followed_share) ** leads``.
    """

    leads: int
    contacts_per_lead: float
    conversion: float
    followed_share: float
    expected_deals: float
    p_at_least_one: float


def lead_conversion(
    conversion: float | np.ndarray, contacts_per_lead: float | np.ndarray, rule: int
) -> float | np.ndarray:
    """One lead's chance of becoming a deal: the conversion rate once it has had the
    ``rule`` effective contacts a first order takes, proportionally less before that."""
    return conversion * np.minimum(1.0, np.asarray(contacts_per_lead, dtype=float) / rule)


def expected_deals(leads: int | np.ndarray, p: float | np.ndarray) -> float | np.ndarray:
    """Expected deals from ``leads`` leads that each convert with chance ``p``."""
    return leads * p


def chance_of_a_deal(leads: int | np.ndarray, p: float | np.ndarray) -> float | np.ndarray:
    """The chance of at least one deal from ``leads`` leads that each convert with chance ``p``."""
    return 1 - (1 - p) ** leads


def forecast(
    cadence: CadenceDoc, leads: int, contacts_per_lead: float, conversion: float
) -> Forecast:
    """Expected deals from leads and contacts, by the quantity and time principles.

    The kit's simple model (:func:`lead_conversion`): a lead converts with
    probability ``conversion`` once it has had the twelve effective contacts
    the method says a first order takes, and proportionally less before that.

    Raises
    ------
    ValueError
        If a number is negative or ``conversion`` is not between 0 and 1.
    """
    if leads < 0 or contacts_per_lead < 0:
        raise ValueError("leads and contacts must not be negative")
    if not 0 <= conversion <= 1:
        raise ValueError("conversion must be a share between 0 and 1")
    need = cadence.contact_rule.park_after_contacts
    p = float(lead_conversion(conversion, contacts_per_lead, need))
    followed = min(1.0, contacts_per_lead / need)
    return Forecast(
        leads,
        contacts_per_lead,
        conversion,
        followed,
        float(expected_deals(leads, p)),
        float(chance_of_a_deal(leads, p)),
    )


def forecast_curves(
    cadence: CadenceDoc, max_leads: int = 200, contacts_per_lead: float | None = None
) -> dict[str, np.ndarray]:
    """Expected deals and the chance of a first deal against leads contacted (0 to
    ``max_leads``), at the low and high ends of the method's conversion benchmark.

    Returns
    -------
    dict
        ``leads`` and, for ``low`` and ``high``, ``deals_<end>`` and ``p_first_<end>`` (0-1).
    """
    bench = cadence.conversion.new_rep_lead_to_deal
    rule = cadence.contact_rule.park_after_contacts
    contacts = float(rule) if contacts_per_lead is None else contacts_per_lead
    leads = np.arange(0, max_leads + 1)
    out: dict[str, np.ndarray] = {"leads": leads}
    for name, rate in (("low", bench.min), ("high", bench.max)):
        p = lead_conversion(rate, contacts, rule)
        out[f"deals_{name}"] = expected_deals(leads, p)
        out[f"p_first_{name}"] = chance_of_a_deal(leads, p)
    return out


def distance_stage(cadence: CadenceDoc, known: Sequence[str]) -> DistanceStage | None:
    """The psychological-distance stage a profile shows.

    A stage is reached when every profile field of that stage and of each
    earlier stage is known. Returns None when not even the first is reached.
    """
    have = set(known)
    reached = None
    for stage in sorted(cadence.distance_stages, key=lambda s: s.order):
        fields = {f.id for f in cadence.profile_fields if f.stage == stage.id}
        if fields <= have:
            reached = stage
        else:
            break
    return reached


def distance_profile(cadence: CadenceDoc, seed: int) -> list[str]:
    """The profile fields known in the ``seed``-th profile of the distance exercise.

    Every earlier stage is complete, and some (never all) of the next
    stage's fields are known, so each profile sits clearly at one stage.

    Parameters
    ----------
    cadence : CadenceDoc
        The distance stages and profile fields.
    seed : int
        Which profile: the same seed always gives the same fields.

    Returns
    -------
    list of str
        Profile field ids.
    """
    rng = random.Random(seed)
    stages = sorted(cadence.distance_stages, key=lambda s: s.order)
    reach = rng.randrange(len(stages) + 1)
    fields = [f for f in cadence.profile_fields if f.stage in {s.id for s in stages[:reach]}]
    if reach < len(stages):
        nxt = [f for f in cadence.profile_fields if f.stage == stages[reach].id]
        fields += nxt[: rng.randrange(len(nxt))] if nxt else []
    return [f.id for f in fields]


def distance_exercise_id(seed: int) -> str:
    """The stable exercise id of the ``seed``-th distance profile (``distance:profile_<n>``)."""
    return f"distance:profile_{seed + 1}"


def place_profile(
    cadence: CadenceDoc,
    known: Sequence[str],
    answer: str | None,
    exercise_id: str | None = None,
) -> Result:
    """Grade placing a customer profile on the distance stages.

    Parameters
    ----------
    cadence : CadenceDoc
        The distance stages and profile fields.
    known : sequence of str
        The profile field ids the profile holds (unknown ids are ignored).
    answer : str or None
        A distance stage id, or "none" for not at any stage yet; anything
        else (e.g. a stage's name) is named as not one of the options.
    exercise_id : str, optional
        The id to record (see :func:`distance_exercise_id`); by default one
        made from the known fields.

    Returns
    -------
    Result
        Out of 1, with a line on what to find out to reach the next stage.
    """
    exercise_id = exercise_id or "distance:" + ".".join(sorted(known))[:140]
    if not answer:
        return empty_answer(exercise_id, 1)
    stage = distance_stage(cadence, known)
    names = {s.id: s.name for s in cadence.distance_stages}
    extra = []
    if answer != "none" and answer not in names:
        extra.append(Feedback(answer, False, msg("fb.unknown_option", name=answer)))
    if stage is None:
        ok = answer == "none"
        text = msg("fb.distance_none")
        items = [*extra, Feedback("stage", ok, text, "psychological_distance")]
        return Result(exercise_id, float(ok), 1.0, items, [] if ok else ["psychological_distance"])
    ok = answer == stage.id
    missing_next = [
        f.name
        for f in cadence.profile_fields
        if f.stage in {s.id for s in cadence.distance_stages if s.order == stage.order + 1}
        and f.id not in set(known)
    ]
    key = "fb.distance_right" if ok else "fb.distance_wrong"
    got = names.get(answer) or msg("ui.not_yet" if answer == "none" else "label.none")
    items = [
        *extra,
        Feedback(
            "stage",
            ok,
            msg(key, stage=stage.name, got=got, description=stage.description),
            "psychological_distance",
        ),
    ]
    if missing_next:
        nxt = next(s for s in cadence.distance_stages if s.order == stage.order + 1)
        items.append(
            Feedback(
                "next",
                True,
                msg("fb.distance_next", stage=nxt.name, fields=missing_next),
                "psychological_distance",
            )
        )
    return Result(exercise_id, float(ok), 1.0, items, [] if ok else ["psychological_distance"])
