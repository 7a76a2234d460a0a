"""One link analysis per run, shared by every LK rule.

The LK rules are cross-note rules (:mod:`notelint.workspace`): the
:class:`LinkCollector` takes each note's links and anchors while its tokens
exist; the first LK rule to run in a workspace analyses the links of all its
notes, for every LK rule enabled on each note (``WorkspaceContext.shared``),
and each rule reports the findings filed under its id.  So each remote URL
is requested at most once per run, however many notes and rules use it, and
a link to another note's heading is checked against that note's anchors.
The analysis looks at the disk and the network, so its findings are never
taken from the cache (``cacheable = False``); the summaries are.

Per link, in order (the first that applies decides):

1. a local destination: the file must exist (LK002) and the fragment land (LK003);
2. a scheme other than http/https (``mailto:``, ``ftp:``...): not checked;
3. an impossible host such as ``http://np.dott`` (LK006);
4. auto-linked code such as ``[np.dot](http://np.dot)`` (LK007);
5. a URL matching ``exclude``: not checked;
6. a ``.invalid`` host: dead without a request (LK001);
7. with ``--offline``: nothing more;
8. a host in ``unverifiable-hosts``: could not verify, without a request (LK004);
9. otherwise the URL is requested (:mod:`notelint.links.remote`) and the
   result judged (:mod:`notelint.links.verdicts`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import urldefrag, urlsplit

from notelint.diagnostics import Edit, Fix
from notelint.document import Document
from notelint.lazy import lazy_compile
from notelint.links.autolinked import autolinked_code
from notelint.links.extract import Link, links
from notelint.links.hosts import host_problem, special_use
from notelint.links.local import LocalTargets, NoteAnchors, is_local
from notelint.links.progress import Progress
from notelint.links.settings import LinkSettings
from notelint.rule import DocumentContext, RunOptions
from notelint.workspace import Collector, NoteSummary, WorkspaceContext

if TYPE_CHECKING:
    from notelint.links.results import RemoteResult

# The link cache and the verdicts on answers (notelint.links.cache, .verdicts, .results) are
# imported only when web links are checked: an offline run never needs them.

CODES = ("LK001", "LK002", "LK003", "LK004", "LK005", "LK006", "LK007")
REMOTE_CODES = frozenset({"LK001", "LK003", "LK004", "LK005"})
_UNSAFE_IN_URL = lazy_compile(r"[\s<>\"'`]")


class LinkFinding(NamedTuple):
    """A finding of one LK rule at one link destination (offsets in the note)."""

    code: str
    start: int
    end: int
    message: str
    fix: Fix | None = None


class _Pending:
    """A web link waiting for its answer: the note it is in, where, and what to check."""

    __slots__ = ("codes", "fragment", "link", "note", "settings", "url", "written")

    def __init__(self, note: int, link: Link, written: str, url: str, fragment: str,
                 settings: LinkSettings, codes: frozenset[str]) -> None:
        self.note = note
        self.link = link
        self.written = written
        self.url = url
        self.fragment = fragment
        self.settings = settings
        self.codes = codes


def settings_of(config: Any) -> LinkSettings:
    """The ``[links]`` settings of a configuration (defaults without one)."""
    if config is None:
        return LinkSettings()
    section: LinkSettings = config.section("links")
    return section


class Prepared(NamedTuple):
    """What the analysis needs from a note, decided while its tokens exist (picklable).

    Everything that depends only on the note, its configuration and the
    run's options is decided here (and so cached with the note); what
    depends on the disk (local targets) or the network is left for the
    workspace.

    Attributes:
        static: findings decided from the note alone (LK001 for ``.invalid``
            hosts, LK004 for listed bot walls, LK006, LK007), whatever rules
            are enabled (the workspace filters them by rule).
        local: ``(link, written)`` for each local destination.
        remote: ``(link, written, url, fragment)`` for each URL to request.
        anchors: the note's heading and HTML anchors.
    """

    static: tuple[LinkFinding, ...]
    local: tuple[tuple[Link, str], ...]
    remote: tuple[tuple[Link, str, str, str], ...]
    anchors: NoteAnchors


class LinkCollector(Collector):
    """The links family's per-note step: each link classified, and the note's anchors."""

    key = "links"
    version = 3  # 3: Prepared, Link, NoteAnchors and LinkFinding are named tuples
    cacheable = False

    def collect(self, ctx: DocumentContext) -> Prepared:
        """Classify ``ctx``'s links (see :class:`Prepared`) and take its anchors."""
        doc = ctx.document
        settings = settings_of(ctx.settings)
        static: list[LinkFinding] = []
        local: list[tuple[Link, str]] = []
        remote: list[tuple[Link, str, str, str]] = []
        for link in links(doc):
            written = doc.text[link.start:link.end]
            kind, detail = _classify(doc, link, written, settings, ctx.run)
            if kind == "local":
                local.append((link, written))
            elif kind == "finding":
                assert isinstance(detail, LinkFinding)
                static.append(detail)
            elif kind == "remote":
                assert isinstance(detail, tuple)
                remote.append((link, written, *detail))
        return Prepared(tuple(static), tuple(local), tuple(remote),
                        NoteAnchors.of(doc, settings.slug_style))


