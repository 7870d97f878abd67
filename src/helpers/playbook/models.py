"""Pydantic models for every kind of playbook content.

Each YAML file in ``playbooks/`` holds one document whose ``kind`` field picks
the model: ``methods``, ``visit_flow``, ``question_bank``, ``product``,
``objection_scenario``, ``field_case``, ``case_principles``, ``quiz``, ``rubric``,
``cadence``, ``account_cases``, ``glossary``, the key-account kinds ``reply_pairs``,
``placement``, ``opportunity_assessment``, ``account_plan``, ``calling_high`` and
``tier_sort``, the relationship-maintenance kinds ``care_programme``, ``customer_files``,
``event_responses`` and ``spending_rules``, the channel kinds ``product_line``,
``receivables``, ``plan_review``, ``script_practice`` and ``invitations``, and the
trainer's ``roleplay_brief``. Every learner-facing string is a :class:`Text` holding
Chinese and English.

The models check what one document can check on its own (types, ranges,
orders, required parts). What needs the whole library (unique ids across
files, references, scenario paths, translations) is checked by
:mod:`helpers.playbook.checks`.

The schema is one module on purpose: it is declarative, banded by kind, and
read as one page by whoever writes content; one file per kind would add
import noise and hide how the kinds refer to each other.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from helpers.playbook.scale import SCALE


def invalid(key: str, **values: object) -> PydanticCustomError:
    """A validation error whose message is catalogue key ``key``, in the operator's language."""
    from helpers.i18n import say  # imported here: the catalogue's own model lives in this module

    return PydanticCustomError("coachkit", "{message}", {"message": say(key, **values)})


LOCALES: tuple[str, ...] = ("zh", "en")
Locale = Literal["zh", "en"]

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64),
]
"""A stable id: lower-case letters, digits and underscores, starting with a letter."""


class Model(BaseModel):
    """Base for all content models: unknown fields are errors, values are frozen."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


def _reject_plain_string(value: Any) -> Any:
    if isinstance(value, str):
        raise invalid("lint.model.one_string")
    return value


class Text(Model):
    """A learner-facing string in Chinese (``zh``) and English (``en``).

    A missing or empty language is allowed by the model so that the whole
    library can still be loaded and counted; the library check reports each
    one as a missing translation.
    """

    zh: str = ""
    en: str = ""

    def get(self, locale: Locale) -> str:
        """Return the string in ``locale`` ("zh" or "en")."""
        return self.zh if locale == "zh" else self.en

    def missing(self) -> list[str]:
        """Return the locales that are empty or written in the wrong script."""
        out = []
        if not self.zh or not _HAS_CJK.search(self.zh):
            out.append("zh")
        if not self.en or _HAS_CJK.search(self.en):
            out.append("en")
        return out


_HAS_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

BiText = Annotated[Text, BeforeValidator(_reject_plain_string)]


def _unique(ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise invalid("lint.model.duplicate", what=what, id=repr(i))
        seen.add(i)


# --------------------------------------------------------------------------- methods


class Term(Model):
    """One named part of a method, e.g. the ``ask`` step or the ``divide`` tactic."""

    id: Slug
    name: BiText
    description: BiText


class Method(Model):
    """A method of the selling method (visit flow, question funnel, FFAB, ...) and its terms."""

    id: Slug
    name: BiText
    summary: BiText
    terms: list[Term] = Field(default_factory=list)

    @model_validator(mode="after")
    def _terms_unique(self) -> Method:
        _unique([t.id for t in self.terms], "term")
        return self


class MethodsDoc(Model):
    """The glossary of methods: the names every other document refers to."""

    kind: Literal["methods"]
    id: Slug
    methods: list[Method] = Field(min_length=1)


# ------------------------------------------------------------------------ visit flow


class TimeBudget(Model):
    """A time limit or window the method gives for part of a stage."""

    what: BiText
    min_minutes: float | None = Field(default=None, ge=0)
    max_minutes: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _bounds(self) -> TimeBudget:
        if self.min_minutes is None and self.max_minutes is None:
            raise invalid("lint.model.no_minutes")
        if (
            self.min_minutes is not None
            and self.max_minutes is not None
            and self.min_minutes > self.max_minutes
        ):
            raise invalid("lint.model.minutes_order")
        return self


class ExampleLine(Model):
    """Something a rep says or does, with why it is good or poor."""

    line: BiText
    why: BiText | None = None


class PoorExample(ExampleLine):
    """A poor line always says why it is poor."""

    why: BiText


class Stage(Model):
    """One stage (or step) of a visit flow."""

    id: Slug
    order: int = Field(ge=1)
    name: BiText
    goal: BiText
    checklist: list[BiText] = Field(min_length=1)
    good_examples: list[ExampleLine] = Field(min_length=1)
    poor_examples: list[PoorExample] = Field(min_length=1)
    mistakes: list[BiText] = Field(min_length=1)
    time_budgets: list[TimeBudget] = Field(default_factory=list)
    canonical_stage: Slug | None = None
    """For a stage of a variant flow: the canonical stage it belongs to."""


FlowVariant = Literal["canonical", "retail_store", "second_visit"]


class VisitFlowDoc(Model):
    """A visit flow: the canonical one or a variant, its stages in order."""

    kind: Literal["visit_flow"]
    id: Slug
    variant: FlowVariant
    name: BiText
    description: BiText
    stages: list[Stage] = Field(min_length=1)

    @model_validator(mode="after")
    def _orders(self) -> VisitFlowDoc:
        orders = sorted(s.order for s in self.stages)
        if orders != list(range(1, len(self.stages) + 1)):
            raise invalid("lint.model.stage_orders", n=len(self.stages), found=orders)
        return self

    def ordered(self) -> list[Stage]:
        """Return the stages sorted by ``order``."""
        return sorted(self.stages, key=lambda s: s.order)


# ----------------------------------------------------------------------- questions

QuestionType = Literal["expanding", "limiting", "closed"]


class Question(Model):
    """A discovery question with its place in the funnel and why it is there."""

    id: Slug
    text: BiText
    level: int = Field(ge=1, le=5)
    """Funnel level: 1 is the broadest, 5 the narrowest."""
    type: QuestionType
    why: BiText
    uncovers: list[Slug] = Field(default_factory=list)
    """Ids of the customer needs this question can bring out."""


class CustomerScenario(Model):
    """The customer a question bank is asked of."""

    trade: BiText
    customer: BiText
    objective: BiText


class QuestionBankDoc(Model):
    """Questions for one customer scenario, from broad to narrow."""

    kind: Literal["question_bank"]
    id: Slug
    name: BiText
    product: Slug | None = None
    scenario: CustomerScenario
    questions: list[Question] = Field(min_length=1)


# --------------------------------------------------------------------- FFAB


class Need(Model):
    """A need the customer states; ``priority`` 1 matters most to them."""

    id: Slug
    text: BiText
    priority: int = Field(ge=1, le=5)


class FFABChain(Model):
    """Feature, function, advantage, benefit, and the need the benefit answers."""

    id: Slug
    feature: BiText
    function: BiText
    advantage: BiText
    benefit: BiText
    need: Slug


DistractorKind = Literal[
    "unmatched_benefit",
    "feature_as_benefit",
    "function_as_benefit",
    "advantage_as_benefit",
    "jargon",
]


class Distractor(Model):
    """A plausible but wrong pitch element, for exercises."""

    id: Slug
    kind: DistractorKind
    text: BiText
    why: BiText


class ProductDoc(Model):
    """A product, the customer it is sold to, their needs and its FFAB chains."""

    kind: Literal["product"]
    id: Slug
    name: BiText
    trade: BiText
    summary: BiText
    customer: BiText
    needs: list[Need] = Field(min_length=1)
    chains: list[FFABChain] = Field(min_length=1)
    distractors: list[Distractor] = Field(default_factory=list)


# ---------------------------------------------------------------- objections

ObjectionCategory = Literal[
    "price",
    "no_need",
    "timing",
    "trust_competitor",
    "not_decision_maker",
    "payment_terms",
    "channel_conflict",
]


class Persona(Model):
    """Who the customer in a scenario is."""

    name: BiText
    role: BiText
    company: BiText
    background: BiText


class Choice(Model):
    """What the rep can say at a decision point, and what it teaches."""

    id: Slug
    text: BiText
    method_step: Slug
    """The objection step or arithmetic tactic this choice uses (or, if poor, skips)."""
    score: int = Field(ge=0, le=3)
    """0 harmful, 1 weak, 2 acceptable, 3 the method done well."""
    feedback: BiText
    next: Slug


Outcome = Literal["won", "open", "lost"]


class Ending(Model):
    """How a scenario ends on this path."""

    outcome: Outcome
    text: BiText


class ScenarioStep(Model):
    """A point in the dialogue: either a decision with choices or an ending."""

    id: Slug
    customer: BiText | None = None
    """What the customer says or does at this point."""
    situation: BiText | None = None
    choices: list[Choice] = Field(default_factory=list)
    ending: Ending | None = None
    open_concern: bool = False
    """True when the customer's line here, after a Verify, shows a concern still open: the
    method then starts again at Encourage (see ``methods.yaml``, ``verify``)."""

    @model_validator(mode="after")
    def _decision_or_end(self) -> ScenarioStep:
        _check_decision(self.choices, self.ending)
        return self


def _check_decision(choices: list[Any], ending: Ending | None) -> None:
    """A branching step either offers at least two choices with distinct ids, or ends."""
    if bool(choices) == (ending is not None):
        raise invalid("lint.model.step_kind")
    if choices and len(choices) < 2:
        raise invalid("lint.model.two_choices")
    _unique([c.id for c in choices], "choice")


class ObjectionScenarioDoc(Model):
    """A branching objection-handling dialogue with one customer."""

    kind: Literal["objection_scenario"]
    id: Slug
    title: BiText
    category: ObjectionCategory
    persona: Persona
    stage: Slug = "handle_objections"
    """The visit-flow stage the scenario practises."""
    rubric_criteria: list[Slug] = Field(default_factory=list)
    trainer_note: BiText | None = None
    """A note for trainers (not shown to learners): why the scenario is framed as it is."""
    start: Slug
    steps: list[ScenarioStep] = Field(min_length=2)

    def step(self, step_id: str) -> ScenarioStep:
        """Return the step with id ``step_id``."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


