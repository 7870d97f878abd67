"""Load a folder of playbook files into one typed, checked library."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from helpers.playbook.issues import ContentIssue, PlaybookError, join_list, join_or, say
from helpers.playbook.models import (
    DOC_MODELS,
    AccountCase,
    CadenceDoc,
    Criterion,
    Doc,
    FFABChain,
    FieldCaseDoc,
    GlossaryEntry,
    Method,
    MethodsDoc,
    Need,
    ObjectionScenarioDoc,
    Principle,
    ProductDoc,
    Question,
    QuestionBankDoc,
    QuizDoc,
    QuizItem,
    RoleplayBriefDoc,
    RubricDoc,
    Stage,
    Term,
    VisitFlowDoc,
)
from helpers.playbook.source import Source, SourceError, read_source

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedDoc:
    """A validated document with the file it came from."""

    source: Source
    doc: Doc

    @property
    def kind(self) -> str:
        """The document kind, e.g. ``rubric``."""
        return self.doc.kind

    @property
    def id(self) -> str:
        """The document id."""
        return self.doc.id

    @property
    def version(self) -> str:
        """The content version (hash) that records made with this document carry."""
        return self.source.version

    def issue(self, loc: Iterable[str | int], message: str, code: str) -> ContentIssue:
        """Make an issue pointing at ``loc`` inside this document."""
        line, path = self.source.locate(list(loc))
        return ContentIssue(self.source.path, line, path, message, code)


@dataclass
class Library:
    """All playbook documents of a folder, indexed by id.

    Attributes
    ----------
    root : Path
        The folder the files were read from.
    docs : list of LoadedDoc
        Every document that passed its model.
    issues : list of ContentIssue
        Every problem found, in file and line order; empty for a clean library.
    """

    root: Path
    docs: list[LoadedDoc] = field(default_factory=list)
    issues: list[ContentIssue] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    failed: dict[str, list[Path]] = field(default_factory=dict)
    """Files that did not load, by the kind they declare (``"?"`` when unreadable)."""

    # ----------------------------------------------------------- documents
    def of_kind(self, kind: str) -> list[Any]:
        """Return the documents of ``kind`` (``"rubric"``, ``"product"``, ...) in file order."""
        return [d.doc for d in self.docs if d.kind == kind]

    def loaded(self, kind: str) -> list[LoadedDoc]:
        """Like :meth:`of_kind` but with the source file of each document."""
        return [d for d in self.docs if d.kind == kind]

    @property
    def flows(self) -> list[VisitFlowDoc]:
        """All visit flows."""
        return self.of_kind("visit_flow")

    @property
    def canonical_flow(self) -> VisitFlowDoc | None:
        """The canonical visit flow, if the library has one."""
        return next((f for f in self.flows if f.variant == "canonical"), None)

    @property
    def question_banks(self) -> list[QuestionBankDoc]:
        """All question banks."""
        return self.of_kind("question_bank")

    @property
    def products(self) -> list[ProductDoc]:
        """All products with their FFAB chains."""
        return self.of_kind("product")

    @property
    def scenarios(self) -> list[ObjectionScenarioDoc]:
        """All objection scenarios."""
        return self.of_kind("objection_scenario")

    @property
    def field_cases(self) -> list[FieldCaseDoc]:
        """All field cases."""
        return self.of_kind("field_case")

    @property
    def principles(self) -> dict[str, Principle]:
        """The principles the field cases turn on, by id (the first definition wins)."""
        out: dict[str, Principle] = {}
        for doc in self.of_kind("case_principles"):
            for p in doc.principles:
                out.setdefault(p.id, p)
        return out

    @property
    def quizzes(self) -> list[QuizDoc]:
        """All quiz files."""
        return self.of_kind("quiz")

    @property
    def rubrics(self) -> list[RubricDoc]:
        """All rubrics."""
        return self.of_kind("rubric")

    @property
    def roleplay_briefs(self) -> list[RoleplayBriefDoc]:
        """All role-play briefs for trainers."""
        return self.of_kind("roleplay_brief")

    @property
    def cadence(self) -> CadenceDoc | None:
        """The cadence rules, if the library has them."""
        docs = self.of_kind("cadence")
        return docs[0] if docs else None

    @property
    def account_cases(self) -> list[AccountCase]:
        """Every account case of every account-cases file."""
        return [c for d in self.of_kind("account_cases") for c in d.cases]

    @property
    def glossary(self) -> list[GlossaryEntry]:
        """Every trade term of the glossary, in file order."""
        return [e for d in self.of_kind("glossary") for e in d.entries]

    @property
    def methods(self) -> dict[str, Method]:
        """The methods of the glossary by id."""
        out: dict[str, Method] = {}
        for doc in self.of_kind("methods"):
            assert isinstance(doc, MethodsDoc)
            for m in doc.methods:
                out.setdefault(m.id, m)
        return out

    # ------------------------------------------------------------- indexes
    @property
    def terms(self) -> dict[str, tuple[Method, Term]]:
        """Every method term by id, with the method it belongs to."""
        out: dict[str, tuple[Method, Term]] = {}
        for m in self.methods.values():
            for t in m.terms:
                out.setdefault(t.id, (m, t))
        return out

    @property
    def stages(self) -> dict[str, Stage]:
        """Every stage of every flow by id."""
        return {s.id: s for f in self.flows for s in f.stages}

    @property
    def needs(self) -> dict[str, Need]:
        """Every customer need of every product by id."""
        return {n.id: n for p in self.products for n in p.needs}

    @property
    def chains(self) -> dict[str, FFABChain]:
        """Every FFAB chain by id."""
        return {c.id: c for p in self.products for c in p.chains}

    @property
    def questions(self) -> dict[str, Question]:
        """Every question of every bank by id."""
        return {q.id: q for b in self.question_banks for q in b.questions}

    @property
    def quiz_items(self) -> dict[str, QuizItem]:
        """Every quiz item by id."""
        return {i.id: i for q in self.quizzes for i in q.items}

    @property
    def criteria(self) -> dict[str, Criterion]:
        """Every rubric criterion by id."""
        return {c.id: c for r in self.rubrics for c in r.criteria}

    def version_of(self, kind: str, doc_id: str) -> str:
        """Return the content version of document ``doc_id`` of ``kind``.

        Raises
        ------
        KeyError
            If there is no such document.
        """
        for d in self.docs:
            if d.kind == kind and d.id == doc_id:
                return d.version
        raise KeyError(f"no {kind} document with id {doc_id!r}")

    # --------------------------------------------------------------- stats
    def stats(self) -> dict[str, int]:
        """Count what the library holds, and its problems."""
        canonical = self.canonical_flow
        return {
            "files": len(self.files),
            "errors": len(self.issues),
            "stages": len(canonical.stages) if canonical else 0,
            "flows": len(self.flows),
            "questions": sum(len(b.questions) for b in self.question_banks),
            "question_banks": len(self.question_banks),
            "products": len(self.products),
            "ffab_chains": sum(len(p.chains) for p in self.products),
            "needs": sum(len(p.needs) for p in self.products),
            "distractors": sum(len(p.distractors) for p in self.products),
            "scenarios": len(self.scenarios),
            "scenario_categories": len({s.category for s in self.scenarios}),
            "field_cases": len(self.field_cases),
            "case_principles": len(self.principles),
            "roleplay_briefs": len(self.roleplay_briefs),
            "quiz_items": sum(len(q.items) for q in self.quizzes),
            "rubric_criteria": sum(len(r.criteria) for r in self.rubrics),
            "methods": len(self.methods),
            "account_cases": len(self.account_cases),
            "glossary_entries": len(self.glossary),
            "missing_translations": sum(1 for i in self.issues if i.code == "missing-translation"),
        }


def find_files(path: Path) -> list[Path]:
    """Return the YAML files under ``path`` (or ``path`` itself), sorted."""
    if path.is_file():
        return [path]
    return sorted(p for p in path.rglob("*") if p.suffix in YAML_SUFFIXES and p.is_file())


_SCHEMA_KEYS: dict[str, str] = {
    "int_type": "lint.schema.integer",
    "int_parsing": "lint.schema.integer_parsing",
    "int_from_float": "lint.schema.integer_fraction",
    "float_type": "lint.schema.number",
    "float_parsing": "lint.schema.number_parsing",
    "bool_type": "lint.schema.boolean",
    "bool_parsing": "lint.schema.boolean_parsing",
    "string_type": "lint.schema.text",
    "list_type": "lint.schema.list",
    "dict_type": "lint.schema.mapping",
}
"""Pydantic error types whose message needs no value, and the catalogue key of each."""

_BOUND_KEYS: dict[str, tuple[str, str]] = {
    "greater_than_equal": ("ge", "lint.schema.at_least"),
    "greater_than": ("gt", "lint.schema.above"),
    "less_than_equal": ("le", "lint.schema.at_most"),
    "less_than": ("lt", "lint.schema.below"),
}
"""Pydantic error types of a number out of range: the bound's name in the context, the key."""


