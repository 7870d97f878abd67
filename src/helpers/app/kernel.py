"""What a page's kernel does differently in the app: plain messages instead of tracebacks.

In the app a failing cell shows one sentence in the person's language, and the
details go to ``var/coachkit.log`` for whoever runs the kit; no code and no
traceback ever reach the page.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from typing import Any

from helpers.errors import KitError, log_unexpected
from helpers.i18n import t
from helpers.playbook.models import Locale

log = logging.getLogger(__name__)


def message_html(exc: BaseException, locale: Locale) -> str:
    """The plain message a page shows for ``exc``: a kit error's own words, else a general one."""
    text = exc.text(locale) if isinstance(exc, KitError) else t("app.page_failed", locale)
    return (
        f'<div role="alert" class="coachkit-page-error" style="color:#b3261e">'
        f"{html.escape(text)}</div>"
    )


def install_error_handler(locale: Callable[[], Locale]) -> bool:
    """Show failing cells of this kernel as a plain message in ``locale()`` and log them.

    Returns False when not running in an IPython kernel (nothing to install).
    """
    try:
        from IPython import get_ipython
        from IPython.display import HTML, display
    except ImportError:
        return False
    shell = get_ipython()
    if shell is None:
        return False

    def handler(_shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None):
        if not isinstance(value, KitError):
            log_unexpected(value.with_traceback(tb))
        display(HTML(message_html(value, locale())))

    shell.set_custom_exc((Exception,), handler)
    return True