# --------------------------------------------------------------- field cases


class Principle(Model):
    """A principle of channel and sales management that a field case turns on."""

    id: Slug
    name: BiText
    statement: BiText
    """What the principle asks of a company or a rep, with the numbers the method gives."""


class CasePrinciplesDoc(Model):
    """The principles the field cases tag their decisions with."""

    kind: Literal["case_principles"]
    id: Slug
    name: BiText
    principles: list[Principle] = Field(min_length=1)


class CaseChoice(Model):
    """A decision open to the learner at a turn of a field case, and what came of it."""

    id: Slug
    text: BiText
    uses: list[Slug] = Field(default_factory=list)
    """Ids of the principles this decision applies."""
    breaks: list[Slug] = Field(default_factory=list)
    """Ids of the principles this decision breaks."""
    score: int = Field(ge=0, le=3)
    """0 harmful, 1 weak, 2 acceptable, 3 the principle applied well."""
    consequence: BiText
    """What happened next in the case after this decision."""
    next: Slug
    historical: bool = False
    """True for the decision the company in the source case actually took."""

    @model_validator(mode="after")
    def _tagged(self) -> CaseChoice:
        if not self.uses and not self.breaks:
            raise invalid("lint.model.case_untagged")
        both = sorted(set(self.uses) & set(self.breaks))
        if both:
            raise invalid("lint.model.case_used_and_broken", ids=", ".join(both))
        _unique(self.uses, "principle")
        _unique(self.breaks, "principle")
        return self


class CaseTurn(Model):
    """A turn of a field case: the situation and the decisions open, or an ending."""

    id: Slug
    title: BiText | None = None
    """A short name for the turn ("Month five: the warehouse is empty")."""
    situation: BiText | None = None
    """The market, the numbers and the people at this turn."""
    choices: list[CaseChoice] = Field(default_factory=list)
    ending: Ending | None = None

    @model_validator(mode="after")
    def _decision_or_end(self) -> CaseTurn:
        _check_decision(self.choices, self.ending)
        if self.choices and self.situation is None:
            raise invalid("lint.model.case_situation")
        return self


class FieldCaseDoc(Model):
    """A field case: a company's story told as turns, each a decision with its consequences."""

    kind: Literal["field_case"]
    id: Slug
    title: BiText
    company: BiText
    """The company and its market, as the case opens."""
    role: BiText
    """Who the learner plays."""
    background: BiText
    """How things stood before the first turn."""
    history: BiText
    """What the company in the source case actually did and what it cost."""
    start: Slug
    steps: list[CaseTurn] = Field(min_length=3)

    def step(self, step_id: str) -> CaseTurn:
        """Return the turn with id ``step_id``."""
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)


# ---------------------------------------------------------------------- quiz


class QuizOption(Model):
    """One answer option of a quiz item."""

    id: Slug
    text: BiText
    correct: bool = False


class QuizItem(Model):
    """A single- or multiple-choice question with its explanation."""

    id: Slug
    type: Literal["single", "multiple"]
    topics: list[Slug] = Field(min_length=1)
    """Ids of the methods this item tests."""
    prompt: BiText
    options: list[QuizOption] = Field(min_length=2)
    explanation: BiText

    @model_validator(mode="after")
    def _answers(self) -> QuizItem:
        _unique([o.id for o in self.options], "option")
        n = sum(o.correct for o in self.options)
        if self.type == "single" and n != 1:
            raise invalid("lint.model.single_answer", n=n)
        if self.type == "multiple" and n < 1:
            raise invalid("lint.model.multiple_answer")
        return self


