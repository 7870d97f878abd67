"""One function per section of the training notebooks: each builds the widgets for
every piece of content that section has, so the notebooks stay a line per cell.

The kit's style sheet (:func:`kit_style`) is shown once per page, by whoever
lays the page out; every widget here carries the classes it styles.
"""

from __future__ import annotations

import html
import os
from collections.abc import Callable, Mapping

import ipywidgets as w
from matplotlib.figure import Figure

from helpers.learner.charts import figure_png, flow_diagram, funnel_chart, progress_chart
from helpers.learner.exercises.followup import DISTANCE_PROFILES
from helpers.learner.exercises.funnel import model_funnel
from helpers.learner.exercises.scripts import limits as script_limits
from helpers.learner.exercises.scripts import limits_for
from helpers.learner.progress import module_progress, quiz_module
from helpers.learner.widgets.base import ExerciseView, Session, doc_items
from helpers.learner.widgets.cases import BrokenPrinciplesView, CaseView
from helpers.learner.widgets.channel import (
    ChannelOrderView,
    InvitationView,
    PlanReviewView,
    ProductLineView,
    ReceivablesView,
    ScriptView,
)
from helpers.learner.widgets.ffab import (
    AssembleView,
    DistractorView,
    OwnChainView,
    RankNeedsView,
    TieNeedsView,
)
from helpers.learner.widgets.flow import ChecklistView, NextStageView, StageOrderView, TermOrderView
from helpers.learner.widgets.followup import (
    AccountGradeView,
    DistanceView,
    SimulatorView,
    VisitPlanView,
)
from helpers.learner.widgets.funnel import (
    ClassifyView,
    FunnelView,
    OwnQuestionView,
    classify_sample,
)
from helpers.learner.widgets.key_accounts import (
    AccountPlanView,
    CallingHighView,
    MethodOrderView,
    OpportunityView,
    PlacementView,
    ReplyPairView,
    TierSortView,
)
from helpers.learner.widgets.quiz import QuizView
from helpers.learner.widgets.relationship import (
    AdvanceView,
    CalendarView,
    CareFileView,
    ClaimView,
    EventResponseView,
    RetentionView,
    StatementView,
)
from helpers.learner.widgets.scenario import ScenarioView, SkippedStepsView
from helpers.playbook.models import Locale
from helpers.ui import kit_style, styled

__all__ = ["kit_style"]


def _tabs(session: Session, pages: list[tuple[object, w.Widget]]) -> w.Widget:
    """Tabs titled by content names (Text), retitled when the language changes.

    The titles wrap and the tab bar runs on to more rows, so every title shows whole.
    """
    if not pages:
        return styled(w.HTML(session.ui("ui.no_content")), "text")
    tab = styled(w.Tab(children=[p for _, p in pages]), "tabs")

    def titles() -> None:
        tab.titles = tuple(session.text(t) if hasattr(t, "zh") else str(t) for t, _ in pages)

    titles()
    session.on_locale(titles)
    return tab


def _chart(
    session: Session, draw: Callable[[Locale], Figure], follow_learner: bool = False
) -> w.Image:
    """An image of ``draw(locale)``, redrawn when the language changes.

    With ``follow_learner``, it is also redrawn when another learner takes
    over the session and after each attempt stored through it (for charts of
    the learner's own progress).
    """
    image = styled(w.Image(format="png"), "image")

    def render() -> None:
        image.value = figure_png(draw(session.locale), dpi=80)

    render()
    session.on_locale(render)
    if follow_learner:
        session.on_learner(render)
        session.on_attempt(lambda _a: render())
    return image


def _charts(
    session: Session, wide: Callable[[Locale], Figure], narrow: Callable[[Locale], Figure]
) -> w.Box:
    """A chart drawn for wide screens and again for phones; the style sheet shows one."""
    return styled(
        w.VBox([styled(_chart(session, wide), "wide"), styled(_chart(session, narrow), "narrow")]),
        "row",
    )