def _literal_values(expected: str) -> list[str]:
    """The allowed values of a literal, from pydantic's ``'a', 'b' or 'c'``."""
    return [v for v in re.split(r", | or ", expected) if v]


def schema_message(err: Mapping[str, Any]) -> tuple[str, str]:
    """The message and code of one pydantic error, in the operator's language.

    Parameters
    ----------
    err : mapping
        One entry of :meth:`pydantic.ValidationError.errors`.

    Returns
    -------
    tuple of (str, str)
        The message and the issue code (``unknown-field``, ``missing-field`` or
        ``schema``). A common error type has a message of the catalogue; any
        other keeps pydantic's own (English) message. The value found is added
        when it is a plain value.
    """
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind == "extra_forbidden":
        return say("lint.schema.unknown_field"), "unknown-field"
    if kind == "missing":
        return say("lint.schema.missing"), "missing-field"
    if kind == "string_pattern_mismatch":
        msg = say("lint.schema.id_pattern")
    elif kind == "literal_error" and "expected" in ctx:
        msg = say("lint.schema.one_of", expected=join_or(_literal_values(str(ctx["expected"]))))
    elif kind == "too_short" and ctx.get("field_type") == "List":
        least, found = ctx["min_length"], ctx["actual_length"]
        if least == 1:
            msg = say("lint.schema.too_short_one", found=found)
        else:
            msg = say("lint.schema.too_short", least=least, found=found)
    elif kind == "model_type" and "class_name" in ctx:
        msg = say("lint.schema.model", model=ctx["class_name"])
    elif kind == "string_too_long" and "max_length" in ctx:
        msg = say("lint.schema.too_long", most=ctx["max_length"])
    elif kind in _BOUND_KEYS and _BOUND_KEYS[kind][0] in ctx:
        name, key = _BOUND_KEYS[kind]
        msg = say(key, limit=ctx[name])
    elif kind in _SCHEMA_KEYS:
        msg = say(_SCHEMA_KEYS[kind])
    else:
        msg = str(err["msg"]).removeprefix("Value error, ")
    got = err.get("input")
    if kind not in ("value_error", "coachkit") and isinstance(got, str | int | float | bool):
        msg = say("lint.schema.got", problem=msg, value=repr(got))
    return msg, "schema"