class QuizDoc(Model):
    """A set of quiz items."""

    kind: Literal["quiz"]
    id: Slug
    name: BiText
    items: list[QuizItem] = Field(min_length=1)


# -------------------------------------------------------------------- rubric

SCORES: tuple[int, ...] = SCALE


def _score_key(value: int) -> int:
    if value not in SCORES:
        raise invalid("lint.model.anchor_score", score=value)
    return value


AnchorScore = Annotated[int, AfterValidator(_score_key)]


class Criterion(Model):
    """A rubric criterion tied to visit-flow stages, anchored at each score 1-5."""

    id: Slug
    name: BiText
    description: BiText
    stages: list[Slug] = Field(min_length=1)
    methods: list[Slug] = Field(default_factory=list)
    anchors: dict[AnchorScore, BiText]

    @model_validator(mode="after")
    def _all_anchors(self) -> Criterion:
        missing = [s for s in SCORES if s not in self.anchors]
        if missing:
            raise invalid("lint.model.anchor_missing", scores=missing)
        return self


class RubricDoc(Model):
    """A role-play rubric."""

    kind: Literal["rubric"]
    id: Slug
    name: BiText
    description: BiText
    criteria: list[Criterion] = Field(min_length=1)


# ------------------------------------------------------------ role-play briefs


class RolePart(Persona):
    """Someone the trainer plays in a role-play, and how to play them."""

    play: BiText
    """What the person wants and resists, and what the rep must do to move them."""


class Cue(Model):
    """What the trainer watches for when scoring one criterion of a role-play."""

    criterion: Slug
    text: BiText


class RoleplayBriefDoc(Model):
    """A role-play a trainer runs and scores on some criteria of one rubric.

    Unlike an objection scenario, which the rep also plays alone as a dialogue,
    a brief is for the trainer only: the rep is handed ``situation``, the
    trainer plays each of ``parts``, and the score sheet asks for ``criteria``
    alone, since the role-play never reaches the rubric's other criteria.
    """

    kind: Literal["roleplay_brief"]
    id: Slug
    title: BiText
    rubric: Slug
    """The rubric the role-play is scored on."""
    criteria: list[Slug] = Field(min_length=1)
    """The criteria of that rubric the role-play is scored on, and the only ones."""
    minutes: int = Field(gt=0, le=120)
    """About how long the role-play runs, feedback not included."""
    situation: BiText
    """What the rep is told before starting."""
    parts: list[RolePart] = Field(min_length=1)
    """Whom the trainer plays, in the order they appear."""
    watch: list[Cue] = Field(min_length=1)

    @model_validator(mode="after")
    def _cues(self) -> RoleplayBriefDoc:
        _unique(self.criteria, "criterion")
        for cue in self.watch:
            if cue.criterion not in self.criteria:
                raise invalid("lint.model.cue_not_scored", id=repr(cue.criterion))
        cued = {c.criterion for c in self.watch}
        missing = [c for c in self.criteria if c not in cued]
        if missing:
            raise invalid("lint.model.criterion_no_cue", ids=", ".join(missing))
        return self

    def cues(self, criterion: str) -> list[Text]:
        """What to watch for on ``criterion``, in file order."""
        return [c.text for c in self.watch if c.criterion == criterion]


# ------------------------------------------------------------------- cadence


class Span(Model):
    """A closed numeric range ``[min, max]``."""

    min: float = Field(ge=0)
    max: float = Field(ge=0)

    @model_validator(mode="after")
    def _order(self) -> Span:
        if self.min > self.max:
            raise invalid("lint.model.span", low=self.min, high=self.max)
        return self


Grade = Literal["A", "B", "C", "D"]


class GradeRule(Model):
    """A customer grade and when in the monthly cycle it is visited."""

    id: Grade
    name: BiText
    description: BiText
    visit_week: int = Field(ge=1, le=4)
    min_visits_per_month: float = Field(ge=0)
    time_of_day: BiText | None = None


class ProspectGrade(Model):
    """A prospect grade from the MAN rule (A likely soon, B possible, C unknown)."""

    id: Literal["A", "B", "C"]
    name: BiText
    description: BiText


TierId = Literal["strategic", "important", "general"]
"""The key-account tiers, most important first."""


class KeyAccountTier(Model):
    """Strategic, important or general customer, with its share and visit rules."""

    id: TierId
    name: BiText
    share: float = Field(gt=0, le=1)
    rep_visits_per_month_min: float | None = Field(default=None, ge=0)
    exec_visits_per_quarter_min: float | None = Field(default=None, ge=0)
    manager_joins: bool = False
    description: BiText


class TerminalTier(Model):
    """Store terminals in a county market: how many to pick and how often to visit."""

    id: Literal["key", "semi_key", "ordinary"]
    name: BiText
    count: int = Field(ge=0)
    visit_interval_days: Span | None = None


class ContactRule(Model):
    """The time-probability principle and the twelve-contact rule in numbers."""

    park_after_contacts: int = Field(ge=1)
    manager_step_in_after_contacts: int = Field(ge=1)
    months_to_first_deal: Span
    contacts_per_month_without_need: Span
    dormant_days_as_lead: int = Field(ge=1)
    never_park_tiers: list[TierId] = Field(default_factory=list)
    """Key-account tiers never parked, whatever their contacts (by importance, not visit grade)."""
    explanation: BiText


class ConversionBenchmark(Model):
    """The quantity-probability principle in numbers."""

    new_rep_lead_to_deal: Span
    leads_per_deal_likely: int = Field(ge=1)
    leads_per_deal_near_certain: int = Field(ge=1)
    new_rep_ramp_months: Span
    team_turnover_per_year: Span
    explanation: BiText


class ProfileField(Model):
    """A field of the customer profile; knowing it marks a psychological-distance stage."""

    id: Slug
    name: BiText
    stage: Slug


class DistanceStage(Model):
    """A psychological-distance stage: doctor, teacher, friend, brother."""

    id: Slug
    order: int = Field(ge=1)
    name: BiText
    description: BiText
    reached_by: BiText


class CadenceDoc(Model):
    """Grades, visit frequencies, contact rules, benchmarks and distance stages."""

    kind: Literal["cadence"]
    id: Slug
    grades: list[GradeRule] = Field(min_length=1)
    prospect_grades: list[ProspectGrade] = Field(default_factory=list)
    partner_criteria: list[Term] = Field(default_factory=list)
    key_account_tiers: list[KeyAccountTier] = Field(default_factory=list)
    terminal_tiers: list[TerminalTier] = Field(default_factory=list)
    contact_rule: ContactRule
    conversion: ConversionBenchmark
    distance_stages: list[DistanceStage] = Field(min_length=1)
    profile_fields: list[ProfileField] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CadenceDoc:
        _unique([g.id for g in self.grades], "grade")
        _unique([d.id for d in self.distance_stages], "distance stage")
        orders = sorted(d.order for d in self.distance_stages)
        if orders != list(range(1, len(orders) + 1)):
            raise invalid("lint.model.distance_orders", n=len(orders), found=orders)
        if self.key_account_tiers:
            total = sum(t.share for t in self.key_account_tiers)
            if abs(total - 1) > 1e-6:
                raise invalid("lint.model.tier_shares", total=f"{total:g}")
        return self


