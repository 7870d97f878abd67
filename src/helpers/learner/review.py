"""The review queue: items a learner got wrong come back on an FSRS schedule.

Scheduling is done by the maintained ``fsrs`` library (py-fsrs); this module
only decides what rating an attempt earns and keeps the cards in the store.
An item gets a card the first time it is answered wrongly; from then on every
attempt at it updates the card, so an item answered well moves further out.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from datetime import UTC, datetime, time, tzinfo

from fsrs import Card as FsrsCard
from fsrs import Rating, Scheduler
from sqlalchemy import Connection

from helpers.learner.exercises.result import Result
from helpers.store import Card, Store

_SCHEDULER = Scheduler(enable_fuzzing=False)


def rating_for(result: Result) -> Rating:
    """The FSRS rating an attempt earns: Again below 50%, Hard below 80%,
    Good below 100%, Easy at full marks."""
    return rating_for_ratio(result.ratio)


def rating_for_ratio(ratio: float) -> Rating:
    """The FSRS rating of a score ratio (see :func:`rating_for`)."""
    if ratio < 0.5:
        return Rating.Again
    if ratio < 0.8:
        return Rating.Hard
    if ratio < 1.0:
        return Rating.Good
    return Rating.Easy


def card_id(learner_id: str, item_id: str) -> int:
    """A stable FSRS card id for a learner's item (py-fsrs otherwise makes one from the clock,
    sleeping a millisecond per new card to keep them apart)."""
    return zlib.crc32(f"{learner_id}\x1f{item_id}".encode())


def _review(card: FsrsCard | None, ratio: float, when: datetime, new_id: int) -> FsrsCard | None:
    """One answer's effect on an item's card: None while the item has never been missed."""
    rating = rating_for_ratio(ratio)
    if card is None and rating not in (Rating.Again, Rating.Hard):
        return None
    card = card if card is not None else FsrsCard(card_id=new_id, due=when)
    card, _ = _SCHEDULER.review_card(card, rating, review_datetime=when)
    return card


def record_review(
    store: Store, learner_id: str, module: str, result: Result, now: datetime | None = None
) -> Card | None:
    """Update the learner's card for this exercise after an attempt.

    Returns the saved card, or None when the item has no card and was not
    answered wrongly (nothing to review).
    """
    now = now or datetime.now(UTC)
    existing = {c.item_id: c for c in store.cards(learner_id)}.get(result.exercise_id)
    old = FsrsCard.from_dict(existing.card) if existing else None
    card = _review(old, result.ratio, now, card_id(learner_id, result.exercise_id))
    if card is None:
        return None
    saved = Card(
        learner_id=learner_id,
        item_id=result.exercise_id,
        module=module,
        card=card.to_dict(),
        due=card.due,
    )
    store.save_card(saved)
    return saved


def end_of_day(now: datetime, tz: tzinfo | None = None) -> datetime:
    """The last moment of ``now``'s calendar day where the learner is.

    Parameters
    ----------
    now : datetime
        An aware moment.
    tz : tzinfo, optional
        The learner's time zone; by default the machine's local one (with its
        daylight-saving rules, as the operating system knows them).

    Returns
    -------
    datetime
        23:59:59.999999 of that local day, as an aware datetime.
    """
    if tz is not None:
        local = now.astimezone(tz)
        return datetime.combine(local.date(), time.max, tzinfo=tz)
    # a naive time is read as the machine's local time by astimezone()
    return datetime.combine(now.astimezone().date(), time.max).astimezone()


def due(
    store: Store, learner_id: str, now: datetime | None = None, tz: tzinfo | None = None
) -> list[Card]:
    """The learner's items due for review today: by the end of the learner's local day.

    Parameters
    ----------
    store : Store
        Where the cards are.
    learner_id : str
        Whose cards.
    now : datetime, optional
        The moment to judge "today" by (default: now).
    tz : tzinfo, optional
        The learner's time zone (default: the machine's local one).

    Returns
    -------
    list of Card
        Soonest due first.
    """
    now = now or datetime.now(UTC)
    return store.cards(learner_id, due_before=end_of_day(now, tz).astimezone(UTC))


CARDS_AT_ONCE = 10_000
"""Cards :func:`rebuild_cards` writes at a time inside a caller's transaction: memory stays
bounded by it, however many learners an import names."""


def rebuild_cards(store: Store, learner_ids: Iterable[str], conn: Connection | None = None) -> int:
    """Work out the learners' review cards afresh from all their stored attempts.

    For attempts that reached the store without passing through a widget
    (imported history): each is replayed in time order, as if answered then,
    so items missed come due on the same schedule. Returns the cards saved.
    With ``conn``, everything is read and written in that transaction.
    """
    saved: list[Card] = []
    count = 0
    for learner in sorted(set(learner_ids)):
        cards: dict[str, tuple[str, FsrsCard]] = {}
        for a in store.attempts(learner, conn=conn):
            old = cards.get(a.exercise_id)
            new_id = card_id(learner, a.exercise_id)
            card = _review(old[1] if old else None, a.ratio, a.created_at, new_id)
            if card is not None:
                cards[a.exercise_id] = (a.module, card)
        saved += [
            Card(learner_id=learner, item_id=i, module=m, card=c.to_dict(), due=c.due)
            for i, (m, c) in cards.items()
        ]
        if conn is not None and len(saved) >= CARDS_AT_ONCE:  # still the one transaction
            store.save_cards(saved, conn)
            count, saved = count + len(saved), []
    store.save_cards(saved, conn)
    return count + len(saved)
