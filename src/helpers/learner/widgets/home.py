"""The welcome page: who am I, my language, my progress per module, what to review today."""

from __future__ import annotations

import html

import ipywidgets as w

from helpers.learner import review
from helpers.learner.personal import (
    import_machine_files,
    last_module,
    remember_learner,
    remember_locale,
    remember_module,
    remembered,
    stored_locale,
)
from helpers.learner.progress import MODULES, exercise_label, module_progress
from helpers.learner.widgets.base import LEARNER_ID_MAX, Session
from helpers.playbook.library import Library
from helpers.store import Store


class HomeView:
    """Learner id, language switch, where to continue, progress bars per module and today's reviews.

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
        self.resume = w.HTML()
        self.bars: dict[str, tuple[w.Label, w.FloatProgress, w.Label]] = {}
        self.progress_box = w.VBox()
        self.due = w.HTML()
        self.widget = w.VBox(
            [
                w.HBox([self.learner, self.toggle]),
                self.learner_error,
                self.resume,
                self.progress_box,
                self.due,
            ]
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
        module = last_module(s.store, s.learner_id)
        self.resume.value = (
            html.escape(s.ui("ui.continue_module", module=s.ui(f"module.{module}")))
            if module in MODULES
            else ""
        )
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


def start(
    learner_id: str | None = None,
    locale: str | None = None,
    lib: Library | None = None,
    store: Store | None = None,
) -> Session:
    """Open a learning session on the configured playbooks and store.

    Under JupyterHub the learner is always the hub user. In JupyterLab,
    without a learner id, the one last chosen on this machine is used (a
    first-time learner starts as "guest"); without a language, the one the
    learner chose last (at first, English). Both are kept in the store (see
    :mod:`helpers.learner.personal`), as each is changed. In the app the page
    starts as "guest" and :func:`arrive` hands it to the person who opened it.
    Files an older version kept under ``var/`` are moved into the store first.
    """
    from helpers.app import identity
    from helpers.app.kernel import install_error_handler, keep_every_message
    from helpers.playbook import load_library

    keep_every_message()
    app = identity.in_app()
    hub = identity.hub_user()
    store = store if store is not None else Store()
    import_machine_files(store, person=hub)
    mine = {} if app or hub else remembered(store)
    person = hub or learner_id or mine.get("learner_id", "guest")
    known = not app or hub is not None
    session = Session(
        lib=lib if lib is not None else load_library(),
        store=store,
        learner_id=person,
        locale=locale or (known and stored_locale(store, person)) or "en",  # type: ignore[arg-type]
    )
    if app:
        install_error_handler(lambda: session.locale)
        return session

    def learner_changed() -> None:
        if hub is None:
            remember_learner(store, session.learner_id)
        theirs = stored_locale(store, session.learner_id)
        if theirs is not None and theirs != session.locale:
            session.set_locale(theirs)

    session.on_locale(lambda: remember_locale(store, session.learner_id, session.locale))
    session.on_learner(learner_changed)
    return session


def arrive(session: Session, module: str | None = None) -> None:
    """In the app, hand the page to the person who opened it, in their language;
    on a module's page, keep ``module`` as where that person continues.

    A page's kernel may have built every widget before anyone asked for the
    page; this waits for the request and takes the person and language from
    it (under JupyterHub, without a language there, the one the person chose
    last). In JupyterLab and scripts the session's learner stays.
    """
    from helpers.app import identity

    who = identity.from_request(lambda person: stored_locale(session.store, person))
    if who is not None:
        if who.locale != session.locale:
            session.set_locale(who.locale)
        session.set_learner(who.person)
    if module is not None:
        remember_module(session.store, session.learner_id, module)