# -------------------------------------------------------------- account cases


class ManFacts(Model):
    """What the rep knows of a prospect's Money, Authority and Need (None: not known yet)."""

    money: bool | None = None
    authority: bool | None = None
    need: bool | None = None


class AccountCase(Model):
    """A customer described for a grading exercise, with the grade the method gives it."""

    id: Slug
    name: BiText
    description: BiText
    man: ManFacts
    partner_ratings: dict[Slug, int] = Field(default_factory=dict)
    """Partner criterion id (see the cadence rules) -> rating 1 (weak) to 5 (strong)."""
    grade: Grade
    prospect_grade: Literal["A", "B", "C"] | None = None
    why: BiText

    @model_validator(mode="after")
    def _ratings(self) -> AccountCase:
        bad = {k: v for k, v in self.partner_ratings.items() if not 1 <= v <= 5}
        if bad:
            raise invalid("lint.model.ratings", found=bad)
        return self


class AccountCasesDoc(Model):
    """Customer cases for grading and visit-planning exercises."""

    kind: Literal["account_cases"]
    id: Slug
    name: BiText
    cases: list[AccountCase] = Field(min_length=1)


# ------------------------------------------------------------ key accounts


class TaughtMethod(Model):
    """Base of documents that teach one method of ``methods.yaml`` by exercises.

    ``method`` names the method; :meth:`terms_taught` the terms of it the
    document's exercises practise, for the coverage table.
    """

    method: Slug

    def terms_taught(self) -> list[str]:
        """The ids of the method's terms this document's exercises practise."""
        raise NotImplementedError


class ReplyPair(Model):
    """Two replies to one customer line: an adviser's and a vendor's, and why."""

    id: Slug
    name: BiText
    customer: BiText
    """What the customer says or the situation the rep answers."""
    adviser: BiText
    vendor: BiText
    skill: Slug
    """The consultative skill (a term of the document's method) the adviser's reply shows."""
    why: BiText


class ReplyPairsDoc(TaughtMethod):
    """Adviser-or-vendor pairs for consultative selling."""

    kind: Literal["reply_pairs"]
    id: Slug
    name: BiText
    pairs: list[ReplyPair] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> ReplyPairsDoc:
        _unique([p.id for p in self.pairs], "pair")
        return self

    def terms_taught(self) -> list[str]:
        """The skills the pairs show."""
        return sorted({p.skill for p in self.pairs})


class Move(Model):
    """What the rep could do next; exactly one move of a case fits it."""

    id: Slug
    text: BiText
    fits: bool = False
    why: BiText


class PlacementCase(Model):
    """A customer's signals, the stage of a method they show, and the moves to pick from."""

    id: Slug
    name: BiText
    signals: BiText
    stage: Slug
    """The term of the document's method the signals show."""
    why: BiText
    moves: list[Move] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_fit(self) -> PlacementCase:
        _unique([m.id for m in self.moves], "move")
        n = sum(m.fits for m in self.moves)
        if n != 1:
            raise invalid("lint.model.one_fitting_move", n=n)
        return self


