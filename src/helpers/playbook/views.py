"""Tables of the library for people: what it holds, the visit flow, its problems."""

from __future__ import annotations

import pandas as pd

from helpers.i18n import t
from helpers.playbook.library import Library
from helpers.playbook.models import Locale, TimeBudget


def show_every_row() -> None:
    """Show every row of the tables a notebook displays.

    pandas cuts a table of more than 60 rows to its first and last five; a trainer reading the
    library's documents or glossary needs all of them.
    """
    pd.set_option("display.max_rows", None)


def stats_table(lib: Library, locale: Locale) -> pd.DataFrame:
    """What the library holds, one row per count, labelled in ``locale``."""
    rows = [(t(f"stat.{k}", locale), v) for k, v in lib.stats().items()]
    return pd.DataFrame(rows, columns=[t("col.what", locale), t("col.count", locale)])


def _budget(b: TimeBudget, locale: Locale) -> str:
    if b.min_minutes is not None and b.max_minutes is not None:
        span = t("unit.minutes_range", locale, a=f"{b.min_minutes:g}", b=f"{b.max_minutes:g}")
    elif b.max_minutes is not None:
        span = t("unit.minutes_max", locale, n=f"{b.max_minutes:g}")
    else:
        span = t("unit.minutes_min", locale, n=f"{b.min_minutes:g}")
    return f"{b.what.get(locale)}: {span}"


def flow_table(lib: Library, locale: Locale, flow_id: str | None = None) -> pd.DataFrame:
    """The stages of a visit flow (default: the canonical one) with goals and time budgets."""
    flows = {f.id: f for f in lib.flows}
    flow = flows[flow_id] if flow_id is not None else lib.canonical_flow
    if flow is None:
        return pd.DataFrame()
    rows = [
        (
            s.order,
            s.name.get(locale),
            s.goal.get(locale),
            "; ".join(_budget(b, locale) for b in s.time_budgets),
        )
        for s in flow.ordered()
    ]
    cols = ["col.order", "col.stage", "col.goal", "col.time_budget"]
    return pd.DataFrame(rows, columns=[t(c, locale) for c in cols])


def versions_table(lib: Library, locale: Locale) -> pd.DataFrame:
    """Each document with its content version, the hash records carry."""
    root = lib.root if lib.root.is_dir() else lib.root.parent
    rows = [(d.kind, d.id, str(d.source.path.relative_to(root)), d.version) for d in lib.docs]
    cols = ["col.kind", "col.id", "col.file", "col.version"]
    return pd.DataFrame(rows, columns=[t(c, locale) for c in cols])


def issues_table(lib: Library, locale: Locale) -> pd.DataFrame:
    """Every problem of the library, with file, line and field."""
    root = lib.root if lib.root.is_dir() else lib.root.parent
    rows = [
        (
            str(i.file.relative_to(root)) if i.file.is_relative_to(root) else str(i.file),
            i.line,
            i.field,
            i.message,
        )
        for i in lib.issues
    ]
    cols = ["col.file", "col.line", "col.field", "col.problem"]
    return pd.DataFrame(rows, columns=[t(c, locale) for c in cols])


def glossary_table(lib: Library, locale: Locale) -> pd.DataFrame:
    """The trade-terms glossary: each term in both languages, its definition and where it is used.

    The definition is in ``locale``; "used in" lists the ids of the documents
    whose text uses the term (see :func:`helpers.playbook.glossary.used_in`).
    """
    from helpers.learner.exercises.result import list_separator
    from helpers.playbook.glossary import used_in

    sep = list_separator(locale)
    uses = used_in(lib)
    terms = {e.id: e.term.get(locale) for e in lib.glossary}
    rows = [
        (
            e.term.zh,
            e.term.en,
            e.definition.get(locale),
            sep.join(terms.get(i, i) for i in e.see_also),
            sep.join(u.doc_id for u in uses.get(e.id, [])),
        )
        for e in lib.glossary
    ]
    cols = ["col.term_zh", "col.term_en", "col.definition", "col.see_also", "col.used_in"]
    return pd.DataFrame(rows, columns=[t(c, locale) for c in cols])


def summary_line(lib: Library, locale: Locale) -> str:
    """One sentence: passed, or how many problems."""
    if not lib.issues:
        return t("msg.no_problems", locale)
    return t("msg.problems_found", locale, n=len(lib.issues))
