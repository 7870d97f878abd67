"""What a page's kernel does differently: every message kept, plain messages instead of tracebacks.

A page builds hundreds of widgets at once; :func:`keep_every_message` makes
sure none of their messages is dropped on the way out of the kernel. In the
app a failing cell shows one sentence in the person's language, and the
details go to ``var/coachkit.log`` for whoever runs the kit; no code and no
traceback ever reach the page.
"""

from __future__ import annotations

import html
import logging
import threading
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


def keep_every_message(timeout: float = 5.0) -> bool:
    """Make this kernel queue its output for a slow reader instead of dropping it.

    A kernel publishes widgets, displays and status messages on one ZeroMQ
    socket, which by default drops everything past 1,000 unread messages.
    A section of a module sends that many in a burst; when the reader (the
    app, JupyterLab, a notebook run) falls behind on a busy machine, widgets
    went missing and the cell could look empty. With no limit, the messages
    wait in the kernel's memory until they are read.

    Returns False when not running in an IPython kernel (nothing to change).
    """
    try:
        import zmq
        from IPython import get_ipython
    except ImportError:
        return False
    kernel = getattr(get_ipython(), "kernel", None)
    io_thread = getattr(kernel, "iopub_thread", None)
    socket = getattr(io_thread, "socket", None)
    if socket is None or not hasattr(socket, "setsockopt"):
        return False
    done = threading.Event()

    def unlimited() -> None:
        # libzmq applies a new limit to connections already open as well
        socket.setsockopt(zmq.SNDHWM, 0)
        done.set()

    # a socket belongs to one thread: the change is made on the kernel's output thread
    io_thread.schedule(unlimited)
    return done.wait(timeout)