def header(session: Session) -> w.Widget:
    """The kit's style, the learner id and the language switch, at the top of every module.

    Both follow the session: the id shown changes when another learner takes
    over, and the switch moves when the language is changed elsewhere. In the
    app it also links back to the start page.
    """
    from helpers.app import identity

    who = w.HTML()
    home = os.environ.get("VOILA_BASE_URL", "/") if identity.in_app() else None

    def label() -> None:
        text = session.ui("ui.learner_is", id=f"<b>{html.escape(session.learner_id)}</b>")
        if home is not None:
            back = html.escape(session.ui("app.back_to_start"))
            text += f' · <a href="{html.escape(home)}">{back}</a>'
        who.value = text

    label()
    session.on_locale(label)
    session.on_learner(label)
    return styled(w.HBox([kit_style(), styled(who, "text"), session.language_toggle()]), "row")


def trade_terms(session: Session) -> w.Accordion:
    """The trade-terms glossary in a closed panel, opened with a click, for every module.

    Inside, a search box narrows the terms; the panel's title and the terms
    follow the session's language.
    """
    from helpers.learner.widgets.glossary import GlossaryView

    panel = styled(
        w.Accordion(children=[GlossaryView(session).widget], selected_index=None), "panel"
    )

    def title() -> None:
        panel.titles = (session.ui("glossary.title"),)

    title()
    session.on_locale(title)
    return panel


# ------------------------------------------------------------------- 00 welcome
def welcome(session: Session) -> w.Widget:
    """The kit's style, the learner id, the language, progress bars and today's reviews."""
    from helpers.learner.widgets.home import HomeView

    return w.VBox([kit_style(), HomeView(session).widget])


def progress_figure(session: Session) -> w.Image:
    """Mastery per module as a bar chart, in an image that keeps itself up to date.

    Redrawn when the language changes, when another learner takes over, and
    after each attempt stored through the session.
    """

    def draw(locale: Locale) -> Figure:
        rows = module_progress(session.lib, session.store, session.learner_id)
        return progress_chart({r.module: r.mastery for r in rows}, locale)

    return _chart(session, draw, follow_learner=True)


# ------------------------------------------------------------------ 01 visit flow
def reveal(session: Session, content: w.Widget, show_key: str, hide_key: str) -> w.VBox:
    """``content`` hidden behind a button that shows it (and hides it again).

    A plain button, so a keyboard opens it as well as a mouse; its label says
    what it shows, in the session's language.
    """
    button = styled(w.ToggleButton(value=False), "button")
    content.layout.display = "none"

    def label() -> None:
        button.description = session.ui(hide_key if button.value else show_key)

    def toggled(_change: object) -> None:
        content.layout.display = None if button.value else "none"
        label()

    button.observe(toggled, names="value")
    label()
    session.on_locale(label)
    return styled(w.VBox([button, content]), "row")


def flow_diagrams(session: Session) -> w.Widget:
    """The visit flows as diagrams, one tab each, each hidden until the learner asks for it.

    The flows are the answers to the ordering exercises below them.
    """
    pages = [
        (
            f.name,
            reveal(
                session,
                _charts(
                    session,
                    lambda loc, f=f: flow_diagram(f, loc),
                    lambda loc, f=f: flow_diagram(f, loc, per_row=2),
                ),
                "ui.show_flow",
                "ui.hide_flow",
            ),
        )
        for f in session.lib.flows
    ]
    return _tabs(session, pages)


def stage_order(session: Session) -> w.Widget:
    """Put the stages of each flow in order."""
    return _tabs(
        session, [(f.name, StageOrderView(session, f.id).widget) for f in session.lib.flows]
    )


def next_stage(session: Session) -> w.Widget:
    """ "What do you do next?" for each stage of the canonical flow."""
    flow = session.lib.canonical_flow
    if flow is None:
        return _tabs(session, [])
    views = [NextStageView(session, s.id).widget for s in flow.ordered()[:-1]]
    return styled(w.VBox(views), "view")


def previsit_checklist(session: Session) -> w.Widget:
    """The pre-visit checklist (the "prepare" stage)."""
    if "prepare" not in session.lib.stages:
        return _tabs(session, [])
    return ChecklistView(session, "prepare").widget


def opening_statement(session: Session) -> w.Widget:
    """Order the four parts of the opening statement and the three of commitment."""
    method = session.lib.methods.get("visit_flow")
    prefixes = [
        p
        for p in ("opening_", "commit_")
        if method is not None and any(t.id.startswith(p) for t in method.terms)
    ]
    if not prefixes:
        return _tabs(session, [])
    return styled(w.VBox([TermOrderView(session, p).widget for p in prefixes]), "view")


