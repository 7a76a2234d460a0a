"""One link analysis per run, shared by every LK rule.

The LK rules are project-scope rules (:class:`notelint.rule.Scope.PROJECT`):
the first one to run analyses the links of all the notes it is given, for
every LK rule enabled on each note, and stores the findings on each
document (``Document.memo``); the other LK rules read them from there.  So
each remote URL is requested at most once per run, however many notes and
rules use it.

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

import re
import weakref
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from notelint.diagnostics import Edit, Fix
from notelint.document import Document
from notelint.links.autolinked import autolinked_code
from notelint.links.cache import LinkCache, default_cache_dir
from notelint.links.extract import Link, links
from notelint.links.hosts import host_problem, special_use
from notelint.links.local import LocalTargets, NoteAnchors, is_local
from notelint.links.progress import Progress
from notelint.links.results import RemoteResult
from notelint.links.settings import LinkSettings
from notelint.links.verdicts import remote_verdict, unverifiable_host
from notelint.rule import DocumentContext, ProjectContext, RunOptions

CODES = ("LK001", "LK002", "LK003", "LK004", "LK005", "LK006", "LK007")
REMOTE_CODES = frozenset({"LK001", "LK003", "LK004", "LK005"})
_UNSAFE_IN_URL = re.compile(r"[\s<>\"'`]")


@dataclass(frozen=True)
class LinkFinding:
    """A finding of one LK rule at one link destination (offsets in the note)."""

    code: str
    start: int
    end: int
    message: str
    fix: Fix | None = None


@dataclass
class _Pending:
    ctx: DocumentContext
    link: Link
    written: str
    url: str
    fragment: str
    settings: LinkSettings
    codes: frozenset[str]


def settings_of(ctx: DocumentContext) -> LinkSettings:
    """The ``[links]`` settings that apply to ``ctx``'s note (defaults without configuration)."""
    if ctx.settings is None:
        return LinkSettings()
    section: LinkSettings = ctx.settings.section("links")
    return section


@dataclass(frozen=True)
class Prepared:
    """What the analysis needs from a note's token tree, taken before the tree is released."""

    links: tuple[Link, ...]
    anchors: NoteAnchors


_PREPARED: weakref.WeakKeyDictionary[DocumentContext, Prepared] = weakref.WeakKeyDictionary()


def prepare(ctx: DocumentContext) -> Prepared:
    """Take ``ctx``'s links and anchors from its token tree (once per context)."""
    found = _PREPARED.get(ctx)
    if found is None:
        doc = ctx.document
        found = Prepared(tuple(links(doc)), NoteAnchors.of(doc, settings_of(ctx).slug_style))
        _PREPARED[ctx] = found
    return found


def _slot(doc: Document) -> dict[str, Any]:
    return {}


def findings_for(project: ProjectContext, code: str
                 ) -> Iterator[tuple[DocumentContext, LinkFinding]]:
    """``(context, finding)`` for rule ``code`` in every note of ``project``, analysing if needed."""
    todo = [c for c in project.contexts if not _covered(c, code, project.run)]
    if todo:
        analyse(todo, project.run)
    for ctx in project.contexts:
        for finding in ctx.document.memo(_slot).get("findings", ()):
            if finding.code == code:
                yield ctx, finding


def _covered(ctx: DocumentContext, code: str, run: RunOptions) -> bool:
    slot = ctx.document.memo(_slot)
    return slot.get("run") == run and code in slot.get("codes", ())


def _enabled(ctx: DocumentContext) -> frozenset[str]:
    return frozenset(c for c in CODES if ctx.is_enabled(c))


def _base_folder(ctx: DocumentContext) -> Path:
    path = Path(ctx.document.path)
    if path.is_file():
        return path.resolve().parent
    root = getattr(ctx.settings, "root", None)
    return Path(root) if root is not None else Path.cwd()


