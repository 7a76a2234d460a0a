"""``notelint server``: a Language Server Protocol server on standard input/output.

Editors show notelint's findings while the note is written: diagnostics on
open, on change and on save, quick fixes, directives that disable a rule on
a line, words added to the notes' word list, the rule's catalogue entry on
hover, and the findings of the whole workspace.  Setup for each editor is in
``docs/editors.md``.

The server needs pygls (``pip install 'notelint[server]'``); the rest of
notelint does not, so it is imported only here.
"""

from __future__ import annotations

#: How to install what the server needs, for the message shown when it is missing.
INSTALL_HINT = "pip install 'notelint[server]'"


class ServerUnavailable(Exception):
    """The language server's dependencies (pygls) are not installed."""


def serve() -> None:
    """Run the language server on standard input/output until the client says ``exit``.

    Raises:
        ServerUnavailable: pygls is not installed.
    """
    try:
        from notelint.server.app import build_server
    except ImportError as exc:
        missing = (exc.name or "").split(".")[0]
        if missing in ("pygls", "lsprotocol", "cattrs", "attrs"):
            raise ServerUnavailable(f"`notelint server` needs {missing}, which is not "
                                    f"installed: {INSTALL_HINT}") from None
        raise
    build_server().start_io()
