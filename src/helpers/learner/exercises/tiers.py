"""Key-account tiers: sort accounts into strategic, important and general; give each its visits."""

from __future__ import annotations

from collections.abc import Mapping

from helpers.learner.exercises.result import Feedback, Result, empty_answer, method_name, msg, named
from helpers.playbook.library import Library
from helpers.playbook.models import KeyAccountTier, Text, TierSortDoc

SHARE_SLACK = 1
"""How many accounts a tier's count may be off the share (e.g. 2 : 3 : 5 of ten) and still pass."""


def tier_visits(tier: KeyAccountTier) -> Text:
    """What visits a tier needs, in words, from its rules in the cadence document."""
    parts = []
    if tier.exec_visits_per_quarter_min:
        parts.append(msg("ka.visits_exec", n=f"{tier.exec_visits_per_quarter_min:g}"))
    if tier.rep_visits_per_month_min:
        parts.append(msg("ka.visits_rep", n=f"{tier.rep_visits_per_month_min:g}"))
    if tier.manager_joins:
        parts.append(msg("ka.visits_manager"))
    if not parts:
        parts.append(msg("ka.visits_cycle"))
    if len(parts) == 1:
        return parts[0]
    return msg("ka.visits", rest=parts[:-1], last=parts[-1])


def expected_counts(tiers: list[KeyAccountTier], n: int) -> dict[str, int]:
    """How many of ``n`` accounts each tier holds at its share, rounded."""
    return {t.id: round(t.share * n) for t in tiers}


def sort_tiers(
    doc: TierSortDoc,
    tiers: list[KeyAccountTier],
    assignment: Mapping[str, str | None],
    visits: Mapping[str, str | None],
    lib: Library | None = None,
) -> Result:
    """Grade sorting accounts into tiers and giving each tier its visits.

    One point per account in its tier (each wrong one says why); one point
    when the tiers' counts sit within :data:`SHARE_SLACK` of their shares
    (about 2 : 3 : 5); one point per tier given its own visit rules.

    Parameters
    ----------
    doc : TierSortDoc
        The accounts and the tier each belongs in.
    tiers : list of KeyAccountTier
        The tiers with their shares and visit rules (the cadence document's).
    assignment : mapping
        Account id -> tier id the learner chose (None: not placed).
    visits : mapping
        Tier id -> the tier id whose visit rules the learner gave it.
    lib : Library, optional
        For the glossary names.

    Returns
    -------
    Result
        Out of the number of accounts plus the number of tiers plus one.
    """
    exercise_id = f"tier_sort:{doc.id}"
    max_score = float(len(doc.accounts) + len(tiers) + 1)
    if not any(assignment.values()) and not any(visits.values()):
        return empty_answer(exercise_id, max_score)
    names = {t.id: t.name for t in tiers}
    method = method_name(lib, "key_account_tiers")
    items: list[Feedback] = []
    missed: list[str] = []
    score = 0.0
    for account in doc.accounts:
        got = assignment.get(account.id)
        ok = got == account.tier
        term = f"tier_{account.tier}"
        if ok:
            text = msg("fb.ka_tier_right", account=account.name, tier=names[account.tier])
        elif got in names:
            text = msg(
                "fb.ka_tier_wrong",
                account=account.name,
                tier=names[account.tier],
                got=names[got],
                why=account.why,
            )
        else:
            text = msg(
                "fb.ka_tier_missing",
                account=account.name,
                tier=names[account.tier],
                why=account.why,
            )
        if not ok:
            missed.append(term)
        items.append(Feedback(account.id, ok, named(text, method_name(lib, term)), term, float(ok)))
        score += float(ok)
    want = expected_counts(tiers, len(doc.accounts))
    have = {t.id: sum(1 for v in assignment.values() if v == t.id) for t in tiers}
    ok = all(abs(have[t] - want[t]) <= SHARE_SLACK for t in want)
    counts = [msg("ka.tier_count", tier=names[t], n=have[t]) for t in want]
    shares = [msg("ka.tier_count", tier=names[t], n=want[t]) for t in want]
    key = "fb.ka_shares_right" if ok else "fb.ka_shares_wrong"
    items.append(
        Feedback(
            "shares", ok, named(msg(key, counts=counts, shares=shares), method), None, float(ok)
        )
    )
    score += float(ok)
    if not ok:
        missed.append("key_account_tiers")
    rules = {t.id: tier_visits(t) for t in tiers}
    for tier in tiers:
        got = visits.get(tier.id)
        ok = got == tier.id
        term = f"tier_{tier.id}"
        key = "fb.ka_visits_right" if ok else "fb.ka_visits_wrong"
        text = msg(key, tier=tier.name, visits=rules[tier.id])
        items.append(
            Feedback(f"visits.{tier.id}", ok, named(text, method_name(lib, term)), term, float(ok))
        )
        score += float(ok)
        if not ok:
            missed.append(term)
    result = Result(exercise_id, score, max_score, items, sorted(set(missed)))
    return result.with_rule("rule.ka_tiers", slack=SHARE_SLACK)