def _classify(doc: Document, link: Link, written: str, settings: LinkSettings,
              run: RunOptions) -> tuple[str, object]:
    """``("local", None)``, ``("finding", LinkFinding)``, ``("remote", (url, fragment))``
    or ``("skip", None)``: the first rule of the module docstring that applies."""
    url = link.url.strip()
    if is_local(url):
        return "local", None
    if url.startswith("//"):
        url = "https:" + url
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return "skip", None
    try:
        host = parts.hostname or ""
    except ValueError:
        host = ""
    problem = host_problem(host)
    if problem is not None:
        return "finding", LinkFinding("LK006", link.start, link.end,
                                      f"Link `{written}` cannot work: {problem}")
    code_text = autolinked_code(link)
    if code_text is not None:
        return "finding", _autolinked(doc, link, code_text)
    if any(p.search(url) for p in settings.exclude_patterns()):
        return "skip", None
    if special_use(host) == "invalid":
        return "finding", LinkFinding("LK001", link.start, link.end,
                                      f"Link `{written}` is dead: `{host}` does not resolve "
                                      "(`.invalid` names never do, RFC 6761)")
    if run.offline:
        return "skip", None
    from notelint.links.verdicts import unverifiable_host

    wall = unverifiable_host(host, settings)
    if wall is not None:
        return "finding", LinkFinding("LK004", link.start, link.end,
                                      f"Could not verify `{written}`: `{wall}` answers automated "
                                      "requests with a login or bot wall (listed in "
                                      "`[links] unverifiable-hosts`)")
    nofrag, fragment = urldefrag(url)
    return "remote", (nofrag, fragment)


def findings(ws: WorkspaceContext) -> dict[int, list[LinkFinding]]:
    """LK findings of every checked note of ``ws`` by note index (computed once per workspace)."""
    return ws.shared(LinkCollector.key, lambda: analyse(ws))


def _enabled(note: NoteSummary) -> frozenset[str]:
    return frozenset(c for c in CODES if c in note.codes)


def _base_folder(config: Any) -> Path:
    """Where relative destinations of text that is not a file are looked up."""
    root = getattr(config, "root", None)
    return Path(root) if root is not None else Path.cwd()


def _site_root(config: Any, settings: LinkSettings) -> Path | None:
    if not settings.site_root:
        return None
    root = getattr(config, "root", None)
    return (Path(root) if root is not None else Path.cwd()) / settings.site_root


def analyse(ws: WorkspaceContext) -> dict[int, list[LinkFinding]]:
    """Analyse the links of ``ws``'s checked notes for their enabled LK rules."""
    known: dict[str, NoteAnchors] = {}
    real: dict[int, str] = {}
    folders: dict[str, str] = {}
    prepared_of: list[Prepared | None] = []
    for i, note in enumerate(ws.notes):
        prepared = note.summary(LinkCollector.key)
        prepared_of.append(prepared)
        if prepared is not None and note.path is not None and note.path.name:
            real[i] = _realpath(os.fspath(note.path), folders)
            known[real[i]] = prepared.anchors
    local = LocalTargets(known)
    results: dict[int, list[LinkFinding]] = {}
    pending: list[_Pending] = []
    settings = settings_of(ws.config)
    site_root = _site_root(ws.config, settings)
    for i, note in enumerate(ws.notes):
        prepared = prepared_of[i]
        if not note.checked or prepared is None:
            continue
        base = None
        if prepared.local:  # only a note with local destinations needs its folder
            base = Path(os.path.dirname(real[i])) if i in real else _base_folder(ws.config)
        results[i] = list(_static(i, note, prepared, ws, local, pending, base, settings,
                                  site_root))
    _remote(pending, ws.run, results)
    for found in results.values():
        found.sort(key=lambda f: (f.start, f.code))
    return results


