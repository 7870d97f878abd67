"""Paths and settings, in one place.

Every setting can be overridden by an environment variable with the prefix
``COACHKIT_`` (for example ``COACHKIT_STORE=postgresql+psycopg://...``), so
that every command, notebook and test can be pointed at another store or
another content folder. Settings are read afresh on each call to
:func:`get_settings`.
"""

from __future__ import annotations

from pathlib import Path

from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parents[1]
"""The checkout the package is installed from (editable install: ``src/helpers/../..``)."""
NOTEBOOKS = PROJECT_ROOT / "notebooks"
"""The kit's notebooks (code, not data: they do not move with ``COACHKIT_HOME``)."""
REPORT_NOTEBOOK = NOTEBOOKS / "reports" / "team_coaching.ipynb"
"""The team coaching report, run by papermill."""


def _default_store(var: Path) -> str:
    return f"sqlite:///{var / 'coachkit.sqlite'}"


class Settings(BaseSettings):
    """The kit's settings.

    Attributes
    ----------
    home : Path
        The project folder (``COACHKIT_HOME``); the others default to folders in it.
    playbooks : Path
        The content folder (``COACHKIT_PLAYBOOKS``).
    data : Path
        Data exports and the bundled sample (``COACHKIT_DATA``).
    var : Path
        Local, gitignored state such as the default store (``COACHKIT_VAR``).
    store : str
        SQLAlchemy URL of the store (``COACHKIT_STORE``); defaults to a SQLite
        file in ``var``.
    """

    model_config = SettingsConfigDict(env_prefix="COACHKIT_", extra="ignore")

    home: Path = PROJECT_ROOT
    playbooks: Path | None = None
    data: Path | None = None
    var: Path | None = None
    store: str | None = None

    def model_post_init(self, _context: object) -> None:
        # relative folders mean the caller's folder, fixed now for every process handed them
        self.home = self.home.resolve()
        for name in ("playbooks", "data", "var"):
            if (value := getattr(self, name)) is not None:
                setattr(self, name, value.resolve())
        if self.playbooks is None:
            self.playbooks = self.home / "playbooks"
        if self.data is None:
            self.data = self.home / "data"
        if self.var is None:
            self.var = self.home / "var"
        if self.store is None:
            self.store = _default_store(self.var)

    @property
    def sample_data(self) -> Path:
        """The bundled sample organisation's CSV files."""
        assert self.data is not None
        return self.data / "sample"

    @property
    def sample_store(self) -> str:
        """SQLAlchemy URL of the store that holds the sample organisation (kept apart from
        real data)."""
        assert self.var is not None
        return f"sqlite:///{self.var / 'sample.sqlite'}"


def get_settings() -> Settings:
    """Return the current settings, read from the environment now."""
    return Settings()
