"""The trainer's score sheet: pick the rep, scenario and rubric, score each criterion, submit.

Picking a scenario picks the rubric it is scored on (see :mod:`helpers.trainer.roleplays`);
a role-play brief's sheet asks for the brief's criteria only and shows the brief.
Scoring is blind: before a trainer submits, the sheet says only how many
others have scored the session; after submitting it shows every trainer's
scores side by side, each with the rubric version it was given under.
The rep box suggests every rep the store knows (and the trainer may read); an id it does not know
opens a session only once the trainer confirms it is a new rep.
"""

from __future__ import annotations

import datetime as dt
import html

import ipywidgets as w

from helpers.app.identity import hub_user
from helpers.playbook.models import Criterion
from helpers.store import RoleplaySession, Store
from helpers.store.roleplay import normalise_id
from helpers.trainer.roleplays import (
    brief_of,
    criteria_for,
    default_rubric,
    find_roleplay,
    roleplays,
    rubric_for,
)
from helpers.trainer.sheet import SheetError, agreement_table, new_session_id, sheet_scores
from helpers.ui import Session, kit_style, relabel_options, styled

NEW = "__new__"
NO_SCENARIO = ""


def known_reps(store: Store) -> list[str]:
    """Every rep id the store knows, sorted: imported reps, people with a learner role,
    learners who practised, and reps of role-play sessions and of scores (of what the
    store's user may read)."""
    ids = set(store.learner_ids())
    if store.can_read("reps"):
        ids |= set(store.known_ids("reps"))
    if store.can_read("attempts"):
        ids |= set(store.learners())
    ids |= {x.rep_id for x in store.sessions()}
    frame = store.scores_frame()
    if "rep_id" in frame:
        ids |= set(frame["rep_id"].dropna().astype(str))
    return sorted(i for i in ids if i)


