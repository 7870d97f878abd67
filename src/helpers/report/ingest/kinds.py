"""The record kinds ``coachkit ingest`` loads: their columns, keys and references."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from helpers.errors import DataError
from helpers.i18n import say
from helpers.store.tables import OPPORTUNITY_FACTORS

KINDS = (
    "reps",
    "accounts",
    "contacts",
    "deals",
    "attempts",
    "scores",
    "opportunities",
    "customer_events",
    "receivables",
)
"""Record kinds in dependency order: a kind only refers to kinds before it."""
EVENT_KINDS: tuple[str, ...] = (
    "birthday",
    "wedding",
    "birth",
    "illness",
    "loss",
    "store_anniversary",
    "store_opening",
    "disaster",
)
"""Kinds of customer event, as the relationship-maintenance programme names them."""


def _columns(spec: str) -> dict[str, str]:
    return dict(item.split(":") for item in spec.split())


COLUMNS: dict[str, dict[str, str]] = {
    "reps": _columns("rep_id:id name:name team_id:id hire_date:date"),
    "accounts": _columns(
        "account_id:id name:name owner_rep_id:id grade:grade created_on:date "
        "profile_fields:fields parked:bool tier:tier"
    ),
    "contacts": _columns(
        "contact_id:id date:date rep_id:id account_id:id type:contact_type outcome:outcome"
    ),
    "deals": _columns("deal_id:id account_id:id rep_id:id date:date amount:amount"),
    "attempts": _columns(
        "learner_id:id module:id exercise_id:long_id score:points max_score:max_points "
        "created_at:timestamp content_version:version locale:locale"
    ),
    "scores": _columns(
        "session_id:id rep_id:id trainer_id:id criterion_id:id score:score scored_on:date "
        "rubric_version:version comment:text scenario_id:optional_id "
        "revised_score:optional_score"
    ),
    "opportunities": _columns(
        "opportunity_id:id account_id:id rep_id:id assessed_on:date "
        + " ".join(f"{factor}:score" for factor in OPPORTUNITY_FACTORS)
        + " pursued:bool"
    ),
    "customer_events": _columns(
        "event_id:id account_id:id person:optional_name kind:event_kind date:date"
    ),
    "receivables": _columns(
        "receivable_id:id account_id:id rep_id:id amount:amount invoice_date:date "
        "due_date:date completed_date:optional_date reminders:count paid_date:optional_date"
    ),
}
"""Columns per kind, as in data/README.md, and the type of their values."""
OPTIONAL: dict[str, dict[str, str]] = {
    "accounts": {"tier": ""},
    "attempts": {"content_version": "import", "locale": "zh"},
    "scores": {"comment": "", "scenario_id": "", "revised_score": ""},
    "customer_events": {"person": ""},
    "receivables": {"completed_date": "", "reminders": "0", "paid_date": ""},
}
"""Columns a file may leave out, and the value they then get."""
KEYS = {kind: [next(iter(columns))] for kind, columns in COLUMNS.items()} | {
    "attempts": ["learner_id", "exercise_id", "created_at", "score"],
    "scores": ["session_id", "trainer_id", "criterion_id"],
}
"""What makes a row the same record: a later row with the same key is a duplicate."""
REFS = {
    "accounts": {"owner_rep_id": "reps"},
    "contacts": {"rep_id": "reps", "account_id": "accounts"},
    "deals": {"rep_id": "reps", "account_id": "accounts"},
    "attempts": {"learner_id": "reps"},
    "scores": {"rep_id": "reps"},
    "opportunities": {"rep_id": "reps", "account_id": "accounts"},
    "customer_events": {"account_id": "accounts"},
    "receivables": {"rep_id": "reps", "account_id": "accounts"},
}
"""Columns that must name a stored record of another kind."""


_SUMMARY = {
    "scores": "op.ingest.summary_scores",
    "reps": "op.ingest.summary_changes",
    "accounts": "op.ingest.summary_changes",
    "opportunities": "op.ingest.summary_changes",
    "customer_events": "op.ingest.summary_changes",
    "receivables": "op.ingest.summary_changes",
}


class IngestError(DataError):
    """A file (or mapping file) that is unusable as a whole; nothing was written.

    Raised with a message key and its values (see :class:`helpers.errors.KitError`).
    """


@dataclass
class IngestResult:
    """What one ingest run did: rows read, added, updated, already stored, rejected.

    ``updated`` counts stored records the file changed: scores given a new value, reps
    and accounts with a tracked column changed (their summary says *changed*).
    """

    kind: str
    file: Path
    read: int = 0
    added: int = 0
    unchanged: int = 0
    updated: int = 0
    rejected: int = 0
    rejects_path: Path | None = None
    checked: bool = False
    """True: a checking run; the figures say what an import would do, nothing was stored."""
    reasons: list[tuple[int, str]] = field(default_factory=list)
    """Row number and reason of the first rejected rows."""

    def summary(self) -> str:
        """One line for the console, in the operator's language."""
        counts = {"read": self.read, "added": self.added, "updated": self.updated}
        counts |= {"unchanged": self.unchanged, "rejected": self.rejected}
        key = _SUMMARY.get(self.kind, "op.ingest.summary")
        line = say(key, kind=self.kind, path=self.file, **counts)
        if self.checked:
            line = say("op.ingest.checked", summary=line)
        if self.rejects_path:
            line += say("op.ingest.see_rejects", path=self.rejects_path)
        return line

    def report(self) -> list[str]:
        """The summary line, then, for a checking run, the first reject reasons."""
        lines = [self.summary()]
        if self.checked:
            lines += [
                "  " + say("op.ingest.reject_line", row=r, reason=why) for r, why in self.reasons
            ]
            if self.rejected > len(self.reasons):
                more = say("op.ingest.more_rejects", n=self.rejected - len(self.reasons))
                lines.append("  " + more)
        return lines
