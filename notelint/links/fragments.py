"""Find fragment targets (``id`` and ``name`` attributes) in an HTML page read in chunks.

Used on remote pages when ``check-remote-fragments`` is on.  The page is fed
to :class:`html.parser.HTMLParser` chunk by chunk, so reading stops as soon
as every wanted fragment is found (or the byte cap is reached).

Pages that make their anchors with JavaScript cannot be judged from their
HTML; for GitHub, whose rendered markdown prefixes heading ids with
``user-content-`` and whose line anchors (``#L10``, ``#L10-L20``) exist only
in script, those forms are accepted as found.
"""

from __future__ import annotations

import codecs
from html.parser import HTMLParser
from urllib.parse import unquote

from notelint.lazy import lazy_compile

_GITHUB_LINE_RE = lazy_compile(r"L\d+(?:C\d+)?(?:-L\d+(?:C\d+)?)?\Z")


class FragmentFinder(HTMLParser):
    """Collects which of ``wanted`` fragments a page defines.

    ``truncated`` is set by the reader when it stopped at the byte cap: the
    fragments not found by then are unknown, not missing.

    Args:
        wanted: fragments as written after ``#`` (percent-encoding allowed).
        host: the page's host (for the GitHub conventions above).
    """

    def __init__(self, wanted: frozenset[str], host: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = {unquote(f): f for f in wanted}
        self.github = host == "github.com" or host.endswith(".github.com")
        self.found: set[str] = set()
        self.truncated = False
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")

    @property
    def done(self) -> bool:
        """Whether every wanted fragment was found."""
        return len(self.found) == len(self.wanted)

    def feed(self, data: bytes | str) -> None:
        """Parse the next chunk of the page (bytes are decoded as UTF-8)."""
        text = self._decoder.decode(data) if isinstance(data, bytes) else data
        super().feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("id", "name") and value:
                key = value[len("user-content-"):] if (
                    self.github and value.startswith("user-content-")) else value
                original = self.wanted.get(key)
                if original is not None:
                    self.found.add(original)

    def matches(self, fragment: str) -> bool:
        """Whether ``fragment`` counts as found without an element (text fragments, GitHub lines)."""
        decoded = unquote(fragment)
        if decoded.startswith(":~:") or decoded in ("", "top"):
            return True
        return self.github and bool(_GITHUB_LINE_RE.match(decoded))
