"""The trade-terms glossary as a widget: a search box over every term, in the learner's language.

Not an exercise: nothing is graded or stored. Each term shows the word in the
learner's language and in the other one, its definition, related terms and
the content that uses it (found in the content, see
:func:`helpers.playbook.glossary.used_in`).
"""

from __future__ import annotations

import html

import ipywidgets as w

from helpers.learner.exercises.result import list_separator
from helpers.learner.widgets.base import Session, styled
from helpers.playbook.glossary import Usage, search, used_in
from helpers.playbook.models import GlossaryEntry, Locale


def _other(locale: Locale) -> Locale:
    return "en" if locale == "zh" else "zh"


def _list(items: list[str], locale: Locale) -> str:
    return list_separator(locale).join(items)


class GlossaryView:
    """Every trade term in the session's language, narrowed by a search box.

    Type in the box (``search.value``) and only the matching terms show; the
    ids shown, in order, are in ``shown``. Switching the session's language
    redraws the terms and the labels, and keeps the search.
    """

    def __init__(self, session: Session) -> None:
        self.session = session
        self.entries: list[GlossaryEntry] = session.lib.glossary
        self.by_id = {e.id: e for e in self.entries}
        self.usages: dict[str, list[Usage]] = used_in(session.lib, self.entries)
        self.search = styled(w.Text(value="", continuous_update=True), "field")
        self.count = styled(w.HTML(), "text")
        self.results = styled(w.HTML(), "text")
        self.shown: list[str] = []
        self.search.observe(lambda _change: self.refresh(), names="value")
        self.widget = styled(w.VBox([self.search, self.count, self.results]), "view")
        self.relabel()
        session.on_locale(self.relabel)

    def relabel(self) -> None:
        """Set the labels in the session's language and redraw the terms."""
        s = self.session
        self.search.description = s.ui("glossary.search")
        self.search.placeholder = s.ui("glossary.search_placeholder")
        self.refresh()

    def refresh(self) -> None:
        """Show the terms that match the search box."""
        s = self.session
        if not self.entries:
            self.shown = []
            self.count.value = ""
            self.results.value = html.escape(s.ui("ui.no_content"))
            return
        query = self.search.value
        matches = search(self.entries, query)
        self.shown = [e.id for e in matches]
        self.count.value = html.escape(
            s.ui("glossary.count", shown=len(matches), total=len(self.entries))
        )
        if not matches:
            message = html.escape(s.ui("glossary.no_match", query=query.strip()))
            self.results.value = f'<p role="status">{message}</p>'
            return
        self.results.value = "".join(self.entry_html(e) for e in matches)

    def entry_html(self, entry: GlossaryEntry) -> str:
        """One term as HTML: the term in both languages, its definition, related terms, uses."""
        s = self.session
        here, there = s.locale, _other(s.locale)
        esc = html.escape
        parts = [
            f'<div class="coachkit-term" data-id="{esc(entry.id)}" style="margin:0 0 0.8em 0">',
            f'<div><b lang="{here}">{esc(entry.term.get(here))}</b>'
            f' · <span lang="{there}">{esc(entry.term.get(there))}</span></div>',
            f'<div lang="{here}">{esc(entry.definition.get(here))}</div>',
        ]
        small = 'style="color:#555;font-size:90%"'
        related = [self.by_id[i].term.get(here) for i in entry.see_also if i in self.by_id]
        if related:
            line = self._fill("glossary.see_also", terms=html.escape(_list(related, here)))
            parts.append(f"<div {small}>{line}</div>")
        parts.append(
            f"<div {small}>{self._fill('glossary.used_in', where=self._uses(entry))}</div>"
        )
        parts.append("</div>")
        return "".join(parts)

    def _fill(self, key: str, **markup: str) -> str:
        """Message ``key`` escaped for HTML, its fields filled with ready-made ``markup``."""
        return html.escape(self.session.ui(key), quote=False).format(**markup)

    def _uses(self, entry: GlossaryEntry) -> str:
        """Where the content uses the term, grouped by kind, as HTML in the session's language."""
        s = self.session
        uses = self.usages.get(entry.id, [])
        if not uses:
            return html.escape(s.ui("glossary.not_used"))
        groups: dict[str, list[str]] = {}
        for u in uses:
            titles = groups.setdefault(u.kind, [])
            if u.title is not None:
                titles.append(s.text(u.title))
        out = []
        for kind, titles in groups.items():
            label = f"<i>{html.escape(s.ui(f'glossary.kind.{kind}'))}</i>"
            if titles:
                label = self._fill(
                    "glossary.usage_group",
                    kind=label,
                    titles=html.escape(_list(titles, s.locale)),
                )
            out.append(label)
        return " · ".join(out)
