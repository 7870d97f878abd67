"""What every page shares: who is using it, in which language, on which content and store.

A :class:`Session` is handed to every view on a page (training modules, the
trainer's score sheet); views register callbacks to relabel themselves when
the language changes, to reload when another person takes over, and to
refresh summaries when an attempt is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

import ipywidgets as w

from helpers.i18n import t
from helpers.playbook.library import Library
from helpers.playbook.models import Locale, Text
from helpers.store import Attempt, Store

LEARNER_ID_MAX = 64
"""The longest learner id the store keeps."""

KIT_CSS = Path(__file__).parent / "learner" / "widgets" / "kit.css"
"""The kit's style sheet: text wraps and controls fit the page, at any width."""

ROLES = (
    "view",
    "exercise",
    "text",
    "choices",
    "check",
    "toggles",
    "button",
    "reply",
    "select",
    "inline",
    "short",
    "field",
    "slider",
    "tabs",
    "panel",
    "row",
    "image",
    "wide",
    "narrow",
)
"""What a widget is to the style sheet: ``styled(w, "choices")`` gives it the class
``coachkit-choices``, which :data:`KIT_CSS` styles."""

W = TypeVar("W", bound=w.DOMWidget)


@cache
def kit_css() -> str:
    """The text of :data:`KIT_CSS`."""
    return KIT_CSS.read_text(encoding="utf-8")


def kit_style() -> w.HTML:
    """The kit's style sheet as a widget, to show once on each page.

    Its value is ``<style>…</style>`` holding :data:`KIT_CSS`; the widget
    itself takes no room on the page.
    """
    return w.HTML(value=f"<style>{kit_css()}</style>", layout=w.Layout(display="none"))


def styled(widget: W, *roles: str) -> W:
    """Give ``widget`` the CSS classes of its ``roles`` (see :data:`ROLES`) and return it.

    Raises
    ------
    ValueError
        For a role the style sheet does not know.
    """
    for role in roles:
        if role not in ROLES:
            raise ValueError(f"unknown style role {role!r}; known: {', '.join(ROLES)}")
        widget.add_class(f"coachkit-{role}")
    if "view" in roles:
        widget.add_class("coachkit")
    return widget


def check_learner_id(learner_id: str) -> str:
    """A learner id with surrounding space removed, checked for the store.

    Raises
    ------
    ValueError
        If it is empty, longer than :data:`LEARNER_ID_MAX` characters or holds
        a character that cannot be printed (a control character, a line break).
    """
    value = learner_id.strip()
    if not value or len(value) > LEARNER_ID_MAX or not value.isprintable():
        raise ValueError(
            f"a learner id is 1 to {LEARNER_ID_MAX} printable characters, got {learner_id!r}"
        )
    return value


@dataclass
class Session:
    """Who is learning, in which language, against which content and store.

    Views register callbacks with :meth:`on_locale` (relabel when the
    language changes), :meth:`on_learner` (reload when another learner takes
    over) and :meth:`on_attempt` (refresh summaries when an attempt is stored).
    """

    lib: Library
    store: Store
    learner_id: str
    locale: Locale = "en"
    _listeners: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _learner_listeners: list[Callable[[], None]] = field(default_factory=list, repr=False)
    _attempt_listeners: list[Callable[[Attempt], None]] = field(default_factory=list, repr=False)

    def on_locale(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the language changes."""
        self._listeners.append(callback)

    def on_learner(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever another learner takes over the session."""
        self._learner_listeners.append(callback)

    def on_attempt(self, callback: Callable[[Attempt], None]) -> None:
        """Call ``callback`` with each attempt stored through this session."""
        self._attempt_listeners.append(callback)

    def set_locale(self, locale: Locale) -> None:
        """Switch every registered view to ``locale``."""
        if locale not in ("zh", "en"):
            raise ValueError(f"locale must be 'zh' or 'en', got {locale!r}")
        self.locale = locale
        for callback in list(self._listeners):
            callback()

    def set_learner(self, learner_id: str) -> None:
        """Hand the session to another learner and tell every registered view.

        Raises
        ------
        ValueError
            If the id is not 1 to 64 printable characters (see :func:`check_learner_id`).
        """
        value = check_learner_id(learner_id)
        if value == self.learner_id:
            return
        self.learner_id = value
        for callback in list(self._learner_listeners):
            callback()

    def attempt_stored(self, attempt: Attempt) -> None:
        """Tell the registered views that ``attempt`` was stored."""
        for callback in list(self._attempt_listeners):
            callback(attempt)

    def text(self, value: Text) -> str:
        """A content string in the session's language."""
        return value.get(self.locale)

    def ui(self, key: str, **values: object) -> str:
        """An interface string in the session's language."""
        return t(key, self.locale, **values)

    def language_toggle(self) -> w.ToggleButtons:
        """A zh/en switch wired to this session, both ways.

        Choosing a language on it switches the session; a switch made anywhere
        else (another toggle, :meth:`set_locale`) moves it too, so every
        toggle on the page always shows the language in use.
        """
        toggle = styled(
            w.ToggleButtons(options=[("中文", "zh"), ("English", "en")], value=self.locale),
            "toggles",
        )

        def chosen(change: dict[str, Any]) -> None:
            if change["new"] != self.locale:
                self.set_locale(change["new"])

        def follow() -> None:
            if toggle.value != self.locale:
                toggle.value = self.locale

        toggle.observe(chosen, names="value")
        self.on_locale(follow)
        return toggle


def relabel_options(control: w.Widget, options: list[tuple[str, Any]]) -> None:
    """Replace a selection control's labels, keeping what the learner selected."""
    value = control.value
    control.options = options
    values = [v for _, v in options]
    if isinstance(value, tuple):
        control.value = tuple(v for v in value if v in values)
    elif value in values:
        control.value = value