def _site_root(ctx: DocumentContext, settings: LinkSettings) -> Path | None:
    if not settings.site_root:
        return None
    root = getattr(ctx.settings, "root", None)
    return (Path(root) if root is not None else Path.cwd()) / settings.site_root


def analyse(contexts: list[DocumentContext], run: RunOptions) -> None:
    """Analyse the links of ``contexts`` for their enabled LK rules; store findings on each note."""
    known: dict[Path, NoteAnchors] = {}
    for ctx in contexts:
        p = Path(ctx.document.path)
        if p.is_file():
            known[p.resolve()] = prepare(ctx).anchors
    local = LocalTargets(known)
    results: dict[int, list[LinkFinding]] = {}
    pending: list[_Pending] = []
    for ctx in contexts:
        out = results.setdefault(id(ctx), [])
        out.extend(_static(ctx, local, run, pending))
    _remote(pending, run, results)
    for ctx in contexts:
        slot = ctx.document.memo(_slot)
        slot["run"] = run
        slot["codes"] = _enabled(ctx)
        slot["findings"] = sorted(results[id(ctx)], key=lambda f: (f.start, f.code))


def _static(ctx: DocumentContext, local: LocalTargets, run: RunOptions,
            pending: list[_Pending]) -> Iterator[LinkFinding]:
    """Findings decided without the network; remote work is appended to ``pending``."""
    doc = ctx.document
    prepared = prepare(ctx)
    codes = _enabled(ctx)
    settings = settings_of(ctx)
    excluded = settings.exclude_patterns()
    base = _base_folder(ctx)
    site_root = _site_root(ctx, settings)
    for link in prepared.links:
        written = doc.text[link.start:link.end]
        url = link.url.strip()
        if is_local(url):
            if codes & {"LK002", "LK003"}:
                found = local.check(link, prepared.anchors, written, base, site_root,
                                    settings.slug_style)
                if found is not None and found[0] in codes:
                    yield LinkFinding(found[0], link.start, link.end, found[1])
            continue
        if url.startswith("//"):
            url = "https:" + url
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https"):
            continue
        try:
            host = parts.hostname or ""
        except ValueError:
            host = ""
        problem = host_problem(host)
        if problem is not None:
            if "LK006" in codes:
                yield LinkFinding("LK006", link.start, link.end,
                                  f"Link `{written}` cannot work: {problem}")
            continue
        code_text = autolinked_code(link)
        if code_text is not None:
            if "LK007" in codes:
                yield _autolinked(doc, link, code_text)
            continue
        if any(p.search(url) for p in excluded) or not codes & REMOTE_CODES:
            continue
        if special_use(host) == "invalid":
            if "LK001" in codes:
                yield LinkFinding("LK001", link.start, link.end,
                                  f"Link `{written}` is dead: `{host}` does not resolve "
                                  "(`.invalid` names never do, RFC 6761)")
            continue
        if run.offline:
            continue
        wall = unverifiable_host(host, settings)
        if wall is not None:
            if "LK004" in codes:
                yield LinkFinding("LK004", link.start, link.end,
                                  f"Could not verify `{written}`: `{wall}` answers automated "
                                  "requests with a login or bot wall (listed in "
                                  "`[links] unverifiable-hosts`)")
            continue
        nofrag, fragment = urldefrag(url)
        pending.append(_Pending(ctx, link, written, nofrag, fragment, settings, codes))


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
                    results[id(p.ctx)].append(finding)
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
    verdict = remote_verdict(p.written, p.fragment, result, p.settings)
    if verdict is None or verdict.code not in p.codes:
        return None
    fix = None
    new = verdict.replacement
    if new is not None and not _UNSAFE_IN_URL.search(new) and new.count("(") == new.count(")"):
        fix = Fix(f"Replace with `{new}`", (Edit(p.link.start, p.link.end, new),), safe=False)
    return LinkFinding(verdict.code, p.link.start, p.link.end, verdict.message, fix)
