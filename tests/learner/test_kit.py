"""The kit's style sheet and the classes, labels and keyboard controls the widgets carry."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import ipywidgets as widgets
import pytest

from helpers.learner.widgets import modules
from helpers.learner.widgets.scenario import ScenarioView
from helpers.playbook import load_library
from helpers.store import Store
from helpers.trainer.sheet_view import ScoreSheetView
from helpers.ui import KIT_CSS, ROLES, Session, kit_css, kit_style, styled
from tests.conftest import PROJECT
from tests.learner.test_widgets import every_exercise


@pytest.fixture(scope="module")
def shipped_lib():
    return load_library(PROJECT / "playbooks")


@pytest.fixture
def shipped(shipped_lib, tmp_path: Path) -> Session:
    return Session(shipped_lib, Store(f"sqlite:///{tmp_path / 's.sqlite'}"), "li.na", "en")


def tree(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from tree(child)


def classes(widget: widgets.Widget) -> set[str]:
    return set(widget._dom_classes)


# the class each kind of control must carry for the style sheet to wrap and size it
NEEDS = {
    widgets.RadioButtons: "coachkit-choices",
    widgets.Checkbox: "coachkit-check",
    widgets.ToggleButtons: "coachkit-toggles",
    widgets.Dropdown: "coachkit-select",
    widgets.Text: "coachkit-field",
    widgets.Textarea: "coachkit-field",
    widgets.Combobox: "coachkit-field",
    widgets.HTML: "coachkit-text",
    widgets.Tab: "coachkit-tabs",
    widgets.Image: "coachkit-image",
}
"""Buttons carry ``coachkit-button``; ``ToggleButton`` is a button too."""

NAMED = (widgets.Dropdown, widgets.Text, widgets.Textarea, widgets.Combobox, widgets.Select)
"""Controls whose accessible name is their description (a label tied to the input)."""


def check_kit(widget: widgets.Widget, where: str) -> None:
    for w in tree(widget):
        kind = type(w)
        if kind in (widgets.Button, widgets.ToggleButton):
            assert "coachkit-button" in classes(w), f"{where}: {kind.__name__} unstyled"
            assert w.description, f"{where}: a button without a label"
        elif kind in NEEDS and w.layout.display != "none":
            assert NEEDS[kind] in classes(w), f"{where}: {kind.__name__} lacks {NEEDS[kind]}"
        if isinstance(w, NAMED):
            assert w.description.strip(), f"{where}: a {kind.__name__} without a label"
        assert not isinstance(w, widgets.SelectMultiple), f"{where}: a multi-select list"
        assert not isinstance(w, widgets.Accordion), f"{where}: an accordion (mouse only)"


# ------------------------------------------------------------------ the style sheet


def test_the_style_sheet_is_self_contained() -> None:
    css = KIT_CSS.read_text(encoding="utf-8")
    assert css == kit_css()
    assert not re.search(r"https?:|//[a-z0-9.-]+\.[a-z]{2,}/|url\s*\(|@import", css, re.I)
    # the braces balance, so no rule swallows the next
    assert css.count("{") == css.count("}") > 20


def test_every_role_has_rules_and_text_wraps() -> None:
    css = kit_css()
    for role in ROLES:
        assert f".coachkit-{role}" in css, role
    # wrapped, not cut: the rules undo ipywidgets' nowrap and ellipsis
    assert "white-space: nowrap" not in css and "text-overflow: ellipsis" not in css
    for role in ("choices", "check", "toggles", "button", "tabs", "text"):
        block = "".join(re.findall(rf"[^}}]*\.coachkit-{role}[^{{]*{{[^}}]*}}", css))
        assert "white-space: normal" in block, role
        assert "overflow-wrap: anywhere" in block, role
    # radio options grow with their text instead of overlapping the next
    radio = re.search(r"\.coachkit-choices \.widget-radio-box label \{([^}]*)\}", css)
    assert radio and "height: auto" in radio.group(1) and "line-height: 1.45" in radio.group(1)


def test_kit_style_is_one_hidden_style_element() -> None:
    style = kit_style()
    assert isinstance(style, widgets.HTML) and style.layout.display == "none"
    assert style.value == f"<style>{kit_css()}</style>"


def test_styled_refuses_an_unknown_role() -> None:
    with pytest.raises(ValueError, match="unknown style role"):
        styled(widgets.HTML(), "fancy")
    assert classes(styled(widgets.VBox(), "view")) == {"coachkit", "coachkit-view"}


# ------------------------------------------------------------------ the widgets


def test_every_exercise_carries_the_classes_and_labels(shipped: Session) -> None:
    for view in every_exercise(shipped):
        name = type(view).__name__
        assert {"coachkit", "coachkit-exercise"} <= classes(view.widget), name
        check_kit(view.widget, name)
        shipped.set_locale("zh")  # labels stay after relabelling
        check_kit(view.widget, f"{name} (zh)")
        shipped.set_locale("en")


def test_every_module_section_carries_the_classes(shipped: Session) -> None:
    sections = [
        modules.flow_diagrams,
        modules.stage_order,
        modules.next_stage,
        modules.previsit_checklist,
        modules.opening_statement,
        modules.retail_steps,
        modules.funnel_picture,
        modules.classify_questions,
        modules.build_funnels,
        modules.own_question,
        modules.rank_needs,
        modules.assemble_chains,
        modules.tie_needs,
        modules.spot_distractors,
        modules.own_chain,
        modules.scenarios,
        modules.skipped_steps,
        modules.grade_accounts,
        modules.visit_plan,
        modules.simulator,
        modules.distance,
    ]
    for section in sections:
        check_kit(section(shipped), section.__name__)
    check_kit(modules.quiz(shipped, "05_follow_up"), "quiz")


def test_scenario_replies_wrap_and_are_plain_buttons(shipped: Session) -> None:
    view = ScenarioView(shipped, shipped.lib.scenarios[0].id)
    for button in view.choice_buttons().values():
        assert {"coachkit-button", "coachkit-reply"} <= classes(button)
        assert button.tooltip is None or button.tooltip == ""


def test_the_score_sheet_carries_the_classes_and_labels(shipped: Session) -> None:
    shipped.learner_id = "TR1"
    view = ScoreSheetView(shipped)
    view.rep.value = "li.na"
    view.open(new_rep=True)
    check_kit(view.widget, "score sheet")
    assert "coachkit-choices" in classes(view.scenario)
    # no button in the info colour, whose white text reads below 4.5:1
    assert all(getattr(w, "button_style", "") != "info" for w in tree(view.widget)), (
        "an info-coloured button"
    )