def _realpath(path: str, folders: dict[str, str]) -> str:
    """``os.path.realpath(path)``, the real path of each folder looked up once (``folders``:
    folder as given -> its real path, filled as it goes).

    The notes of a run lie in a few folders: a note that is not itself a symbolic
    link costs one ``lstat`` instead of one per component of its path.
    """
    folder, name = os.path.split(path)
    if not name or name in (".", "..") or os.path.islink(path):
        return os.path.realpath(path)
    real = folders.get(folder)
    if real is None:
        real = folders[folder] = os.path.realpath(folder or ".")
    return os.path.join(real, name)


def _static(index: int, note: NoteSummary, prepared: Prepared, ws: WorkspaceContext,
            local: LocalTargets, pending: list[_Pending], base: Path | None,
            settings: LinkSettings, site_root: Path | None) -> Iterator[LinkFinding]:
    """The note's findings without the network; remote work is appended to ``pending``.

    ``base`` is the note's folder (relative destinations are looked up there; ``None``
    when the note has none);
    ``settings`` the workspace's ``[links]`` settings and ``site_root`` its site root.
    """
    codes = _enabled(note)
    for finding in prepared.static:
        if finding.code in codes:
            yield finding
    if codes & {"LK002", "LK003"}:
        for link, written in prepared.local:
            assert base is not None
            found = local.check(link, prepared.anchors, written, base, site_root,
                                settings.slug_style)
            if found is not None and found[0] in codes:
                yield LinkFinding(found[0], link.start, link.end, found[1])
    if codes & REMOTE_CODES and not ws.run.offline:
        for link, written, url, fragment in prepared.remote:
            pending.append(_Pending(index, link, written, url, fragment, settings, codes))


def _autolinked(doc: Document, link: Link, code: str) -> LinkFinding:
    text = doc.text
    open_ = link.start - 2 - len(code) - 1
    fix = None
    if (open_ >= 0 and text[open_] == "[" and text[open_ + 1:link.start - 2] == code
            and text[link.start - 2:link.start] == "](" and text[link.end:link.end + 1] == ")"):
        fix = Fix(f"Unlink `{code}`", (Edit(open_, link.end + 1, code),), safe=False)
    source = text[open_:link.end + 1] if fix is not None else text[link.start:link.end]
    return LinkFinding("LK007", link.start, link.end,
                       f"Link `{source}` turns the code `{code}` into a web address; it looks "
                       f"auto-linked by an editor (markdown itself would not link `{code}`)", fix)


def _remote(pending: list[_Pending], run: RunOptions, results: dict[int, list[LinkFinding]]
            ) -> None:
    if not pending:
        return
    groups: dict[int, list[_Pending]] = {}
    for p in pending:
        groups.setdefault(id(p.settings), []).append(p)
    from notelint.links.cache import LinkCache, default_cache_dir

    total = sum(len({p.url for p in g}) for g in groups.values())
    progress = Progress(total, run.progress)
    try:
        for group in groups.values():
            settings = group[0].settings
            folder = (run.cache_dir or default_cache_dir()) if settings.cache else None
            cache = LinkCache(folder, settings.cache_max_age)
            got, missing = cache.split(_unique((p.url, p.fragment) for p in group),
                                       settings.check_remote_fragments)
            progress.advance(len(got))
            if missing:
                from notelint.links.remote import run_checks  # httpx only when requests are due

                got.update(run_checks(settings, cache, missing, progress))
            for p in group:
                finding = _judge(p, got[p.url])
                if finding is not None:
                    results[p.note].append(finding)
    finally:
        progress.close()


def _unique(pairs: Iterable[tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Group ``(url, fragment)`` pairs by URL: URL -> its non-empty fragments."""
    grouped: dict[str, set[str]] = {}
    for url, fragment in pairs:
        grouped.setdefault(url, set())
        if fragment:
            grouped[url].add(fragment)
    return {u: frozenset(f) for u, f in grouped.items()}


def _judge(p: _Pending, result: RemoteResult) -> LinkFinding | None:
    from notelint.links.verdicts import remote_verdict

    verdict = remote_verdict(p.written, p.fragment, result, p.settings)
    if verdict is None or verdict.code not in p.codes:
        return None
    fix = None
    new = verdict.replacement
    if new is not None and not _UNSAFE_IN_URL.search(new) and new.count("(") == new.count(")"):
        fix = Fix(f"Replace with `{new}`", (Edit(p.link.start, p.link.end, new),), safe=False)
    return LinkFinding(verdict.code, p.link.start, p.link.end, verdict.message, fix)