def retail_steps(session: Session) -> w.Widget:
    """Order the steps of the retail store visit."""
    flows = [f for f in session.lib.flows if f.variant == "retail_store"]
    return _tabs(session, [(f.name, StageOrderView(session, f.id).widget) for f in flows])


# -------------------------------------------------------------- 02 question funnel
def classify_questions(session: Session) -> w.Widget:
    """Classify questions, one tab per customer scenario."""
    return _tabs(
        session, [(b.name, ClassifyView(session, b.id).widget) for b in session.lib.question_banks]
    )


def build_funnels(session: Session) -> w.Widget:
    """Build a funnel for each customer scenario."""
    return _tabs(
        session, [(b.name, FunnelView(session, b.id).widget) for b in session.lib.question_banks]
    )


def own_question(session: Session) -> w.Widget:
    """Write a question and have it classified."""
    return OwnQuestionView(session).widget


def funnel_picture(session: Session) -> w.Widget:
    """A model funnel for each bank: expanding questions, then limiting ones, broad at the top.

    Drawn from questions the classifying exercise below does not ask about,
    so the picture gives none of its answers away.
    """
    pages = []
    for bank in session.lib.question_banks:
        asked = [q.id for q in classify_sample(bank.questions)]
        qs = model_funnel(bank, leave_out=asked)
        chart = _charts(
            session,
            lambda loc, qs=qs: funnel_chart(qs, loc),
            lambda loc, qs=qs: funnel_chart(qs, loc, narrow=True),
        )
        pages.append((bank.name, chart))
    return _tabs(session, pages)


# --------------------------------------------------------------------- 03 FFAB
def rank_needs(session: Session) -> w.Widget:
    """Rank each customer's needs before pitching."""
    return _tabs(
        session, [(p.name, RankNeedsView(session, p.id).widget) for p in session.lib.products]
    )


def assemble_chains(session: Session) -> w.Widget:
    """Assemble each chain of each product."""
    pages = []
    for p in session.lib.products:
        views = [AssembleView(session, p.id, c.id, seed=i).widget for i, c in enumerate(p.chains)]
        pages.append((p.name, styled(w.VBox(views), "view")))
    return _tabs(session, pages)


def tie_needs(session: Session) -> w.Widget:
    """Tie benefits to needs."""
    return _tabs(
        session, [(p.name, TieNeedsView(session, p.id).widget) for p in session.lib.products]
    )


def spot_distractors(session: Session) -> w.Widget:
    """Spot the distractors."""
    return _tabs(
        session,
        [
            (p.name, DistractorView(session, p.id).widget)
            for p in session.lib.products
            if p.distractors
        ],
    )


def own_chain(session: Session) -> w.Widget:
    """Write your own chain."""
    return _tabs(
        session, [(p.name, OwnChainView(session, p.id).widget) for p in session.lib.products]
    )


# ---------------------------------------------------------------- 04 objections
def scenarios(session: Session) -> w.Widget:
    """Every objection scenario, one tab each."""
    return _tabs(
        session, [(s.title, ScenarioView(session, s.id).widget) for s in session.lib.scenarios]
    )


def skipped_steps(session: Session) -> w.Widget:
    """The steps and tactics this learner skips most often, over all their scenarios.

    Updated after each finished dialogue, and when the language or the learner changes.
    """
    return SkippedStepsView(session).widget


# ---------------------------------------------------------------- 05 follow-up
def grade_accounts(session: Session) -> w.Widget:
    """Grade each account case."""
    views = [AccountGradeView(session, c.id).widget for c in session.lib.account_cases]
    return styled(w.VBox(views), "view")


def visit_plan(session: Session) -> w.Widget:
    """Plan four weeks of visits."""
    if not session.lib.account_cases or session.lib.cadence is None:
        return _tabs(session, [])
    return VisitPlanView(session).widget


def simulator(session: Session) -> w.Widget:
    """The probability principles simulator."""
    return SimulatorView(session).widget


