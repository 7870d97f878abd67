"""Planning forms for key accounts: the three-step account plan and calling high.

The free-text parts are checked for what a form can check: that a part is
filled with more than a word or two, that a goal says how much and by when,
that a follow-up says when. The picked parts (whom to meet, the order, interests,
obstacles) are checked against the case.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import AccountPlanCase, CallingHighCase, Pick, Text

MIN_CHARS = 6
"""The fewest Chinese characters a written part must hold (when written in Chinese)."""

MIN_WORDS = 3
"""The fewest words a written part must hold (when written in English)."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9]+(?:[.,'][A-Za-z0-9]+)*")

# A Chinese numeral, as written in figures or characters; 几 ("a few") is no number.
_ZH_NUM = r"[零〇一二两三四五六七八九十百千万亿]"
_DIGITS = r"[0-9０-９]+(?:[.,，][0-9０-９]+)*"
# What a Chinese numeral counts (periods such as 三个月, 半年 are not counted: they say
# when); 一 before a measure word of _ZH_ARTICLE is usually "a" (一个店长, 一家伙伴)
# and counts only after a verb that says what grows.
_ZH_UNIT = (
    r"(?:成|倍|半|个(?!月)|家|次|万|亿|千|百|元|块|吨|箱|件|台|套|方|人|名|位|款|种|项|店|条|所|间"
    r"|张|户|批|单|车|包|瓶|盒|袋|公斤|千克|斤|米|平|立方|折|%|％|天|小时)"
)
_ZH_ARTICLE = "个家位名种款条项所间张批"
_ZH_GROW = (
    r"(?:新增|增加|多开|新开|再开|开|上架|进|拿下|签下?|达到|超过|提高|提升|增长|扩大到|扩展到)"
)
_EN_NUM_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen"
    "|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
    "|hundred|thousand|million|billion|dozen|dozens|half|twice|double|doubled|doubles|doubling"
    "|triple|tripled|triples|tripling|treble|trebled|quadruple|quadrupled|percent"
)
# What "all" or "every" counts in a goal: outlets, customers, sites, lines and places.
_ZH_COUNTED = (
    r"(?:门店|分店|新店|店|网点|终端|客户|医院|科室|药房|学校|工地|项目|品种|产品|单品|经销商|分销商"
    r"|超市|商场|城市|区县|县|地区|区域)"
)
_EN_COUNTED = (
    r"(?:stores?|shops?|outlets?|branch(?:es)?|pharmac(?:y|ies)|hospitals?|departments?|customers?"
    r"|accounts?|sites?|lines?|products?|dealers?|distributors?|supermarkets?|count(?:y|ies)"
    r"|regions?|cit(?:y|ies))"
)
_QUANTITY = re.compile(
    rf"{_DIGITS}\s*[%％]?"
    rf"|百分之{_ZH_NUM}+"
    rf"|{_ZH_NUM}+分之{_ZH_NUM}+"
    r"|翻[一两三]?番|翻倍|加倍|成倍|倍增"
    rf"|(?<!第)(?:{_ZH_NUM}*[二两三四五六七八九十百千万亿零〇]|{_ZH_NUM}{{2,}}){_ZH_UNIT}"
    rf"|(?<![第{_ZH_NUM[1:-1]}])一(?![{_ZH_ARTICLE}]){_ZH_UNIT}"
    rf"|{_ZH_GROW}\s*一[{_ZH_ARTICLE}]"
    r"|\b(?<!number )(?<!no )one\b(?! of\b| another\b)"
    rf"|\b(?:{_EN_NUM_WORDS})\b"
    r"|\bper ?cent\b|\ba (?:third|quarter|fifth|tenth)\b|\btwo thirds\b"
    # "all new stores", 所有新店, 每一家门店: everything of a kind is an amount too
    rf"|(?:所有|全部|每一?[家个间所])的?\s*(?:新|现有的?|在营的?)?{_ZH_COUNTED}"
    r"|\b(?:all|every|each)\s+(?:(?:of\s+)?(?:their|its|the|our)\s+)?"
    rf"(?:new\s+|existing\s+|current\s+)?{_EN_COUNTED}\b",
    re.IGNORECASE,
)
_EN_COUNT = (
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|eighteen"
    r"|twenty|thirty|a few|a couple of|several|half a)"
)
_EN_MONTHS = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
)
_EN_SPAN = r"(?:days?|weeks?|fortnights?|months?|quarters?|years?|business days|working days)"
_EN_DAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_EN_DATE = (
    rf"(?:{_EN_MONTHS}|{_EN_DAYS}|year|quarter|month|week|q[1-4]|\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)"
    r"|spring|summer|autumn|winter|christmas|new year|year-end|mid[- ]?year|half-year)"
)
_DEADLINE = re.compile(
    # Chinese: a span with 内/前 (or opening the goal), a calendar date, or a named period
    rf"(?:{_DIGITS}|{_ZH_NUM}+|半)\s*个?\s*(?:年|季度|月|周|星期|天|日|工作日|小时)"
    r"\s*(?:之内|以内|内|之前|以前|前)"
    rf"|^\s*(?:{_DIGITS}|{_ZH_NUM}+|半)\s*个?\s*(?:年|季度|月|周|天)"
    rf"|(?:[0-9]{{4}}|[〇零一二三四五六七八九]{{4}})\s*年\s*(?:底|末|前|内|之前|以前)?"
    rf"|(?:{_DIGITS}|{_ZH_NUM}+)\s*年\s*(?:底|末)"
    rf"|(?:{_DIGITS}|[一二三四五六七八九十]+)\s*月\s*(?:(?:{_DIGITS}|[一二三四五六七八九十]+)\s*[日号])?"
    r"\s*(?:底|末|份|中旬|上旬|下旬|之前|以前|前)?"
    rf"|(?:{_DIGITS}|[一二三四五六七八九十]+)\s*[日号]\s*(?:之前|以前|前)"
    r"|第[一二三四1-4]季度"
    r"|(?:今年|明年|后年|本年度?|年内|年底|年末|年中|本季度?|下季度|本月|下个?月|月底|月末|本周|下周"
    r"|上半年|下半年|当月|春节|国庆|中秋|暑假|寒假)(?:之前|以前|前|内|底)?"
    # English: within or in a span, by or before a date, this or next period
    r"|\b(?:within|in|inside|over)\s+(?:the\s+|their\s+|its\s+)?(?:next\s+|first\s+|coming\s+)?"
    rf"(?:{_EN_COUNT}\s+)?{_EN_SPAN}\b"
    r"|\b(?:in|during|within)\s+(?:their|its|the)\s+(?:first|opening)\s+(?:week|month|quarter|year)\b"
    r"|\b(?:by|before|until|till|no later than)\s+(?:the\s+)?(?:end\s+of\s+)?(?:the\s+)?"
    rf"(?:this\s+|next\s+)?{_EN_DATE}\b(?:\s+\d{{4}})?"
    rf"|\b(?:in|during)\s+(?:{_EN_MONTHS}|\d{{4}}|q[1-4])\b"
    r"|\b(?:this|next)\s+(?:year|quarter|month|week|spring|summer|autumn|winter)\b"
    r"|\b(?:end|close)\s+of\s+(?:the\s+)?(?:year|quarter|month)\b|\byear[- ]end\b|\bq[1-4]\b",
    re.IGNORECASE,
)
_WHEN = re.compile(
    r"[0-9０-９]|今天|今晚|当天|当晚|当场|明天|明早|明晚|后天|次日|隔天|第二天|马上|立刻|立即|随即"
    r"|本周|下周|每周|每天|每日|每月|本月|下个?月|月底|月末|周[一二三四五六日末]|星期|礼拜|季度"
    r"|(?<![机社])会后|见面后|拜访后|回去后|一回去"
    rf"|{_ZH_NUM}+\s*(?:天|周|个?月|日|小时|个?工作日)"
    r"|\b(?:today|tonight|tomorrow|same day|that day|next day|following (?:day|morning|week)"
    r"|morning|afternoon|evening|immediately|right away|at once|straight away|on the spot"
    r"|(?:right|straight|directly|immediately|just) after"
    r"|after (?:the|our|this|that) (?:meeting|visit)|weekly|monthly|daily|fortnightly"
    rf"|fortnight|week|month|quarter|{_EN_DAYS}|within|by (?:the )?(?:end|close)|{_EN_MONTHS})\b"
    rf"|\b{_EN_COUNT}\s+(?:hours?|days?|weeks?|months?)\b",
    re.IGNORECASE,
)