def validate_source(source: Source) -> tuple[LoadedDoc | None, list[ContentIssue]]:
    """Validate one parsed file against the model its ``kind`` names."""

    def issue(loc: list[str | int], message: str, code: str) -> ContentIssue:
        line, path = source.locate(loc)
        return ContentIssue(source.path, line, path, message, code)

    data = source.data
    if not isinstance(data, dict):
        return None, [issue([], say("lint.schema.not_mapping"), "schema")]
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in DOC_MODELS:
        known = join_list(DOC_MODELS)
        if kind is None:
            message = say("lint.schema.kind_missing", kinds=known)
        else:
            message = say("lint.schema.kind_unknown", kind=repr(kind), kinds=known)
        return None, [issue(["kind"], message, "unknown-kind")]
    try:
        doc = DOC_MODELS[kind].model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            message, code = schema_message(err)
            issues.append(issue(list(err["loc"]), message, code))
        return None, issues
    return LoadedDoc(source, doc), []  # type: ignore[arg-type]


def _read_all(
    files: Iterable[Path], nodes: bool = True
) -> Iterator[tuple[Path, str, LoadedDoc | None, list[ContentIssue]]]:
    """Each file read and validated; ``nodes=False``: the data may come from the cache of
    parsed files, without the node tree that puts a problem on its line."""
    from helpers.yaml_cache import cached_yaml

    for path in files:
        try:
            if nodes:
                source = read_source(path)
            else:
                source = Source(path, cached_yaml(path, lambda p: read_source(p).data), None)
        except SourceError as exc:
            yield path, "?", None, [ContentIssue(path, exc.line, "", exc.message, "yaml-syntax")]
            continue
        loaded, issues = validate_source(source)
        kind = source.data.get("kind") if isinstance(source.data, dict) else None
        yield path, kind if isinstance(kind, str) and kind in DOC_MODELS else "?", loaded, issues