def distance(session: Session, n: int = DISTANCE_PROFILES) -> w.Widget:
    """Place customer profiles on the psychological-distance stages."""
    return styled(w.VBox([DistanceView(session, seed=i).widget for i in range(n)]), "view")


# --------------------------------------------------------------- 06 key accounts
def _views(session: Session, views: list[w.Widget]) -> w.Widget:
    """Exercise views one under another, or the "no content" line when there are none."""
    return styled(w.VBox(views), "view") if views else _tabs(session, [])


def _each(session: Session, view: type[ExerciseView], kind: str, items: str) -> w.Widget:
    """One ``view`` for each of the ``items`` of the documents of ``kind``, one under another."""
    return _views(session, [view(session, i.id).widget for _, i in doc_items(session, kind, items)])


def adviser_or_vendor(session: Session) -> w.Widget:
    """Which reply is the adviser's, and which skill it shows, for every pair."""
    return _each(session, ReplyPairView, "reply_pairs", "pairs")


def _placements(session: Session, method: str) -> w.Widget:
    """The stages of ``method`` in order, then every case to place on them."""
    views = []
    if method in session.lib.methods:
        views.append(MethodOrderView(session, method).widget)
    cases = [c for d in session.lib.of_kind("placement") if d.method == method for c in d.cases]
    views += [PlacementView(session, c.id).widget for c in cases]
    return _views(session, views)


def buyer_process(session: Session) -> w.Widget:
    """The buyer's process: its seven stages in order, then customers to place and move on."""
    return _placements(session, "buyer_process")


def development_stages(session: Session) -> w.Widget:
    """The four development stages in order, then accounts to place and take further."""
    return _placements(session, "ka_development")


def opportunity_assessment(session: Session) -> w.Widget:
    """Rate and compare accounts on the weighted factors, one tab per set."""
    sets = [s for d in session.lib.of_kind("opportunity_assessment") for s in d.sets]
    return _tabs(session, [(s.name, OpportunityView(session, s.id).widget) for s in sets])


def account_plan(session: Session) -> w.Widget:
    """The three-step account plan form for each account."""
    return _each(session, AccountPlanView, "account_plan", "cases")


def calling_high(session: Session) -> w.Widget:
    """The calling-high preparation form for each case."""
    return _each(session, CallingHighView, "calling_high", "cases")


def key_account_tiers(session: Session) -> w.Widget:
    """Sort accounts into the tiers and give each tier its visits."""
    if session.lib.cadence is None or not session.lib.cadence.key_account_tiers:
        return _tabs(session, [])
    docs = session.lib.of_kind("tier_sort")
    return _views(session, [TierSortView(session, d.id).widget for d in docs])


# --------------------------------------------------------- 07 relationship
def customer_file(session: Session) -> w.Widget:
    """Sort what was heard about each customer into the basic file or not."""
    return _each(session, CareFileView, "customer_files", "cases")


def maintenance_calendar(session: Session) -> w.Widget:
    """A quarter's maintenance calendar for each customer, one tab each."""
    if not session.lib.of_kind("care_programme") or session.lib.cadence is None:
        return _tabs(session, [])
    cases = [c for d in session.lib.of_kind("customer_files") for c in d.cases]
    return _tabs(session, [(c.name, CalendarView(session, c.id).widget) for c in cases])


def event_responses(session: Session) -> w.Widget:
    """Respond to each customer's news."""
    return _each(session, EventResponseView, "event_responses", "cases")


def keeping_customers(session: Session) -> w.Widget:
    """What losing each customer would cost, at the documents' multiples."""
    return _each(session, RetentionView, "care_programme", "retention")


def spending_claims(session: Session) -> w.Widget:
    """Which claims for relationship spending are paid now."""
    return _each(session, ClaimView, "spending_rules", "claims")


def statement_deadlines(session: Session) -> w.Widget:
    """When each month's statement is due and reviewed, in working days."""
    return _each(session, StatementView, "spending_rules", "statements")


def advance_cap(session: Session) -> w.Widget:
    """Whether each request for an advance stays under the cap."""
    return _each(session, AdvanceView, "spending_rules", "advances")


# ---------------------------------------------------------------- 09 field cases
def field_cases(session: Session) -> w.Widget:
    """Every field case, one tab each."""
    return _tabs(
        session, [(c.title, CaseView(session, c.id).widget) for c in session.lib.field_cases]
    )


