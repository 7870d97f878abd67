"""The trade-terms glossary: where the content uses each term, searching it, checking it.

The glossary (``playbooks/glossary.yaml``, kind ``glossary``) stores each term
with its definition in both languages. Where a term is used is not stored: it
is found in the content itself, so it cannot go stale when a scenario is
rewritten. A term is *used in* a document when its Chinese form (or one of its
``variants.zh``) occurs in the document's Chinese text, or its English
rendering (or one of its ``variants.en``) occurs in the English text as whole
words, in any case, with a plural ``s`` allowed ("end-cap" and "end cap" are
different forms: list the one the content uses as a variant).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers.playbook.issues import ContentIssue, language_name, say
from helpers.playbook.models import LOCALES, GlossaryDoc, GlossaryEntry, Locale, Text

if TYPE_CHECKING:
    from helpers.playbook.library import Library, LoadedDoc

GLOSSARY_KIND = "glossary"
"""The document kind of a glossary file."""

USAGE_KINDS: tuple[str, ...] = (
    "objection_scenario",
    "product",
    "visit_flow",
    "question_bank",
    "quiz",
    "account_cases",
    "cadence",
    "methods",
    "rubric",
    "reply_pairs",
    "placement",
    "opportunity_assessment",
    "account_plan",
    "calling_high",
    "tier_sort",
    "field_case",
    "case_principles",
    "care_programme",
    "customer_files",
    "event_responses",
    "spending_rules",
)
"""The kinds of content searched for glossary terms, in the order usages are listed."""

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Usage:
    """One document that uses a glossary term.

    Attributes
    ----------
    kind : str
        The document kind, e.g. ``objection_scenario``.
    doc_id : str
        The document id.
    title : Text or None
        The document's title or name, if it has one (cadence rules and the
        methods file have none).
    locales : tuple of str
        The languages whose text uses the term (``("zh",)``, ``("en",)`` or both).
    """

    kind: str
    doc_id: str
    title: Text | None
    locales: tuple[Locale, ...]


def doc_title(doc: Any) -> Text | None:
    """The title (scenarios) or name (most other kinds) of a document, if it has one."""
    for attr in ("title", "name"):
        value = getattr(doc, attr, None)
        if isinstance(value, Text):
            return value
    return None


def _fold(text: str) -> str:
    """Lower-case text with every kind of hyphen written as ``-``."""
    return re.sub(r"[\u2010\u2011]", "-", text.casefold())


def _loose(text: str) -> str:
    """Folded text with hyphens read as spaces, so a search for "end cap" finds "end-cap"."""
    return _fold(text).replace("-", " ")


def term_forms(entry: GlossaryEntry, locale: Locale) -> list[str]:
    """The term and its variants in ``locale``, the forms searched for in the content."""
    forms = [entry.term.get(locale), *entry.variants.get(locale)]
    return [f for f in forms if f]


def _en_pattern(forms: Iterable[str]) -> re.Pattern[str] | None:
    words = [re.escape(_fold(f)) for f in forms if f.strip()]
    if not words:
        return None
    # whole words or phrases, plural allowed: "rebate" finds "rebates", not "prebate" or
    # "rebated"; other inflections ("poured", "parked") are listed as variants
    return re.compile(r"(?<![a-z0-9])(?:" + "|".join(words) + r")(?:e?s)?(?![a-z0-9])")


@dataclass(frozen=True)
class _Finder:
    """The forms of one entry, ready to look for in many documents."""

    zh: tuple[str, ...]
    en: tuple[str, ...]
    """The English forms, folded: a quick test before the word-boundary pattern."""
    pattern: re.Pattern[str] | None

    @classmethod
    def of(cls, entry: GlossaryEntry) -> _Finder:
        en = term_forms(entry, "en")
        return cls(tuple(term_forms(entry, "zh")), tuple(map(_fold, en)), _en_pattern(en))

    def locales(self, zh_text: str, en_folded: str) -> tuple[Locale, ...]:
        found: list[Locale] = []
        if any(form in zh_text for form in self.zh):
            found.append("zh")
        if (
            self.pattern is not None
            and any(form in en_folded for form in self.en)
            and self.pattern.search(en_folded)
        ):
            found.append("en")
        return tuple(found)


def mentions(entry: GlossaryEntry, zh_text: str, en_text: str) -> tuple[Locale, ...]:
    """The languages in which the text uses ``entry``.

    Parameters
    ----------
    entry : GlossaryEntry
        The term to look for.
    zh_text, en_text : str
        Chinese and English text to search (``en_text`` in any case).

    Returns
    -------
    tuple of str
        ``"zh"`` if a Chinese form occurs in ``zh_text``, ``"en"`` if an English
        form occurs in ``en_text``; empty if neither.
    """
    return _Finder.of(entry).locales(zh_text, _fold(en_text))


def _doc_text(doc: Any) -> tuple[str, str]:
    """All learner-facing Chinese and all English text of a document, one string each."""
    from helpers.playbook.checks import iter_texts

    zh, en = [], []
    for _loc, text in iter_texts(doc):
        zh.append(text.zh)
        en.append(text.en)
    return "\n".join(zh), "\n".join(en)


def used_in(
    lib: Library,
    entries: Sequence[GlossaryEntry] | None = None,
    kinds: Sequence[str] = USAGE_KINDS,
) -> dict[str, list[Usage]]:
    """Find, for each glossary entry, the documents whose text uses the term.

    Parameters
    ----------
    lib : Library
        The content to search.
    entries : sequence of GlossaryEntry, optional
        The entries to look up; defaults to every entry of the library's glossary.
    kinds : sequence of str
        The document kinds to search, in the order their usages are listed.

    Returns
    -------
    dict
        Entry id -> the documents that use it (empty list for an unused entry),
        ordered by ``kinds`` and then by file order.
    """
    wanted = list(lib.glossary if entries is None else entries)
    rank = {k: i for i, k in enumerate(kinds)}
    docs = sorted((d for d in lib.docs if d.kind in rank), key=lambda d: rank[d.kind])
    texts = []
    for ld in docs:
        zh, en = _doc_text(ld.doc)
        texts.append((ld, zh, _fold(en)))
    out: dict[str, list[Usage]] = {}
    for entry in wanted:
        finder = _Finder.of(entry)
        hits = out.setdefault(entry.id, [])
        for ld, zh, en in texts:
            locales = finder.locales(zh, en)
            if locales:
                hits.append(Usage(ld.kind, ld.id, doc_title(ld.doc), locales))
    return out


def search(entries: Sequence[GlossaryEntry], query: str) -> list[GlossaryEntry]:
    """The entries that match ``query``, best first.

    Every word of the query must occur in the entry, in either language, in
    its term, variants or definition (case, and hyphens against spaces, do not
    matter). Entries whose term or variants hold the whole query come first;
    otherwise the glossary's order is kept. An empty query returns every entry.
    """
    q = _loose(query).strip()
    if not q:
        return list(entries)
    words = q.split()
    by_term: list[GlossaryEntry] = []
    by_text: list[GlossaryEntry] = []
    for entry in entries:
        forms = [*term_forms(entry, "zh"), *term_forms(entry, "en")]
        names = _loose(" | ".join(forms))
        text = names + " | " + _loose(entry.definition.zh + " | " + entry.definition.en)
        if not all(w in text for w in words):
            continue
        (by_term if q in names else by_text).append(entry)
    return by_term + by_text


# ----------------------------------------------------------------------- checks


def _once(
    ld: LoadedDoc,
    loc: list[str | int],
    value: str,
    seen: dict[str, ContentIssue],
    code: str,
) -> ContentIssue | None:
    """Where ``value`` was first seen if it was seen before, else None (and remember it here)."""
    if not value:
        return None
    if value not in seen:
        seen[value] = ld.issue(loc, "", code)
        return None
    return seen[value]


def _variant_scripts(ld: LoadedDoc, i: int, entry: GlossaryEntry) -> list[ContentIssue]:
    """An issue for each variant not written in the language it is listed under."""
    issues = []
    for locale in LOCALES:
        for j, form in enumerate(entry.variants.get(locale)):  # type: ignore[arg-type]
            if form and bool(_CJK.search(form)) == (locale == "zh"):
                continue
            message = say(
                "lint.glossary.variant_language", under=locale, language=language_name(locale)
            )
            loc: list[str | int] = ["entries", i, "variants", locale, j]
            issues.append(ld.issue(loc, message, "missing-translation"))
    return issues


def check_glossary(lib: Library) -> list[ContentIssue]:
    """Check the glossary files against each other.

    Entry ids and Chinese terms are unique across the glossary, every
    ``see_also`` names an entry of it, and each variant is written in its own
    language. Missing translations of terms and definitions are reported by
    the library's translation check, as for every kind.
    """
    from helpers.playbook.checks import duplicate_message, unknown_message

    issues: list[ContentIssue] = []
    docs: list[tuple[LoadedDoc, GlossaryDoc]] = [
        (ld, ld.doc)  # type: ignore[misc]
        for ld in lib.loaded(GLOSSARY_KIND)
    ]
    ids: dict[str, ContentIssue] = {}
    terms: dict[str, ContentIssue] = {}
    for ld, doc in docs:
        for i, entry in enumerate(doc.entries):
            loc: list[str | int] = ["entries", i, "id"]
            first = _once(ld, loc, entry.id, ids, "duplicate-id")
            if first is not None:
                message = duplicate_message(say("lint.what.glossary_entry"), entry.id, first)
                issues.append(ld.issue(loc, message, "duplicate-id"))
            loc = ["entries", i, "term", "zh"]
            first = _once(ld, loc, entry.term.zh, terms, "duplicate-term")
            if first is not None:
                where = f"{first.file.name}:{first.line}"
                message = say("lint.glossary.duplicate_term", term=repr(entry.term.zh), where=where)
                issues.append(ld.issue(loc, message, "duplicate-term"))
            issues += _variant_scripts(ld, i, entry)
    what = say("lint.what.glossary_entry")
    for ld, doc in docs:
        for i, entry in enumerate(doc.entries):
            for j, ref in enumerate(entry.see_also):
                if ref not in ids:
                    message = unknown_message(what, ref, ids)
                    issues.append(ld.issue(["entries", i, "see_also", j], message, "dangling-ref"))
    return issues