def load_library(
    path: Path | str | None = None,
    *,
    strict: bool = True,
    files: Iterable[Path] | None = None,
    checks: bool = True,
) -> Library:
    """Load and check every playbook file under ``path``.

    Parameters
    ----------
    path : Path or str, optional
        A folder of YAML files (searched recursively) or one file. Defaults to
        the configured playbooks folder (``COACHKIT_PLAYBOOKS``).
    strict : bool
        Raise :class:`PlaybookError` listing every problem if there is any that
        stops the content from working. Problems in how the content teaches the
        method (``TEACHING_CODES`` of :mod:`helpers.playbook.method_checks`) are
        listed in ``Library.issues`` and by ``coachkit lint`` but do not stop the
        load. With ``strict=False`` the problems are in ``Library.issues`` and
        the documents that passed their models are still loaded.
    checks : bool
        Run the checks across files (references, ids, translations, how the
        content teaches the method). Without them ``Library.issues`` holds only
        each file's own problems, not always with their lines, and files already
        parsed come from the cache of :mod:`helpers.yaml_cache`: for readers that
        never show the problems.

    Returns
    -------
    Library
        The typed documents, indexed by id.
    """
    from helpers.config import get_settings
    from helpers.playbook.checks import check_library
    from helpers.playbook.glossary import check_glossary
    from helpers.playbook.method_checks import TEACHING_CODES

    root = Path(path) if path is not None else get_settings().playbooks
    if not root.exists():
        raise FileNotFoundError(f"playbook path {root} does not exist")
    lib = Library(root=root)
    lib.files = find_files(root) if files is None else list(files)
    for file, kind, loaded, issues in _read_all(lib.files, nodes=checks):
        lib.issues.extend(issues)
        if loaded is not None:
            lib.docs.append(loaded)
        else:
            lib.failed.setdefault(kind, []).append(file)
    if checks:
        lib.issues.extend(check_library(lib))
        lib.issues.extend(check_glossary(lib))
    lib.issues.sort()
    if strict and any(i.code not in TEACHING_CODES for i in lib.issues):
        raise PlaybookError(lib.issues, root if root.is_dir() else root.parent)
    return lib


def lint(path: Path | str | None = None) -> Library:
    """Check a playbook folder, or a file or sub-folder in the context of the configured library.

    A file or a sub-folder of the configured playbooks folder is checked
    together with the other files there, so that its references to them
    resolve; only its own problems are kept, and problems that only the whole
    library can judge (shares across files) are left out. Any other folder is
    checked as a library of its own.

    Returns
    -------
    Library
        With every problem found in ``Library.issues`` (never raises for content).
    """
    from helpers.config import get_settings
    from helpers.playbook.method_checks import LIBRARY_WIDE_CODES

    target = Path(path) if path is not None else get_settings().playbooks
    if not target.exists():
        raise FileNotFoundError(f"playbook path {target} does not exist")
    home = get_settings().playbooks
    assert home is not None
    inside = home.is_dir() and target.resolve().is_relative_to(home.resolve())
    if target.is_dir() and (not inside or target.resolve() == home.resolve()):
        return load_library(target, strict=False)
    mine = {f.resolve() for f in (find_files(target) if target.is_dir() else [target])}
    others = [f for f in find_files(home) if f.resolve() not in mine] if home.is_dir() else []
    lib = load_library(target, strict=False, files=[*others, *sorted(mine)])
    lib.issues = [
        i for i in lib.issues if i.file.resolve() in mine and i.code not in LIBRARY_WIDE_CODES
    ]
    return lib
