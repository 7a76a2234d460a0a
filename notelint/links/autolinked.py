"""Code that an editor turned into a link: ``[np.dot](http://np.dot)``.

Note editors (Notion, Slack, word processors) auto-link any text that ends in
a top-level domain, and many short TLDs read as code: ``np.dot``,
``tf.data``, ``plt.show``, ``torch.save``.  Exported to markdown, such text
becomes a link whose destination is ``http://`` plus the text itself.

A link is taken for auto-linked code when all of these hold:

* it is an inline link ``[T](http://T)`` (or ``http://T/``): the text *is* the
  host, with the ``http`` scheme an auto-linker adds;
* ``T`` is exactly two identifier-like labels (``name.attr``: letters,
  digits, ``_``; not starting with a digit);
* markdown's own linkify (linkify-it, as configured in notelint's parser)
  would not make ``T`` a link: its top-level domain is not one of the common
  ones that renderers auto-link (``com``, ``org``, ``net``, country codes...).

So ``[google.com](http://google.com)`` is not reported, nor any ``https`` link,
nor a link whose text differs from its host.
"""

from __future__ import annotations

from notelint.lazy import lazy_compile
from notelint.links.extract import Link
from notelint.parsing import shared_parser

_IDENT_PAIR_RE = lazy_compile(r"[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\Z")


def autolinked_code(link: Link) -> str | None:
    """The code text of ``link`` if it is auto-linked code (see the module docstring)."""
    text = link.text
    if link.kind != "link" or text is None:
        return None
    # The destination first: few links have their text as their host (and then the
    # pattern is compiled).
    if link.url not in (f"http://{text}", f"http://{text}/", f"http://{text.lower()}",
                        f"http://{text.lower()}/") or not _IDENT_PAIR_RE.match(text):
        return None
    linkify = shared_parser().linkify
    if linkify is not None and linkify.test(text):
        return None
    return text