class ScoreSheetView:
    """One trainer's score sheet for one role-play session.

    ``session.learner_id`` is the trainer id (editable at the top). The
    controls can be set from Python: ``rep``, ``scenario``, ``rubric``,
    ``pick`` (an existing session or :data:`NEW`), then ``start.click()``
    (for a rep the store does not know, ``confirm_new.click()`` after it);
    ``scores[criterion]``, ``comments[criterion]``, ``note``; ``submit.click()``.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.current: RoleplaySession | None = None
        lib = session.lib
        # under JupyterHub the trainer is the hub user, never someone typed in
        fixed = hub_user() is not None
        self.trainer = styled(
            w.Text(value=session.learner_id, continuous_update=False, disabled=fixed), "field"
        )
        self.rep = styled(
            w.Combobox(options=known_reps(session.store), ensure_option=False), "field"
        )
        self.scenario = styled(w.RadioButtons(), "choices")
        first = default_rubric(lib)
        self.rubric = styled(
            w.Dropdown(
                options=[(r.id, r.id) for r in lib.rubrics], value=first.id if first else None
            ),
            "select",
        )
        self.pick = styled(w.RadioButtons(), "choices")
        self.start = styled(w.Button(button_style="primary"), "button")
        self.confirm_new = styled(
            w.Button(button_style="warning", layout=w.Layout(display="none")), "button"
        )
        self.head = styled(w.HTML(), "text")
        self.brief = styled(w.HTML(), "text")
        self.sheet = styled(w.VBox(), "view")
        self.note = styled(w.Textarea(rows=3), "field")
        self.submit = styled(w.Button(button_style="primary"), "button")
        self.status = styled(w.HTML(), "text")
        self.others = styled(w.HTML(), "text")
        self.scores: dict[str, w.ToggleButtons] = {}
        self.comments: dict[str, w.Text] = {}
        self.anchors: dict[str, w.HTML] = {}
        self.titles: dict[str, w.HTML] = {}
        self._unknown_rep: str | None = None
        self.rep.observe(lambda _c: self._rep_changed(), names="value")
        self.scenario.observe(lambda _c: self._scenario_changed(), names="value")
        self.start.on_click(lambda _b: self.open())
        self.confirm_new.on_click(lambda _b: self.open(new_rep=True))
        self.submit.on_click(lambda _b: self.save())
        self.widget = styled(
            w.VBox(
                [
                    self.head,
                    self.trainer,
                    self.rep,
                    self.scenario,
                    self.rubric,
                    self.pick,
                    styled(w.HBox([self.start, self.confirm_new]), "row"),
                    self.brief,
                    self.sheet,
                    self.note,
                    self.submit,
                    self.status,
                    self.others,
                ]
            ),
            "view",
        )
        self.submit.disabled = True
        session.on_locale(self.relabel)
        self.relabel()

    @property
    def trainer_id(self) -> str:
        """The trainer id typed at the top, as the store keeps ids (see ``normalise_id``)."""
        return normalise_id(self.trainer.value)

    # ------------------------------------------------------------ labels
    def relabel(self) -> None:
        """Every label in the session's language (the sheet keeps what was entered)."""
        s = self.session
        self.trainer.description = s.ui("ui.rp.trainer")
        self.rep.description = s.ui("ui.rp.rep")
        self.rep.placeholder = s.ui("ui.rp.rep_hint")
        self.scenario.description = s.ui("ui.rp.scenario")
        self.rubric.description = s.ui("ui.rp.rubric")
        self.pick.description = s.ui("ui.rp.session")
        self.start.description = s.ui("ui.rp.start")
        self.confirm_new.description = s.ui("ui.rp.confirm_new")
        self._label_submit()
        self.note.description = s.ui("ui.rp.note")
        self.note.placeholder = s.ui("ui.rp.note_hint")
        options = [(s.ui("ui.rp.no_scenario"), NO_SCENARIO)]
        options += [(s.text(x.title), x.id) for x in roleplays(s.lib)]
        relabel_options(self.scenario, options)
        if self.scenario.value is None:
            self.scenario.value = NO_SCENARIO
        self._sessions()
        self._draw_sheet_labels()
        self._draw_head()
        if self._unknown_rep is not None:
            self._ask_new_rep(self._unknown_rep)
        if self.current is not None:
            self._draw_others()

    def _label_submit(self) -> None:
        """Before the reveal the button submits; after it, it revises (and says so)."""
        revising = self.current is not None and self._submitted()
        self.submit.description = self.session.ui("ui.rp.revise" if revising else "ui.rp.submit")
        self.submit.tooltip = self.session.ui("ui.rp.revise_hint") if revising else ""

    def _scenario_changed(self) -> None:
        """A scenario comes with the rubric it is scored on."""
        rubric = rubric_for(self.session.lib, self.scenario.value or "")
        if rubric is not None:
            self.rubric.value = rubric.id

    def _rep_changed(self) -> None:
        self._unknown_rep = None
        self.confirm_new.layout.display = "none"
        self._sessions()

    def session_label(self, x: RoleplaySession) -> str:
        """A session as the picker shows it: when it was opened, its scenario and rep."""
        s = self.session
        scenario = find_roleplay(s.lib, x.scenario_id)
        when = x.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
        title = s.text(scenario.title) if scenario else s.ui("ui.rp.no_scenario")
        return s.ui("ui.rp.session_option", date=when, scenario=title, rep=x.rep_id)

    def _sessions(self) -> None:
        s = self.session
        rep = normalise_id(self.rep.value or "")
        options = [(s.ui("ui.rp.new_session"), NEW)]
        if rep:
            options += [(self.session_label(x), x.session_id) for x in s.store.sessions(rep)]
        relabel_options(self.pick, options)
        if self.pick.value is None:
            self.pick.value = NEW

    def _ask_new_rep(self, rep: str) -> None:
        s = self.session
        text = s.ui("ui.rp.new_rep", rep=rep, button=s.ui("ui.rp.confirm_new"))
        self.status.value = f"<b style='color:#8a5a00'>{html.escape(text)}</b>"
        self.confirm_new.layout.display = None

    # ------------------------------------------------------------ opening a session
    def open(self, new_rep: bool = False) -> RoleplaySession | None:
        """Create the session (or join the one picked) and lay out the rubric.

        A rep id the store does not know (see :func:`known_reps`) opens nothing
        at first: the sheet asks whether this is a new rep, and ``new_rep=True``
        (the confirming button) opens the session.
        """
        s = self.session
        trainer, rep = self.trainer_id, normalise_id(self.rep.value or "")
        if not trainer or not rep:
            key = "ui.rp.no_trainer" if not trainer else "ui.rp.no_rep"
            self.status.value = f"<b style='color:#b3261e'>{html.escape(s.ui(key))}</b>"
            return None
        if not new_rep and rep not in known_reps(s.store):
            self._unknown_rep = rep
            self._ask_new_rep(rep)
            return None
        self._unknown_rep = None
        self.confirm_new.layout.display = "none"
        s.learner_id = trainer
        rubric = s.lib.rubrics[[r.id for r in s.lib.rubrics].index(self.rubric.value)]
        if self.pick.value == NEW:
            now = dt.datetime.now(dt.UTC)
            wanted = RoleplaySession(
                session_id=new_session_id(rep, now),
                rep_id=rep,
                scenario_id=self.scenario.value or "",
                rubric_id=rubric.id,
                rubric_version=s.lib.version_of("rubric", rubric.id),
                created_by=trainer,
                created_at=now,
            )
            self.current = s.store.open_session(wanted)
        else:
            self.current = next(x for x in s.store.sessions(rep) if x.session_id == self.pick.value)
        self.rep.options = tuple(known_reps(s.store))
        self._sessions()
        self.pick.value = self.current.session_id
        self._build_sheet()
        self.submit.disabled = False
        self._label_submit()
        self.status.value = ""
        self._draw_head()
        self._draw_others()
        return self.current

    def _rubric(self):
        assert self.current is not None
        lib = self.session.lib
        return next(r for r in lib.rubrics if r.id == self.current.rubric_id)

    def _criteria(self) -> list[Criterion]:
        """The criteria this session is scored on (a brief's own, else the whole rubric)."""
        assert self.current is not None
        return criteria_for(self.session.lib, self._rubric(), self.current.scenario_id)

    def _version(self) -> str:
        assert self.current is not None
        return self.session.lib.version_of("rubric", self.current.rubric_id)

    def _build_sheet(self) -> None:
        """One block per criterion: name, anchors 1-5, score buttons, comment; prefilled with
        this trainer's stored scores, if any."""
        assert self.current is not None
        mine = {
            x.criterion_id: x
            for x in self.session.store.session_scores(self.current.session_id, self.trainer_id)
            if x.trainer_id == self.trainer_id
        }
        self.scores, self.comments, self.anchors, self.titles = {}, {}, {}, {}
        blocks = []
        for c in self._criteria():
            old = mine.get(c.id)
            self.titles[c.id] = w.HTML()
            self.anchors[c.id] = w.HTML()
            self.titles[c.id] = styled(self.titles[c.id], "text")
            self.anchors[c.id] = styled(self.anchors[c.id], "text")
            self.scores[c.id] = styled(
                w.ToggleButtons(
                    options=[str(i) for i in range(1, 6)], value=str(old.score) if old else None
                ),
                "toggles",
            )
            self.comments[c.id] = styled(w.Text(value=old.comment if old else ""), "field")
            blocks.append(
                styled(
                    w.VBox(
                        [
                            self.titles[c.id],
                            self.anchors[c.id],
                            self.scores[c.id],
                            self.comments[c.id],
                        ]
                    ),
                    "row",
                )
            )
        self.sheet.children = blocks
        note = self.session.store.submitted(self.current.session_id).get(self.trainer_id)
        self.note.value = note or ""
        self._draw_sheet_labels()

    def _draw_sheet_labels(self) -> None:
        if self.current is None:
            return
        s = self.session
        brief = brief_of(s.lib, self.current.scenario_id)
        for c in self._criteria():
            if c.id not in self.titles:
                continue
            watch = "".join(
                f"<p>{html.escape(s.ui('ui.rp.watch', text=s.text(cue)))}</p>"
                for cue in (brief.cues(c.id) if brief else [])
            )
            self.titles[c.id].value = (
                f"<h4>{html.escape(s.text(c.name))}</h4><i>{html.escape(s.text(c.description))}</i>"
                + watch
            )
            rows = "".join(
                f"<li>{html.escape(s.ui('ui.rp.anchor', score=k, text=s.text(c.anchors[k])))}</li>"
                for k in sorted(c.anchors)
            )
            self.anchors[c.id].value = f"<ul>{rows}</ul>"
            self.scores[c.id].description = s.ui("ui.rp.score")
            self.comments[c.id].description = s.ui("ui.rp.comment")

    def _draw_head(self) -> None:
        self._draw_brief()
        if self.current is None:
            self.head.value = f"<h3>{html.escape(self.session.ui('ui.rp.title'))}</h3>"
            return
        s, cur = self.session, self.current
        scenario = find_roleplay(s.lib, cur.scenario_id)
        line = s.ui(
            "ui.rp.session_line",
            session=cur.session_id,
            rep=cur.rep_id,
            scenario=s.text(scenario.title) if scenario else s.ui("ui.rp.no_scenario"),
            version=self._version(),
        )
        out = f"<h3>{html.escape(s.ui('ui.rp.title'))}</h3><p>{html.escape(line)}</p>"
        if cur.rubric_version != self._version():
            warn = s.ui("ui.rp.version_changed", then=cur.rubric_version, now=self._version())
            out += f"<p style='color:#8a5a00'>{html.escape(warn)}</p>"
        self.head.value = out

    def _draw_brief(self) -> None:
        """The brief of the session's role-play, if it has one: the situation the rep is
        given, how long it runs, and each part the trainer plays."""
        s, esc = self.session, html.escape
        brief = brief_of(s.lib, self.current.scenario_id) if self.current else None
        if brief is None:
            self.brief.value = ""
            return
        parts = "".join(
            f"<li><b>{esc(s.ui('ui.rp.part', name=s.text(p.name), role=s.text(p.role)))}</b>"
            f" · {esc(s.text(p.company))}<br>{esc(s.text(p.background))}"
            f"<br><i>{esc(s.text(p.play))}</i></li>"
            for p in brief.parts
        )
        self.brief.value = (
            f"<h4>{esc(s.text(brief.title))}</h4>"
            f"<p>{esc(s.ui('ui.rp.brief_time', minutes=brief.minutes))}</p>"
            f"<p><b>{esc(s.ui('ui.rp.brief_rep'))}</b> {esc(s.text(brief.situation))}</p>"
            f"<b>{esc(s.ui('ui.rp.brief_parts'))}</b><ul>{parts}</ul>"
        )

    # ------------------------------------------------------------ saving
    def values(self) -> dict[str, int | None]:
        """The scores set on the sheet, by criterion (None: not yet)."""
        return {c: int(b.value) if b.value else None for c, b in self.scores.items()}

    def save(self) -> bool:
        """Submit the sheet: every criterion needs a score; saved in one transaction."""
        s = self.session
        if self.current is None:
            return False
        try:
            scores = sheet_scores(
                self.current,
                self.trainer_id,
                self._rubric(),
                self._version(),
                self.values(),
                {c: t.value for c, t in self.comments.items()},
                criteria=[c.id for c in self._criteria()],
            )
        except SheetError as exc:
            names = [s.text(s.lib.criteria[c].name) for c in exc.missing if c in s.lib.criteria]
            text = (
                s.ui("ui.rp.missing", n=len(names), names=", ".join(names)) if names else str(exc)
            )
            self.status.value = f"<b style='color:#b3261e'>{html.escape(text)}</b>"
            return False
        revising = self._submitted()
        try:
            summary = s.store.submit(
                self.current.session_id, self.trainer_id, scores, self.note.value
            )
        except Exception as exc:  # the store's message, shown instead of a traceback
            msg = s.ui("ui.rp.save_failed", error=str(exc).splitlines()[0])
            self.status.value = f"<b style='color:#b3261e'>{html.escape(msg)}</b>"
            return False
        key = "ui.rp.revised" if revising and summary.updated else "ui.rp.saved"
        self.status.value = html.escape(
            s.ui(key, added=summary.added, updated=summary.updated, unchanged=summary.unchanged)
        )
        self._label_submit()
        self._draw_others()
        return True

    def _submitted(self) -> bool:
        assert self.current is not None
        return self.trainer_id in self.session.store.submitted(self.current.session_id)

    def _draw_others(self) -> None:
        """Before submitting: how many others scored. After: everyone's scores and notes."""
        s, cur = self.session, self.current
        assert cur is not None
        if not self._submitted():
            others = s.store.scorers(cur.session_id) - (1 if self._has_drafts() else 0)
            self.others.value = html.escape(s.ui("ui.rp.blind", n=max(0, others)))
            return
        scores = s.store.session_scores(cur.session_id, self.trainer_id)
        table = agreement_table(scores, self._rubric(), s.locale)
        revised = sum(x.revised for x in scores)
        after = f"<p>{html.escape(s.ui('ui.rp.revisions', n=revised))}</p>" if revised else ""
        notes = s.store.submitted(cur.session_id)
        items = "".join(
            f"<li><b>{html.escape(k)}</b>: {html.escape(v)}</li>" for k, v in notes.items() if v
        )
        self.others.value = (
            f"<h4>{html.escape(s.ui('ui.rp.all_scores'))}</h4>"
            + table.to_html(index=False, na_rep="–", border=0)
            + after
            + (f"<b>{html.escape(s.ui('ui.rp.notes'))}</b><ul>{items}</ul>" if items else "")
        )

    def _has_drafts(self) -> bool:
        assert self.current is not None
        own = self.session.store.session_scores(self.current.session_id, self.trainer_id)
        return any(x.trainer_id == self.trainer_id for x in own)


def score_sheet(trainer: str = "", locale: str = "en") -> w.Widget:
    """A language switch and a score sheet on the configured playbooks and store."""
    from helpers.app.kernel import keep_every_message
    from helpers.playbook import load_library

    keep_every_message()
    session = Session(load_library(), Store(), trainer.strip(), locale)  # type: ignore[arg-type]
    return styled(
        w.VBox([kit_style(), session.language_toggle(), ScoreSheetView(session).widget]), "view"
    )