PLAN_SIDES: tuple[str, ...] = ("breadth", "height", "depth")
"""The three sides of the relationship an account plan's tactics cover."""


def substance(text: str | None) -> int:
    """How much a written part holds: Chinese characters plus Latin words and numbers."""
    value = text or ""
    return len(_CJK.findall(value)) + len(_WORD.findall(value))


def written(text: str | None) -> bool:
    """Whether a written part holds more than a word or two.

    Chinese characters count against :data:`MIN_CHARS`, Latin words and
    numbers against :data:`MIN_WORDS`, so the same content passes in either
    language, and a mix of the two adds up.
    """
    value = text or ""
    chars = len(_CJK.findall(value))
    words = len(_WORD.findall(value))
    return chars / MIN_CHARS + words / MIN_WORDS >= 1


def deadlines(text: str | None) -> list[str]:
    """The deadlines a goal names (今年, 三个月内, by June, by mid-year, within six months…)."""
    return [m.group(0) for m in _DEADLINE.finditer(text or "")]


def quantified(text: str | None) -> bool:
    """Whether a goal says how much: a number of something, outside its deadline.

    Numbers count as figures (15, 20%), Chinese numerals with what they count
    (十五万元, 两成, 百分之二十, 翻一番), English number words (fifteen,
    a dozen, double, thirty percent) and everything of a kind (所有新店, 每一家门店,
    all new stores, every outlet). A number that only sits inside the
    deadline (半年内, by 2027) does not count, nor one with nothing it counts,
    nor "一个" or "one" used as "a" (和一个店长, number one, one of).
    """
    rest = _DEADLINE.sub(" ", text or "")
    found = _QUANTITY.search(rest)
    if found is None:
        return False
    counted = _QUANTITY.sub(" ", rest)
    return bool(_CJK.search(counted) or re.search(r"[A-Za-z]", counted))