class PlacementDoc(TaughtMethod):
    """Cases to place on the stages of a method (its terms, in order) with the move that fits."""

    kind: Literal["placement"]
    id: Slug
    name: BiText
    cases: list[PlacementCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> PlacementDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """The stages the cases sit at."""
        return sorted({c.stage for c in self.cases})


class OpportunityFactor(Model):
    """A factor of opportunity assessment with its weight and what high and low mean."""

    id: Slug
    """A term of the document's method."""
    weight: float = Field(gt=0)
    high: BiText
    low: BiText


class OpportunityAccount(Model):
    """An account to assess, with the ratings (1-5 per factor) its description supports."""

    id: Slug
    name: BiText
    description: BiText
    ratings: dict[Slug, int]


class OpportunitySet(Model):
    """Several accounts to compare, and why the one the weights favour is worth pursuing."""

    id: Slug
    name: BiText
    accounts: list[OpportunityAccount] = Field(min_length=2)
    why: BiText


class OpportunityDoc(TaughtMethod):
    """The opportunity factors and their weights (trainer-editable), and sets of accounts."""

    kind: Literal["opportunity_assessment"]
    id: Slug
    name: BiText
    factors: list[OpportunityFactor] = Field(min_length=1)
    low_score: float = Field(default=2.5, ge=SCALE[0], le=SCALE[-1])
    """A pursued account whose weighted score is below this is worth a second look (report)."""
    high_score: float = Field(default=3.5, ge=SCALE[0], le=SCALE[-1])
    """An account not pursued whose weighted score is this or more may be a chance missed."""
    sets: list[OpportunitySet] = Field(min_length=1)

    @model_validator(mode="after")
    def _ratings(self) -> OpportunityDoc:
        if not self.low_score < self.high_score:
            raise invalid("lint.model.score_thresholds", low=self.low_score, high=self.high_score)
        factors = [f.id for f in self.factors]
        _unique(factors, "factor")
        _unique([s.id for s in self.sets], "set")
        for s in self.sets:
            _unique([a.id for a in s.accounts], "account")
            for a in s.accounts:
                bad = {k: v for k, v in a.ratings.items() if not 1 <= v <= 5}
                if bad:
                    raise invalid("lint.model.factor_scale", found=bad)
                missing = [f for f in factors if f not in a.ratings]
                extra = [k for k in a.ratings if k not in factors]
                if missing or extra:
                    raise invalid(
                        "lint.model.factor_ratings", account=a.id, missing=missing, extra=extra
                    )
        return self

    def terms_taught(self) -> list[str]:
        """Every factor."""
        return [f.id for f in self.factors]


class AccountPlanModel(Model):
    """A model answer to the account plan: one line per part."""

    success: BiText
    goals: list[BiText] = Field(min_length=1)
    breadth: BiText
    height: BiText
    depth: BiText


class AccountPlanCase(Model):
    """An account to write a three-step plan for, with a model answer."""

    id: Slug
    name: BiText
    description: BiText
    model_answer: AccountPlanModel


class AccountPlanDoc(TaughtMethod):
    """Accounts for the three-step account plan form."""

    kind: Literal["account_plan"]
    id: Slug
    name: BiText
    cases: list[AccountPlanCase] = Field(min_length=1)

    def terms_taught(self) -> list[str]:
        """All three steps and the three sides of the relationship."""
        return ["plan_success", "plan_goals", "plan_breadth", "plan_height", "plan_depth"]


class Person(Model):
    """Someone at the customer, for calling high."""

    id: Slug
    name: BiText
    role: BiText


class Pick(Model):
    """An option to tick; ``right`` ones belong in the answer."""

    id: Slug
    text: BiText
    right: bool = False


class CallingHighCase(Model):
    """A visit to prepare past the gatekeeper: the people, the order, interests and obstacles."""

    id: Slug
    name: BiText
    description: BiText
    people: list[Person] = Field(min_length=2)
    decision_maker: Slug
    gatekeeper: Slug | None = None
    """The person who controls access to the decision maker, to be seen before them."""
    order: list[Slug] = Field(min_length=2)
    """An order that keeps to the rule: everyone once, the gatekeeper before the
    decision maker, the decision maker last. Shown as an example."""
    preparation: list[Pick] = Field(min_length=2)
    """What to bring to the meeting; the ``right`` ones answer the person's key questions."""
    interests: list[Pick] = Field(min_length=2)
    obstacles: list[Pick] = Field(min_length=2)
    outcome: BiText
    """A model expected outcome."""
    follow_up: BiText
    """A model follow-up plan."""
    why_order: BiText

    @model_validator(mode="after")
    def _consistent(self) -> CallingHighCase:
        ids = [p.id for p in self.people]
        _unique(ids, "person")
        _unique(self.order, "order")
        gatekeeper = [self.gatekeeper] if self.gatekeeper else []
        for ref in [self.decision_maker, *gatekeeper, *self.order]:
            if ref not in ids:
                raise invalid("lint.model.unknown_person", id=repr(ref))
        if self.gatekeeper == self.decision_maker:
            raise invalid("lint.model.gatekeeper_decides")
        missing = [p for p in ids if p not in self.order]
        if missing:
            raise invalid("lint.model.order_everyone", missing=", ".join(missing))
        if self.order[-1] != self.decision_maker:
            raise invalid("lint.model.order_ends_with_decision_maker")
        for picks in (self.preparation, self.interests, self.obstacles):
            _unique([p.id for p in picks], "option")
            if not any(p.right for p in picks) or all(p.right for p in picks):
                raise invalid("lint.model.picks_mixed")
        return self


class CallingHighDoc(TaughtMethod):
    """Calling-high preparation cases."""

    kind: Literal["calling_high"]
    id: Slug
    name: BiText
    cases: list[CallingHighCase] = Field(min_length=1)

    def terms_taught(self) -> list[str]:
        """Every part of the preparation form."""
        return [
            "ch_preparation",
            "ch_who",
            "ch_order",
            "ch_outcome",
            "ch_interests",
            "ch_obstacles",
            "ch_follow_up",
        ]


class TierAccount(Model):
    """An account to place in a key-account tier."""

    id: Slug
    name: BiText
    description: BiText
    tier: TierId
    why: BiText


class TierSortDoc(TaughtMethod):
    """Accounts to sort into the key-account tiers (shares and visits are in the cadence rules)."""

    kind: Literal["tier_sort"]
    id: Slug
    name: BiText
    accounts: list[TierAccount] = Field(min_length=3)

    @model_validator(mode="after")
    def _ids(self) -> TierSortDoc:
        _unique([a.id for a in self.accounts], "account")
        return self

    def terms_taught(self) -> list[str]:
        """The tiers the accounts fall in."""
        return sorted({f"tier_{a.tier}" for a in self.accounts})


# ---------------------------------------------------- relationship maintenance

ActionKind = Literal[
    "care_call", "visit", "greeting", "event_call", "attend", "support", "training"
]
"""What a rep can put in a maintenance calendar: a care call, a visit with a small gift, a
greeting, a call about an event, attending a celebration, a visit to offer support for a
store event, or a small training for the customer's staff."""

ON_SITE: tuple[str, ...] = ("visit", "support", "training")
"""Calendar actions that take the rep to the customer's premises, and so count as visits."""

EventKind = Literal[
    "birthday",
    "wedding",
    "birth",
    "illness",
    "loss",
    "store_anniversary",
    "store_opening",
    "disaster",
    "holiday",
]

EVENT_TERMS: dict[str, str] = {
    "birthday": "personal_events",
    "wedding": "personal_events",
    "birth": "personal_events",
    "illness": "hard_times",
    "loss": "hard_times",
    "store_anniversary": "store_events",
    "store_opening": "store_events",
    "disaster": "local_disasters",
    "holiday": "holiday_greetings",
}
"""The term of ``relationship_maintenance`` that each kind of event practises."""

CALENDAR_TERMS: tuple[str, ...] = ("care_calls", "monthly_visits", "staff_training")
"""The terms every maintenance calendar practises, whatever its events."""

LineFlaw = Literal["business_talk", "template", "gift_too_big", "no_gift"]
"""What is wrong with a calendar line: business talk where only care belongs, a forwarded
template for a greeting, a gift too big to be a small one, a visit with neither a small gift
nor greetings from the company's leaders."""

FILE_FIELDS: tuple[str, ...] = (
    "name",
    "gender",
    "position",
    "phone",
    "messaging",
    "birthday",
    "family",
    "address",
    "store_anniversary",
)
"""The fields of the basic customer file, in the order a file shows them."""

MonthDay = Annotated[str, StringConstraints(pattern=r"^(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")]
"""A day of the year as ``MM-DD``, e.g. a birthday."""


class Window(Model):
    """Days relative to an event (negative: before it) within which the response belongs."""

    start: int
    end: int

    @model_validator(mode="after")
    def _order(self) -> Window:
        if self.start > self.end:
            raise invalid("lint.model.window_order", start=self.start, end=self.end)
        return self


class EventRule(Model):
    """How the programme answers one kind of event: which actions, and how soon."""

    kind: EventKind
    actions: list[ActionKind] = Field(min_length=1)
    window: Window
    rule: BiText
    """The rule in words, quoted by the feedback."""


class Holiday(Model):
    """A festival in the calendar year that customers get a personal greeting for."""

    id: Slug
    name: BiText
    date: dt.date


class RetentionCase(Model):
    """What keeping one customer costs a year, to weigh against winning a replacement."""

    id: Slug
    name: BiText
    description: BiText
    keep_cost: float = Field(gt=0)
    """Yuan a year spent on keeping the customer."""
    why: BiText


class CareProgrammeDoc(TaughtMethod):
    """The maintenance programme's rules as numbers, the year's festivals, and the cost cases."""

    kind: Literal["care_programme"]
    id: Slug
    name: BiText
    visits_per_month_max: int = Field(ge=1)
    """More on-site visits than this in one month is overdone, whatever the grade."""
    care_visit_months_min: int = Field(default=1, ge=1, le=3)
    """Months of the quarter that need a care visit with a small gift and leaders' greetings;
    a training or a support visit does not stand in for one."""
    care_calls_per_quarter_min: int = Field(ge=1)
    trainings_per_quarter_min: int = Field(ge=0)
    win_cost_factor: float = Field(gt=0)
    """What winning a new customer costs, as a multiple of what keeping one costs."""
    event_rules: list[EventRule] = Field(min_length=1)
    holidays: list[Holiday] = Field(default_factory=list)
    retention: list[RetentionCase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _unique_parts(self) -> CareProgrammeDoc:
        _unique([r.kind for r in self.event_rules], "event rule")
        _unique([h.id for h in self.holidays], "holiday")
        _unique([c.id for c in self.retention], "case")
        return self

    def rule_for(self, kind: str) -> EventRule | None:
        """The rule for events of ``kind``, if the programme has one."""
        return next((r for r in self.event_rules if r.kind == kind), None)

    def terms_taught(self) -> list[str]:
        """The cost cases teach what keeping a customer is worth."""
        return ["retention_cost"] if self.retention else []


class CustomerFile(Model):
    """A customer's basic file: who they are, how to reach them, their dates and grade."""

    name: BiText
    company: BiText
    gender: Literal["female", "male"]
    position: BiText
    phone: str
    messaging: str
    birthday: MonthDay
    family: BiText
    address: BiText
    store_anniversary: MonthDay | None = None
    grade: Grade


class FileNote(Model):
    """Something the rep learnt about the customer; ``basic`` when it goes in the basic file."""

    id: Slug
    text: BiText
    basic: bool
    why: BiText


class CareEvent(Model):
    """Something that happens to the customer during the quarter.

    ``date`` is the day of a celebration, an anniversary or an opening, and for
    illness, loss and disasters the day the rep hears of it.
    """

    id: Slug
    kind: EventKind
    date: dt.date
    text: BiText


class CareLine(Model):
    """An action the rep can put in the calendar: what they do, say or bring."""

    id: Slug
    action: ActionKind
    text: BiText
    event: Slug | None = None
    """The event it answers: a case event's id, ``birthday``, ``store_anniversary`` or a
    festival of the programme."""
    flaw: LineFlaw | None = None
    why: BiText


class CustomerCase(Model):
    """A customer file, what the rep heard, a quarter to plan, and the lines to plan with."""

    id: Slug
    name: BiText
    file: CustomerFile
    notes: list[FileNote] = Field(min_length=3)
    quarter: dt.date
    """The first day of the quarter to plan (1 January, April, July or October)."""
    events: list[CareEvent] = Field(default_factory=list)
    lines: list[CareLine] = Field(min_length=4)

    @model_validator(mode="after")
    def _consistent(self) -> CustomerCase:
        if self.quarter.day != 1 or self.quarter.month not in (1, 4, 7, 10):
            raise invalid("lint.model.quarter_start", found=self.quarter.isoformat())
        _unique([n.id for n in self.notes], "note")
        _unique([e.id for e in self.events], "event")
        _unique([ln.id for ln in self.lines], "line")
        if all(n.basic for n in self.notes) or not any(n.basic for n in self.notes):
            raise invalid("lint.model.picks_mixed")
        end = quarter_end(self.quarter)
        for e in self.events:
            if not self.quarter <= e.date <= end:
                raise invalid("lint.model.event_outside_quarter", id=repr(e.id))
        return self


def calendar_events(case: CustomerCase) -> list[str]:
    """The ids a calendar line of ``case`` may answer, besides the programme's festivals:
    the case's events, the birthday and, when the file has one, the store anniversary."""
    fixed = ["birthday", *(["store_anniversary"] if case.file.store_anniversary else [])]
    return [*(e.id for e in case.events), *fixed]


def quarter_end(start: dt.date) -> dt.date:
    """The last day of the quarter that begins on ``start``."""
    month = start.month + 3
    year = start.year + (month > 12)
    month = (month - 1) % 12 + 1
    return dt.date(year, month, 1) - dt.timedelta(days=1)


class CustomerFilesDoc(TaughtMethod):
    """Customer files to check and plan a quarter's maintenance calendar for."""

    kind: Literal["customer_files"]
    id: Slug
    name: BiText
    cases: list[CustomerCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> CustomerFilesDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """The file, the regular care, and the events the cases' quarters hold."""
        kinds = {e.kind for c in self.cases for e in c.events}
        kinds |= {"birthday", "holiday"}
        if any(c.file.store_anniversary for c in self.cases):
            kinds.add("store_anniversary")
        return sorted({"customer_file", *CALENDAR_TERMS, *(EVENT_TERMS[k] for k in kinds)})


class EventCase(Model):
    """Something happens to a customer: the action, the timing and the words that fit."""

    id: Slug
    name: BiText
    situation: BiText
    term: Slug
    """The term of the document's method the case practises."""
    actions: list[Move] = Field(min_length=2)
    timings: list[Move] = Field(min_length=2)
    lines: list[Pick] = Field(min_length=3)
    """Things to say (``right``) and not to say."""

    @model_validator(mode="after")
    def _one_fit(self) -> EventCase:
        for moves in (self.actions, self.timings):
            _unique([m.id for m in moves], "option")
            n = sum(m.fits for m in moves)
            if n != 1:
                raise invalid("lint.model.one_fitting_move", n=n)
        _unique([p.id for p in self.lines], "option")
        if not any(p.right for p in self.lines) or all(p.right for p in self.lines):
            raise invalid("lint.model.picks_mixed")
        return self


class EventResponsesDoc(TaughtMethod):
    """Customer events to respond to: which action, how soon, what to say and not say."""

    kind: Literal["event_responses"]
    id: Slug
    name: BiText
    cases: list[EventCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> EventResponsesDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """The terms the cases practise."""
        return sorted({c.term for c in self.cases})


class Claim(Model):
    """A rep's claim for relationship spending, and where the goods and the payment stand."""

    id: Slug
    name: BiText
    description: BiText
    amount: float = Field(gt=0)
    sold_through: bool
    paid: bool


class StatementCase(Model):
    """A month whose statement is handed in on some day: due and review days to work out."""

    id: Slug
    name: BiText
    description: BiText
    month: dt.date
    """The first day of the month the statement is handed in."""
    days_off: list[dt.date] = Field(default_factory=list)
    """Public holidays in the month (weekdays off)."""
    workdays: list[dt.date] = Field(default_factory=list)
    """Weekend days worked in exchange for a holiday."""
    submitted: dt.date

    @model_validator(mode="after")
    def _in_month(self) -> StatementCase:
        if self.month.day != 1:
            raise invalid("lint.model.month_start", found=self.month.isoformat())
        return self


class AdvanceCase(Model):
    """A rep asks to draw cash to pay out relationship spending."""

    id: Slug
    name: BiText
    description: BiText
    outstanding: float = Field(ge=0)
    """Advances the rep has drawn and not yet settled, in yuan."""
    requested: float = Field(gt=0)


class SpendingDoc(TaughtMethod):
    """The spending rules in numbers, and claims, statements and advances to judge by them."""

    kind: Literal["spending_rules"]
    id: Slug
    name: BiText
    statement_due_working_day: int = Field(ge=1, le=23)
    review_by_working_day: int = Field(ge=1, le=23)
    advance_cap: float = Field(gt=0)
    claims: list[Claim] = Field(default_factory=list)
    statements: list[StatementCase] = Field(default_factory=list)
    advances: list[AdvanceCase] = Field(default_factory=list)

    @model_validator(mode="after")
    def _consistent(self) -> SpendingDoc:
        if self.review_by_working_day < self.statement_due_working_day:
            raise invalid("lint.model.review_before_due")
        _unique([c.id for c in [*self.claims, *self.statements, *self.advances]], "case")
        return self

    def terms_taught(self) -> list[str]:
        """One term for each kind of case the document holds."""
        parts = (
            (self.claims, "paid_after_sales"),
            (self.statements, "statement_deadlines"),
            (self.advances, "advance_cap"),
        )
        return [term for cases, term in parts if cases]


# ------------------------------------------------- channel and management practice


ProductRole = Literal["pl_lead", "pl_profit", "pl_image"]
"""The layers of a product line (terms of ``layered_product_line``)."""

LifeStage = Literal["lc_launch", "lc_growth", "lc_maturity", "lc_decline"]
"""The stages of a product's life cycle, in order (terms of ``profit_chain``)."""

Competition = Literal["strong", "some", "none"]
"""How hard competitors press a product where it sells."""


class LineProduct(Model):
    """A product of a line: its price, margin, competition, life-cycle stage and layer."""

    id: Slug
    name: BiText
    price: float = Field(gt=0)
    """The retail price, in yuan."""
    margin_pct: float = Field(ge=0, le=100)
    """The channel's margin on it, in per cent."""
    competition: Competition
    stage: LifeStage
    role: ProductRole
    """The layer its price, margin and competition put it in."""
    why: BiText


class ProductLineCase(Model):
    """A line of products to arrange in layers, and how many of them must go."""

    id: Slug
    name: BiText
    situation: BiText
    withdraw: int = Field(ge=0)
    """How many products the line must drop (the situation says why)."""
    products: list[LineProduct] = Field(min_length=3)

    @model_validator(mode="after")
    def _counts(self) -> ProductLineCase:
        _unique([p.id for p in self.products], "product")
        if self.withdraw >= len(self.products):
            raise invalid(
                "lint.model.withdraw_too_many", n=self.withdraw, products=len(self.products)
            )
        return self


class ProductLineDoc(TaughtMethod):
    """Product lines to arrange in lead, profit and image layers across the life cycle."""

    kind: Literal["product_line"]
    id: Slug
    name: BiText
    cases: list[ProductLineCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> ProductLineDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """The layers the products sit in."""
        return sorted({p.role for c in self.cases for p in c.products})


class Receivable(Model):
    """One customer's unpaid balance: when the work was done, when it fell due, reminders sent.

    ``completed`` is when the project's main structure was finished (topped out), for
    project customers; a trade customer has none.
    """

    id: Slug
    customer: BiText
    amount: int = Field(gt=0)
    """The balance, in yuan."""
    completed: dt.date | None = None
    due: dt.date
    """The day the contract said it would be paid."""
    reminders: int = Field(ge=0)
    """Formal reminders sent so far, with the balance still unpaid."""
    note: BiText | None = None


class ReceivablesLedger(Model):
    """A month's receivables analysis: the balances on one day."""

    id: Slug
    name: BiText
    as_of: dt.date
    entries: list[Receivable] = Field(min_length=3)

    @model_validator(mode="after")
    def _dates(self) -> ReceivablesLedger:
        _unique([e.id for e in self.entries], "entry")
        for e in self.entries:
            if e.due > self.as_of or (e.completed is not None and e.completed > self.as_of):
                raise invalid("lint.model.receivable_future", entry=e.id, as_of=self.as_of)
        return self


class ReceivablesDoc(TaughtMethod):
    """Ledgers whose balances the learner sorts into classes A, B and C."""

    kind: Literal["receivables"]
    id: Slug
    name: BiText
    ledgers: list[ReceivablesLedger] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> ReceivablesDoc:
        _unique([g.id for g in self.ledgers], "ledger")
        return self

    def terms_taught(self) -> list[str]:
        """The three classes, their actions, and the reminders before supply stops."""
        return ["rc_a", "rc_b", "rc_c", "rc_monthly", "rc_reminders"]


class PlannedVisit(Model):
    """A visit in a rep's plan for next week."""

    day: int = Field(ge=1, le=5)
    """Monday is 1."""
    customer: Slug


class RepPlan(Model):
    """One rep's plan for next week, and what the rep knows of the customers in it."""

    id: Slug
    name: BiText
    visits: list[PlannedVisit] = Field(min_length=1)
    facts: BiText
    """What the rep has done with the contested customer so far."""


class PlanCustomer(Model):
    """A customer named in the reps' plans."""

    id: Slug
    name: BiText


class PlanReviewCase(Model):
    """A weekly meeting: two reps' plans that name one customer twice, and a lost customer."""

    id: Slug
    name: BiText
    customers: list[PlanCustomer] = Field(min_length=3)
    reps: list[RepPlan] = Field(min_length=2, max_length=2)
    lead: Slug
    """The rep the manager should name lead, by the better chance of winning the customer."""
    why_lead: BiText
    lost_story: BiText
    reasons: list[Pick] = Field(min_length=2)
    destinations: list[Pick] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> PlanReviewCase:
        customers = [c.id for c in self.customers]
        _unique(customers, "customer")
        reps = [r.id for r in self.reps]
        _unique(reps, "rep")
        for r in self.reps:
            for v in r.visits:
                if v.customer not in customers:
                    raise invalid("lint.model.unknown_customer", id=repr(v.customer))
        if self.lead not in reps:
            raise invalid("lint.model.unknown_rep", id=repr(self.lead))
        if len(self.clashes()) != 1:
            raise invalid("lint.model.one_clash", n=len(self.clashes()))
        for picks in (self.reasons, self.destinations):
            _unique([p.id for p in picks], "option")
            if sum(p.right for p in picks) != 1:
                raise invalid("lint.model.one_right_pick", n=sum(p.right for p in picks))
        return self

    def clashes(self) -> list[str]:
        """The customers both reps plan to visit."""
        first, second = ({v.customer for v in r.visits} for r in self.reps)
        return sorted(first & second)


class PlanReviewDoc(TaughtMethod):
    """Weekly plan reviews: clashes to settle and lost customers to record."""

    kind: Literal["plan_review"]
    id: Slug
    name: BiText
    cases: list[PlanReviewCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> PlanReviewDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """Every rule of the meeting."""
        return ["wr_plans", "wr_lead_assistant", "wr_share", "wr_lost_record"]


class ScriptSituation(Model):
    """A moment a rep writes a standard script for, with a model script."""

    id: Slug
    name: BiText
    situation: BiText
    model_script: BiText


class ScriptLimits(Model):
    """How a written script's speaking time is estimated, and the limits it is held to.

    Lengths are speaking times, so that a script in Chinese and the same script
    in English meet the same limits.
    """

    chinese_chars_per_second: float = Field(default=4.0, ge=1, le=10)
    """Chinese characters a rep says per second at an easy pace."""
    english_words_per_second: float = Field(default=2.5, ge=0.5, le=6)
    """English words a rep says per second at an easy pace."""
    min_seconds: int = Field(default=5, ge=1, le=60)
    """The least a written script (or a revision) must take to say."""
    max_seconds: int = Field(default=90, ge=10, le=600)
    """The longest a script for one moment of a visit may take to say."""
    max_sentence_seconds: int = Field(default=9, ge=2, le=60)
    """The longest one sentence may take to say, to be said in one breath."""

    @model_validator(mode="after")
    def _order(self) -> ScriptLimits:
        if not self.min_seconds < self.max_seconds:
            raise invalid("lint.model.script_limits", low=self.min_seconds, high=self.max_seconds)
        if self.max_sentence_seconds > self.max_seconds:
            raise invalid(
                "lint.model.script_breath", breath=self.max_sentence_seconds, high=self.max_seconds
            )
        return self


class ScriptPracticeDoc(TaughtMethod):
    """Situations for writing, trying and revising a script of one's own."""

    kind: Literal["script_practice"]
    id: Slug
    name: BiText
    limits: ScriptLimits = Field(default_factory=ScriptLimits)
    """Speaking rates and time limits the checks use (the kit's defaults when left out)."""
    situations: list[ScriptSituation] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> ScriptPracticeDoc:
        _unique([s.id for s in self.situations], "situation")
        return self

    def terms_taught(self) -> list[str]:
        """The routine's steps, which the form walks through."""
        return ["ss_write", "ss_read_aloud", "ss_record", "ss_try", "ss_revise"]


class InvitationChoice(Model):
    """Something the rep could say or do; ``rule`` is the term of the method it keeps or breaks."""

    id: Slug
    text: BiText
    fits: bool = False
    rule: Slug
    why: BiText


class InvitationMoment(Model):
    """One decision in an invitation; exactly one choice fits."""

    id: Slug
    prompt: BiText
    choices: list[InvitationChoice] = Field(min_length=2)

    @model_validator(mode="after")
    def _one_fit(self) -> InvitationMoment:
        _unique([c.id for c in self.choices], "choice")
        n = sum(c.fits for c in self.choices)
        if n != 1:
            raise invalid("lint.model.one_fitting_move", n=n)
        return self


class InvitationCase(Model):
    """Inviting someone to meet, by one of the ways the method names."""

    id: Slug
    name: BiText
    way: Slug
    """The way of inviting (a term of the document's method)."""
    situation: BiText
    moments: list[InvitationMoment] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> InvitationCase:
        _unique([m.id for m in self.moments], "moment")
        return self


class InvitationDoc(TaughtMethod):
    """Invitations by phone, in person and for a long-postponed meeting."""

    kind: Literal["invitations"]
    id: Slug
    name: BiText
    cases: list[InvitationCase] = Field(min_length=1)

    @model_validator(mode="after")
    def _case_ids(self) -> InvitationDoc:
        _unique([c.id for c in self.cases], "case")
        return self

    def terms_taught(self) -> list[str]:
        """The ways of inviting and the rules the choices keep or break."""
        terms = {c.way for c in self.cases}
        terms |= {ch.rule for c in self.cases for m in c.moments for ch in m.choices}
        return sorted(terms)


# ------------------------------------------------------------------ glossary


class TermForms(Model):
    """Other ways a glossary term is written in the content, per language.

    Used only to find where the content uses the term (``窜过来`` for ``窜货``,
    "near-expiry" for "short-dated"); never shown as a term of its own.
    """

    zh: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def get(self, locale: Locale) -> list[str]:
        """Return the forms in ``locale`` ("zh" or "en")."""
        return self.zh if locale == "zh" else self.en


class GlossaryEntry(Model):
    """A trade term: the Chinese word, the English a trainer would use, and what it means."""

    id: Slug
    term: BiText
    """The term itself: ``zh`` the Chinese trade word, ``en`` its English rendering."""
    definition: BiText
    """What it is and why a rep cares, written fresh in each language."""
    variants: TermForms = Field(default_factory=TermForms)
    see_also: list[Slug] = Field(default_factory=list)
    """Ids of related entries of the same glossary."""

    @model_validator(mode="after")
    def _see_also(self) -> GlossaryEntry:
        if self.id in self.see_also:
            raise invalid("lint.model.see_also_self", id=repr(self.id))
        _unique(self.see_also, "see_also")
        return self


class GlossaryDoc(Model):
    """The trade terms the content uses, for readers who do not know them yet."""

    kind: Literal["glossary"]
    id: Slug
    name: BiText
    entries: list[GlossaryEntry] = Field(min_length=1)


# ------------------------------------------------------------------ registry

DOC_MODELS: dict[str, type[Model]] = {
    "methods": MethodsDoc,
    "visit_flow": VisitFlowDoc,
    "question_bank": QuestionBankDoc,
    "product": ProductDoc,
    "objection_scenario": ObjectionScenarioDoc,
    "field_case": FieldCaseDoc,
    "case_principles": CasePrinciplesDoc,
    "quiz": QuizDoc,
    "rubric": RubricDoc,
    "cadence": CadenceDoc,
    "account_cases": AccountCasesDoc,
    "glossary": GlossaryDoc,
    "reply_pairs": ReplyPairsDoc,
    "placement": PlacementDoc,
    "opportunity_assessment": OpportunityDoc,
    "account_plan": AccountPlanDoc,
    "calling_high": CallingHighDoc,
    "tier_sort": TierSortDoc,
    "roleplay_brief": RoleplayBriefDoc,
    "care_programme": CareProgrammeDoc,
    "customer_files": CustomerFilesDoc,
    "event_responses": EventResponsesDoc,
    "spending_rules": SpendingDoc,
    "product_line": ProductLineDoc,
    "receivables": ReceivablesDoc,
    "plan_review": PlanReviewDoc,
    "script_practice": ScriptPracticeDoc,
    "invitations": InvitationDoc,
}
"""Each document kind and the model that validates it."""

Doc = (
    MethodsDoc
    | VisitFlowDoc
    | QuestionBankDoc
    | ProductDoc
    | ObjectionScenarioDoc
    | FieldCaseDoc
    | CasePrinciplesDoc
    | QuizDoc
    | RubricDoc
    | CadenceDoc
    | AccountCasesDoc
    | GlossaryDoc
    | ReplyPairsDoc
    | PlacementDoc
    | OpportunityDoc
    | AccountPlanDoc
    | CallingHighDoc
    | TierSortDoc
    | RoleplayBriefDoc
    | CareProgrammeDoc
    | CustomerFilesDoc
    | EventResponsesDoc
    | SpendingDoc
    | ProductLineDoc
    | ReceivablesDoc
    | PlanReviewDoc
    | ScriptPracticeDoc
    | InvitationDoc
)
