"""The welcome page: who am I, my language, my progress per module, what to review today."""

from __future__ import annotations

import html
import json
import os
from pathlib import Path

import ipywidgets as w

from helpers.config import get_settings
from helpers.learner import review
from helpers.learner.progress import exercise_label, module_progress
from helpers.learner.widgets.base import LEARNER_ID_MAX, Session
from helpers.playbook.library import Library
from helpers.store import Store


class HomeView:
    """Learner id, language switch, progress bars per module and today's reviews.

    The learner box and the language switch follow the session: a change made
    elsewhere (another toggle, ``Session.set_learner``) shows here too, and the
    page is redrawn after every attempt stored through the session.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        from helpers.app.identity import hub_user

        # under JupyterHub the learner is the hub user: shown, never changed here
        self.learner = w.Text(
            value=session.learner_id, continuous_update=False, disabled=hub_user() is not None
        )
        self.learner.observe(lambda c: self.set_learner(c["new"]), names="value")
        self.learner_error = w.HTML()
        self.toggle = session.language_toggle()
        self.bars: dict[str, tuple[w.Label, w.FloatProgress, w.Label]] = {}
        self.progress_box = w.VBox()
        self.due = w.HTML()
        self.widget = w.VBox(
            [w.HBox([self.learner, self.toggle]), self.learner_error, self.progress_box, self.due]
        )
        self._bad_learner: str | None = None
        session.on_locale(self.refresh)
        session.on_learner(self._learner_changed)
        session.on_attempt(lambda _a: self.refresh())
        self.refresh()

    def set_learner(self, learner_id: str) -> None:
        """Switch to another learner (e.g. a shared training-room machine).

        An empty id is ignored; one longer than 64 characters or holding a
        character that cannot be printed is refused with a message in the
        session's language, and the session stays with the current learner.
        """
        from helpers.app.identity import hub_user

        if not learner_id.strip() or hub_user() is not None:
            return
        try:
            self.session.set_learner(learner_id)
        except ValueError:
            self._bad_learner = learner_id
            self._show_learner_error()
            return
        self._bad_learner = None
        self._show_learner_error()
        remember(self.session.learner_id, self.session.locale)

    def _learner_changed(self) -> None:
        if self.learner.value.strip() != self.session.learner_id:
            self.learner.value = self.session.learner_id
        self.refresh()

    def _show_learner_error(self) -> None:
        s = self.session
        if self._bad_learner is None:
            self.learner_error.value = ""
            return
        text = s.ui("ui.learner_invalid", max=LEARNER_ID_MAX)
        self.learner_error.value = (
            f'<span role="alert" style="color:#b3261e">{html.escape(text)}</span>'
        )

    def refresh(self) -> None:
        """Reread progress and due reviews from the store and redraw."""
        s = self.session
        self.learner.description = s.ui("ui.learner")
        self._show_learner_error()
        rows = module_progress(s.lib, s.store, s.learner_id)
        boxes = []
        for r in rows:
            label = w.Label(s.ui(f"module.{r.module}"), layout=w.Layout(width="16em"))
            bar = w.FloatProgress(value=r.mastery, min=0, max=1, bar_style="info")
            pct = w.Label(f"{r.mastery:.0%} ({r.mastered}/{r.exercises})")
            self.bars[r.module] = (label, bar, pct)
            boxes.append(w.HBox([label, bar, pct]))
        self.progress_box.children = boxes
        due = review.due(s.store, s.learner_id)
        if not due:
            self.due.value = f"<b>{s.ui('ui.due_today')}</b><br>{s.ui('ui.nothing_due')}"
        else:
            items = "".join(
                f"<li>{html.escape(s.text(exercise_label(s.lib, c.item_id)))}</li>" for c in due
            )
            self.due.value = f"<b>{s.ui('ui.due_today')} ({len(due)})</b><ul>{items}</ul>"


def _me_file() -> Path:
    var = get_settings().var
    assert var is not None
    return var / "me.json"


def remembered() -> dict[str, str]:
    """The learner id and language last chosen on this machine (``var/me.json``).

    ``COACHKIT_LEARNER`` overrides the learner id (useful on a shared server).
    """
    path = _me_file()
    data: dict[str, str] = {}
    if path.exists():
        try:
            data = {k: str(v) for k, v in json.loads(path.read_text("utf-8")).items()}
        except (ValueError, AttributeError):
            data = {}
    if os.environ.get("COACHKIT_LEARNER"):
        data["learner_id"] = os.environ["COACHKIT_LEARNER"]
    return data


def remember(learner_id: str, locale: str) -> None:
    """Keep the learner id and language for the next notebook or session."""
    path = _me_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"learner_id": learner_id, "locale": locale}), "utf-8")


def start(
    learner_id: str | None = None,
    locale: str | None = None,
    lib: Library | None = None,
    store: Store | None = None,
) -> Session:
    """Open a learning session on the configured playbooks and store.

    Under JupyterHub the learner is always the hub user. In JupyterLab,
    without a learner id or language, the ones chosen last on the welcome page
    are used (a first-time learner starts as "guest", in
    English). In the app nothing is read from or written to a file: the page
    starts as "guest" and :func:`arrive` hands it to the person who opened it.
    """
    from helpers.app import identity
    from helpers.app.kernel import install_error_handler, keep_every_message
    from helpers.playbook import load_library

    keep_every_message()
    app = identity.in_app()
    mine = {} if app else remembered()
    hub = identity.hub_user()
    session = Session(
        lib=lib if lib is not None else load_library(),
        store=store if store is not None else Store(),
        learner_id=hub or learner_id or mine.get("learner_id", "guest"),
        locale=(locale or mine.get("locale", "en")),  # type: ignore[arg-type]
    )
    if app:
        install_error_handler(lambda: session.locale)
    else:
        session.on_locale(lambda: remember(session.learner_id, session.locale))
        session.on_learner(lambda: remember(session.learner_id, session.locale))
    return session


def arrive(session: Session) -> None:
    """In the app, hand the page to the person who opened it, in their language.

    A page's kernel may have built every widget before anyone asked for the
    page; this waits for the request and takes the person and language from
    it. In JupyterLab and scripts it does nothing.
    """
    from helpers.app import identity

    who = identity.from_request()
    if who is None:
        return
    if who.locale != session.locale:
        session.set_locale(who.locale)
    session.set_learner(who.person)
