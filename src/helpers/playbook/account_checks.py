"""Checks that an account the learner meets in several exercises keeps its monthly purchases.

The same customer can be graded in one module, sorted into a tier in another and
planned for in a third. Account records of the same name (in either language)
are one account, so the monthly purchase their descriptions state must agree;
and within one record, the Chinese and the English description must state the
same figure.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from helpers.playbook.checks import Loc
from helpers.playbook.issues import ContentIssue, say
from helpers.playbook.models import (
    AccountCase,
    AccountPlanCase,
    CallingHighCase,
    OpportunityAccount,
    RetentionCase,
    TierAccount,
)

if TYPE_CHECKING:
    from helpers.playbook.library import Library, LoadedDoc

ACCOUNT_MODELS: tuple[type[BaseModel], ...] = (
    AccountCase,
    AccountPlanCase,
    CallingHighCase,
    OpportunityAccount,
    RetentionCase,
    TierAccount,
)
"""Content records that describe one customer account by a name and a description."""

MONTHLY_YUAN: dict[str, re.Pattern[str]] = {
    "zh": re.compile(
        r"(?:每月|月)[^，。；：\d]{0,12}?(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万|亿)?\s*元"
    ),
    "en": re.compile(
        r"(?P<num>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<unit>million|thousand))?\s+yuan"
        r"(?:\s+of\s+[a-z' -]+?)?\s+a\s+month",
        re.IGNORECASE,
    ),
}
"""A monthly amount in yuan as each language writes it ("每月进货约 40 万元", "about
400,000 yuan a month", "5,000 yuan of consumables a month")."""

UNITS: dict[str, int] = {
    "": 1,
    "万": 10_000,
    "亿": 100_000_000,
    "thousand": 1_000,
    "million": 1_000_000,
}
"""What each unit word after a number multiplies it by."""

ACCOUNT_CODES: frozenset[str] = frozenset({"account-figure-differs", "account-figure-languages"})
"""Codes of the problems these checks report (lint errors that do not stop the content working)."""


def monthly_yuan(text: str, locale: str) -> int | None:
    """The first monthly amount in yuan that ``text`` states, or None.

    Parameters
    ----------
    text : str
        A description.
    locale : str
        The language it is written in, ``zh`` or ``en``.

    Returns
    -------
    int or None
        The amount in yuan (``每月进货约 40 万元`` gives 400000).
    """
    found = MONTHLY_YUAN[locale].search(text)
    if found is None:
        return None
    unit = (found["unit"] or "").lower()
    return round(float(found["num"].replace(",", "")) * UNITS[unit])


@dataclass(frozen=True)
class AccountRecord:
    """One account as one exercise describes it."""

    ld: LoadedDoc
    loc: Loc
    names: tuple[str, str]
    """The name in Chinese and in English, as compared (see :func:`_same_name`)."""
    display: str
    """The name as written, in the operator's language."""
    zh: int | None
    en: int | None

    @property
    def monthly(self) -> int | None:
        """The monthly purchase the record states (from the Chinese, else the English)."""
        return self.zh if self.zh is not None else self.en

    def where(self) -> str:
        """``file:line`` of the record's description."""
        issue = self.ld.issue([*self.loc, "description"], "", "")
        return f"{issue.file.name}:{issue.line}"


def _same_name(zh: str, en: str) -> tuple[str, str]:
    """Names as compared: spaces trimmed, English in lower case without a leading article."""
    en = re.sub(r"^(?:an?|the)\s+", "", en.strip().lower())
    return zh.strip(), en


def _walk(value: Any, loc: Loc) -> Iterator[tuple[Loc, BaseModel]]:
    if isinstance(value, ACCOUNT_MODELS):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), [*loc, name])
    elif isinstance(value, list | tuple):
        for i, v in enumerate(value):
            yield from _walk(v, [*loc, i])


def account_records(lib: Library) -> list[AccountRecord]:
    """Every account record of the library, in file order, with the monthly purchase it states."""
    from helpers.i18n import operator_locale

    out = []
    for ld in lib.docs:
        for loc, rec in _walk(ld.doc, []):
            name, text = rec.name, rec.description  # type: ignore[attr-defined]
            out.append(
                AccountRecord(
                    ld,
                    loc,
                    _same_name(name.zh, name.en),
                    name.get(operator_locale()),
                    monthly_yuan(text.zh, "zh"),
                    monthly_yuan(text.en, "en"),
                )
            )
    return out


def check_accounts(lib: Library) -> list[ContentIssue]:
    """Report account records whose monthly purchase disagrees with a same-named record's,
    or whose two languages state different monthly purchases."""
    issues: list[ContentIssue] = []
    first: dict[tuple[int, str], AccountRecord] = {}
    for rec in account_records(lib):
        if rec.zh is not None and rec.en is not None and rec.zh != rec.en:
            message = say(
                "lint.account.languages", name=rec.display, zh=f"{rec.zh:,}", en=f"{rec.en:,}"
            )
            issues.append(
                rec.ld.issue([*rec.loc, "description"], message, "account-figure-languages")
            )
        if rec.monthly is None:
            continue
        seen = [first.get((i, n)) for i, n in enumerate(rec.names) if n]
        other = next((s for s in seen if s is not None), None)
        if other is not None and other.monthly != rec.monthly:
            message = say(
                "lint.account.differs",
                name=rec.display,
                where=other.where(),
                there=f"{other.monthly:,}",
                here=f"{rec.monthly:,}",
            )
            issues.append(
                rec.ld.issue([*rec.loc, "description"], message, "account-figure-differs")
            )
        for i, n in enumerate(rec.names):
            if n:
                first.setdefault((i, n), rec)
    return issues