def broken_principles(session: Session) -> w.Widget:
    """The principles this learner broke most often, over all their cases.

    Updated after each finished case, and when the language or the learner changes.
    """
    return BrokenPrinciplesView(session).widget


# ------------------------------------------------------------ 08 channel and management
def method_summaries(
    session: Session,
    methods: list[str],
    note: str | None = None,
    values: Mapping[str, str] | None = None,
) -> w.HTML:
    """The summary of each of ``methods`` under its name, as the content states it.

    Shown above the exercises that apply the methods, so the rules are in view
    before the learner answers; ``note`` is a catalogue message shown after them,
    filled with ``values``. Follows the session's language.
    """
    box = styled(w.HTML(), "text")

    def render() -> None:
        parts = []
        for mid in methods:
            method = session.lib.methods.get(mid)
            if method is not None:
                label = html.escape(session.text(method.name))
                parts.append(
                    session.ui(
                        "ui.ka_labelled",
                        label=f"<b>{label}</b>",
                        text=html.escape(session.text(method.summary)),
                    )
                )
        if note is not None:
            parts.append(html.escape(session.ui(note, **(values or {}))))
        box.value = "".join(f"<p>{p}</p>" for p in parts)

    render()
    session.on_locale(render)
    return box


def _ordered_then(
    session: Session, method: str, summaries: list[w.Widget], views: list[w.Widget]
) -> w.Widget:
    """The stages of ``method`` in order, then the methods' summaries, then ``views``.

    The summaries come after the ordering exercise, which they would otherwise answer.
    """
    first = [ChannelOrderView(session, method).widget] if method in session.lib.methods else []
    return _views(session, [*first, *summaries, *views])


def product_line(session: Session) -> w.Widget:
    """The life cycle's stages in order, the two methods, then product lines to layer and trim."""
    cases = [c for d in session.lib.of_kind("product_line") for c in d.cases]
    summary = method_summaries(session, ["layered_product_line", "profit_chain"])
    return _ordered_then(
        session, "profit_chain", [summary], [ProductLineView(session, c.id).widget for c in cases]
    )


def receivables(session: Session) -> w.Widget:
    """The classes' rules, then each month's ledger to sort into A, B and C, one tab per ledger."""
    ledgers = [g for d in session.lib.of_kind("receivables") for g in d.ledgers]
    tabs = _tabs(session, [(g.name, ReceivablesView(session, g.id).widget) for g in ledgers])
    return styled(w.VBox([method_summaries(session, ["receivable_classes"]), tabs]), "view")


def plan_review(session: Session) -> w.Widget:
    """The meeting's rules, then a clash and a lost customer to settle, for every case."""
    cases = [c for d in session.lib.of_kind("plan_review") for c in d.cases]
    summary = method_summaries(session, ["weekly_plan_review"])
    return _views(session, [summary, *(PlanReviewView(session, c.id).widget for c in cases)])


def standard_scripts(session: Session) -> w.Widget:
    """The routine's five steps in order, the method and the limits the checks use, then a
    script of your own for each situation."""
    situations = [x for d in session.lib.of_kind("script_practice") for x in d.situations]
    rules = script_limits(limits_for(session.lib))
    summary = method_summaries(session, ["standard_scripts"], "ui.ch_script_limits", rules)
    return _ordered_then(
        session,
        "standard_scripts",
        [summary],
        [ScriptView(session, x.id).widget for x in situations],
    )


def invitations(session: Session) -> w.Widget:
    """The three ways of inviting, then one case for each: by phone, in person, long postponed."""
    cases = [c for d in session.lib.of_kind("invitations") for c in d.cases]
    tabs = _tabs(session, [(c.name, InvitationView(session, c.id).widget) for c in cases])
    return styled(w.VBox([method_summaries(session, ["sincere_invitation"]), tabs]), "view")


# -------------------------------------------------------------------- quizzes
def quiz(session: Session, module: str) -> w.Widget:
    """The quiz items that belong to ``module``."""
    items = [i for i in session.lib.quiz_items.values() if quiz_module(i.topics) == module]
    return styled(w.VBox([QuizView(session, i.id).widget for i in items]), "view")