def has_deadline(text: str | None) -> bool:
    """Whether a goal says by when it is to be met."""
    return bool(_DEADLINE.search(text or ""))


def says_when(text: str | None) -> bool:
    """Whether a plan says when (a date, a day, a time, how soon or how often, 会后,
    after the meeting)."""
    return bool(_WHEN.search(text or ""))


def check_account_plan(
    case: AccountPlanCase, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a three-step account plan and say what is missing.

    One point for each of: how we help the customer succeed (step 1); the
    goals (step 2: at least one, and every goal says how much and by when;
    a goal without either is named); and a tactic for each of breadth,
    height and depth (step 3). A form can only check that a part is filled
    in, so every line of steps 1 and 3 shows the case's model answer to
    compare with.

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

    ok = written(answer.get("success"))
    key = "fb.ka_plan_success_ok" if ok else "fb.ka_plan_success_missing"
    text = named(msg(key, model=m.success), step("plan_success"))
    items = [Feedback("success", ok, text, "plan_success", float(ok))]
    goal_lines = []
    for g in goals:
        goal = Text(zh=g, en=g)
        if not quantified(g):
            goal_lines.append(msg("fb.ka_plan_goal_no_number", goal=goal, model=m.goals[0]))
        if not has_deadline(g):
            goal_lines.append(msg("fb.ka_plan_goal_no_deadline", goal=goal, model=m.goals[0]))
    if not goals:
        goal_lines.append(msg("fb.ka_plan_goals_missing", model=m.goals[0]))
    if goal_lines:
        for n, line in enumerate(goal_lines):
            points = 0.0 if n == 0 else None
            text = named(line, step("plan_goals"))
            items.append(Feedback("goals", False, text, "plan_goals", points))
    else:
        text = named(msg("fb.ka_plan_goals_ok", n=len(goals)), step("plan_goals"))
        items.append(Feedback("goals", True, text, "plan_goals", 1.0))
    for side in PLAN_SIDES:
        term = f"plan_{side}"
        ok = written(answer.get(side))
        key = "fb.ka_plan_side_ok" if ok else "fb.ka_plan_side_missing"
        text = msg(key, side=step(term), model=getattr(m, side))
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


def order_problems(case: CallingHighCase, order: Sequence[str]) -> list[Text]:
    """What breaks the rule of the order of visits; empty when the order keeps to it.

    The rule: everyone is seen once, the gatekeeper (if the case names one)
    before the decision maker, and the decision maker last. Any order that
    keeps to it is right, not only the case's example.

    Parameters
    ----------
    case : CallingHighCase
        The people, the gatekeeper and the decision maker.
    order : sequence of str
        Person ids in the order the learner would see them.

    Returns
    -------
    list of Text
        One line per broken part of the rule.
    """
    people = {p.id: p.name for p in case.people}
    seen = [p for p in order if p]
    problems = []
    left_out = [people[p] for p in people if p not in seen]
    if left_out:
        problems.append(msg("fb.ka_order_left_out", names=left_out))
    dm = case.decision_maker
    if seen and seen[-1] != dm and dm in seen:
        problems.append(msg("fb.ka_order_decider_last", name=people[dm]))
    gk = case.gatekeeper
    if gk and gk in seen and dm in seen and seen.index(gk) > seen.index(dm):
        problems.append(msg("fb.ka_order_gatekeeper_first", name=people[gk], dm=people[dm]))
    if len(set(seen)) < len(seen):
        problems.append(msg("fb.ka_order_twice"))
    return problems


def _joined(lines: Sequence[Text]) -> Text:
    """Whole sentences one after another, as each language writes them."""
    return Text(zh="".join(t.zh for t in lines), en=" ".join(t.en for t in lines))


def check_calling_high(
    case: CallingHighCase, answer: Mapping[str, Any], lib: Library | None = None
) -> Result:
    """Check a calling-high preparation and give feedback on each of its seven parts.

    What to bring (up to 1 point: right ticks minus wrong ones, over the
    right ones), whom to meet (1 point: the decision maker), the order of
    visits (1 point: any order that keeps to :func:`order_problems`' rule),
    the expected outcome (1 point: written out), the person's interests and
    the likely obstacles (up to 1 point each, scored as the preparation),
    and the follow-up (1 point: written out and saying when).

    Parameters
    ----------
    case : CallingHighCase
        The people, the order, the options and the model answers.
    answer : mapping
        ``preparation`` (option ids), ``who`` (person id), ``order`` (person
        ids, "" for an empty place), ``outcome`` (str), ``interests`` and
        ``obstacles`` (option ids), ``follow_up`` (str).
    lib : Library, optional
        For the glossary names of the parts.

    Returns
    -------
    Result
        Out of 7.
    """
    exercise_id = f"calling_high:{case.id}"
    order = [o for o in answer.get("order") or []]
    filled = [
        answer.get("preparation"),
        answer.get("who"),
        any(order),
        (answer.get("outcome") or "").strip(),
        answer.get("interests"),
        answer.get("obstacles"),
        (answer.get("follow_up") or "").strip(),
    ]
    if not any(filled):
        return empty_answer(exercise_id, 7)
    people = {p.id: p.name for p in case.people}

    def step(term: str) -> Text:
        return method_name(lib, term)

    def ticks(part: str, picks: Sequence[Pick], term: str) -> Feedback:
        chosen = list(answer.get(part) or [])
        points = _picks(picks, chosen)
        right = [p.text for p in picks if p.right]
        wrong = [p.text for p in picks if not p.right and p.id in chosen]
        key = "fb.ka_picks_right" if points == 1 else "fb.ka_picks_partial"
        text = msg(key, right=right)
        if wrong:
            text = msg("fb.ka_picks_wrong", text=text, wrong=wrong)
        return Feedback(part, points == 1, named(text, step(term)), term, points)

    items = [ticks("preparation", case.preparation, "ch_preparation")]
    who = answer.get("who")
    ok = who == case.decision_maker
    name = people[case.decision_maker]
    if ok:
        text = msg("fb.ka_who_right", name=name)
    elif who in people:
        text = msg("fb.ka_who_wrong", name=name, got=people[who])
    else:
        text = msg("fb.ka_who_missing", name=name)
    items.append(Feedback("who", ok, named(text, step("ch_who")), "ch_who", float(ok)))
    while order and not order[-1]:
        order.pop()
    problems = order_problems(case, order)
    ok = not problems
    if ok:
        text = msg("fb.ka_order_right", order=[people[p] for p in order], why=case.why_order)
    else:
        example = [people[p] for p in case.order]
        text = msg(
            "fb.ka_order_wrong", problems=_joined(problems), order=example, why=case.why_order
        )
    items.append(Feedback("order", ok, named(text, step("ch_order")), "ch_order", float(ok)))
    ok = written(answer.get("outcome"))
    text = msg("fb.ka_outcome_ok") if ok else msg("fb.ka_outcome_missing", model=case.outcome)
    items.append(Feedback("outcome", ok, named(text, step("ch_outcome")), "ch_outcome", float(ok)))
    items.append(ticks("interests", case.interests, "ch_interests"))
    items.append(ticks("obstacles", case.obstacles, "ch_obstacles"))
    follow = answer.get("follow_up")
    long_enough = written(follow)
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
    result = Result.from_points(exercise_id, items, 7.0)
    return result.with_rule("rule.ka_calling_high")
