"""Load a folder of playbook files into one typed, checked library."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from helpers.playbook.issues import ContentIssue, PlaybookError
from helpers.playbook.models import (
    DOC_MODELS,
    AccountCase,
    CadenceDoc,
    Criterion,
    Doc,
    FFABChain,
    GlossaryEntry,
    Method,
    MethodsDoc,
    Need,
    ObjectionScenarioDoc,
    ProductDoc,
    Question,
    QuestionBankDoc,
    QuizDoc,
    QuizItem,
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
    def quizzes(self) -> list[QuizDoc]:
        """All quiz files."""
        return self.of_kind("quiz")

    @property
    def rubrics(self) -> list[RubricDoc]:
        """All rubrics."""
        return self.of_kind("rubric")

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


def _pydantic_message(err: dict[str, Any]) -> tuple[str, str]:
    kind = err["type"]
    if kind == "extra_forbidden":
        return "unknown field", "unknown-field"
    if kind == "missing":
        return "required field is missing", "missing-field"
    msg = str(err["msg"])
    msg = msg.removeprefix("Value error, ")
    if kind == "string_pattern_mismatch":
        msg = "ids use lower-case letters, digits and _ and start with a letter"
    got = err.get("input")
    if kind not in ("value_error",) and isinstance(got, str | int | float | bool):
        msg = f"{msg} (got {got!r})"
    return msg, "schema"


def validate_source(source: Source) -> tuple[LoadedDoc | None, list[ContentIssue]]:
    """Validate one parsed file against the model its ``kind`` names."""

    def issue(loc: list[str | int], message: str, code: str) -> ContentIssue:
        line, path = source.locate(loc)
        return ContentIssue(source.path, line, path, message, code)

    data = source.data
    if not isinstance(data, dict):
        return None, [issue([], "expected a mapping with a 'kind' field at the top", "schema")]
    kind = data.get("kind")
    if kind not in DOC_MODELS:
        known = ", ".join(DOC_MODELS)
        what = "missing" if kind is None else f"{kind!r} is not a known kind"
        return None, [issue(["kind"], f"kind {what}; expected one of: {known}", "unknown-kind")]
    try:
        doc = DOC_MODELS[kind].model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            message, code = _pydantic_message(err)
            issues.append(issue(list(err["loc"]), message, code))
        return None, issues
    return LoadedDoc(source, doc), []  # type: ignore[arg-type]


def _read_all(
    files: Iterable[Path],
) -> Iterator[tuple[Path, str, LoadedDoc | None, list[ContentIssue]]]:
    for path in files:
        try:
            source = read_source(path)
        except SourceError as exc:
            yield path, "?", None, [ContentIssue(path, exc.line, "", exc.message, "yaml-syntax")]
            continue
        loaded, issues = validate_source(source)
        kind = source.data.get("kind") if isinstance(source.data, dict) else None
        yield path, str(kind) if kind in DOC_MODELS else "?", loaded, issues


def load_library(
    path: Path | str | None = None,
    *,
    strict: bool = True,
    files: Iterable[Path] | None = None,
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
    for file, kind, loaded, issues in _read_all(lib.files):
        lib.issues.extend(issues)
        if loaded is not None:
            lib.docs.append(loaded)
        else:
            lib.failed.setdefault(kind, []).append(file)
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
