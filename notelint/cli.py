"""The ``notelint`` command line: ``check``, ``init``, ``rule ID``, ``rules``, ``site``,
``words add`` and ``server``.

:func:`main` returns the exit code instead of exiting, so it can be tested
and embedded:

* 0: no finding at error severity (with ``--strict``: no warning either);
* 1: findings at or above the failing severity;
* 2: usage, configuration or internal error (one line on stderr).

The command line is the standard library's :mod:`argparse` (one parser per command, built
only for the command that runs) and contains no lint logic; it calls :mod:`notelint.api`.
"""

from __future__ import annotations

import argparse
import gc
import os
import stat
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from notelint import __version__
from notelint.diffbase import SCOPES
from notelint.registry import RegistryError, default_registry
from notelint.rule import RunOptions

# Everything else is imported by the command that needs it: `notelint --version`, `rules` or a
# check served from the cache never imports what they do not use (a test keeps it so).
if TYPE_CHECKING:
    from notelint.diagnostics import Diagnostic
    from notelint.engine import LintResult

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Failure(Exception):
    """A usage or configuration problem: one line on stderr, exit code 2."""


class _Exit(Exception):
    """Ends the run with ``code`` (after ``--help``, ``--version``, a command without one)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _echo(message: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write ``message`` (and a newline) to standard output or error, flushed at once."""
    stream = sys.stderr if err else sys.stdout
    stream.write(message + "\n" if nl else message)
    stream.flush()


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


# -- argparse, shaped like the rest of the command line -----------------------------------------

class _HelpFormatter(argparse.HelpFormatter):
    """Help pages: ``Usage:``, the command's paragraphs indented and re-filled, options as
    ``-o, --output-file FILE`` and tri-state flags as ``--color / --no-color``."""

    def __init__(self, prog: str) -> None:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, OSError, ValueError):
            columns = 80
        super().__init__(prog, max_help_position=34, width=max(min(columns, 80) - 2, 50))

    def add_usage(self, usage: str | None, actions: Any, groups: Any,
                  prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "Usage: " if prefix is None else prefix)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        import textwrap

        indent += "  "
        return "\n\n".join(textwrap.fill(" ".join(p.split()), width, initial_indent=indent,
                                         subsequent_indent=indent)
                           for p in text.split("\n\n") if p.strip())

    def _format_action_invocation(self, action: argparse.Action) -> str:
        if not action.option_strings:
            return super()._format_action_invocation(action)
        if isinstance(action, argparse.BooleanOptionalAction):
            return " / ".join(action.option_strings)
        names = ", ".join(action.option_strings)
        if action.nargs == 0:
            return names
        return f"{names} {self._format_args(action, action.dest.upper())}"


class _Parser(argparse.ArgumentParser):
    """An :class:`argparse.ArgumentParser` that never exits: a usage error raises
    :class:`_Failure` (one line, with where to find help), ``--help`` raises :class:`_Exit`.

    ``commands`` (name, one-line summary) are listed under ``Commands:`` in the help.
    """

    def __init__(self, prog: str, usage: str, description: str,
                 commands: Sequence[tuple[str, str]] = ()) -> None:
        super().__init__(prog=prog, usage=usage, description=description, add_help=False,
                         allow_abbrev=False, formatter_class=_HelpFormatter)
        self.commands = commands
        self.options = self.add_argument_group("Options")

    def finish(self) -> _Parser:
        """Add ``-h, --help`` after the other options; return the parser."""
        self.options.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                                  help="Show this message and exit.")
        return self

    def format_help(self) -> str:
        """The help page, with the subcommands after the options."""
        text = super().format_help()
        if self.commands:
            width = max(len(name) for name, _ in self.commands)
            limit = max(_HelpFormatter(self.prog)._width - 6 - width, 20)
            text += "\nCommands:\n" + "".join(f"  {name:<{width}}  {_short(doc, limit)}\n"
                                              for name, doc in self.commands)
        return text

    def error(self, message: str) -> Any:
        """Raise :class:`_Failure` with ``message`` and where the help is (never exits)."""
        if message.startswith("unrecognized arguments: "):
            message += _option_guess(self, message.split(": ", 1)[1].split()[0])
        raise _Failure(f"{message} (see '{self.prog} --help')")

    def exit(self, status: int = 0, message: str | None = None) -> Any:
        """Raise :class:`_Exit` instead of ending the process (``--help``)."""
        if message:
            _echo(message, err=True, nl=False)
        raise _Exit(status)


def _option_guess(parser: argparse.ArgumentParser, option: str) -> str:
    """``; did you mean '--x'?`` for an unknown ``option`` close to a known one, else ``""``."""
    if not option.startswith("--"):
        return ""
    import difflib

    known = [o for o in parser._option_string_actions if o.startswith("--")]
    guess = difflib.get_close_matches(option.split("=", 1)[0], known, n=1)
    return f"; did you mean '{guess[0]}'?" if guess else ""


def _short(doc: str, limit: int) -> str:
    """The first sentence of ``doc``, cut at a word to ``limit`` characters with ``...``."""
    first = " ".join(doc.split("\n\n", 1)[0].split())
    if len(first) <= limit:
        return first
    return first[:limit - 3].rsplit(" ", 1)[0] + "..."


class _Version(argparse.Action):
    """``--version``: print ``notelint, version X`` and stop (exit 0)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: Any, option_string: str | None = None) -> None:
        _echo(f"notelint, version {__version__}")
        raise _Exit(EXIT_CLEAN)


def _path(*, exists: bool = False, file_okay: bool = True, dir_okay: bool = True,
          convert: Callable[[str], Any] = Path) -> Callable[[str], Any]:
    """An argparse ``type`` for a path: ``convert(value)`` after the checks asked for.

    A path that exists must be a file (``dir_okay=False``) or a folder
    (``file_okay=False``) and be readable; ``exists=True`` also rejects a missing one.
    Raises :class:`argparse.ArgumentTypeError` (a usage error, exit code 2).
    """
    kind = "folder" if not file_okay else "file" if not dir_okay else "path"

    def check(value: str) -> Any:
        try:
            is_dir = stat.S_ISDIR(os.stat(value).st_mode)
        except (OSError, ValueError):
            if exists:
                raise argparse.ArgumentTypeError(f"{kind} '{value}' does not exist") from None
            return convert(value)
        if is_dir and not dir_okay:
            raise argparse.ArgumentTypeError(f"'{value}' is a folder, not a file")
        if not is_dir and not file_okay:
            raise argparse.ArgumentTypeError(f"'{value}' is a file, not a folder")
        if not os.access(value, os.R_OK):
            raise argparse.ArgumentTypeError(f"{kind} '{value}' is not readable")
        return convert(value)

    return check


def _count(value: str) -> int:
    """An argparse ``type`` for ``--jobs``: a whole number >= 0."""
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{value}' is not a whole number") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"{n} is below 0 (0: one process per core)")
    return n


# -- options that fit linter habits: --diff, --output-file, --exit-zero, baselines, globs ----

def _habit_options(options: Any) -> None:
    """Add the options handled by :class:`_Habits` to an argparse group."""
    options.add_argument("--diff", action="store_true",
                         help="Print a unified diff of what --fix would change, write nothing; "
                              "exit 1 if there is any change (exact when piped or written with "
                              "--output-file; control characters escaped on a terminal or in CI).")
    options.add_argument("-o", "--output-file", type=_path(dir_okay=False), metavar="FILE",
                         help="Write the report to this file instead of standard output.")
    options.add_argument("--exit-zero", action="store_true",
                         help="Exit 0 even when there are findings (2 still means an error).")
    options.add_argument("--baseline", type=_path(dir_okay=False), metavar="FILE",
                         help="Leave out the findings recorded in this baseline file.")
    options.add_argument("--write-baseline", type=_path(dir_okay=False), metavar="FILE",
                         help="Record every current finding in this file as the baseline; exit 0.")
    options.add_argument("--extend-select", action="append", default=[], metavar="IDS",
                         help="Rules to run in addition to the configuration's selection "
                              "(e.g. LK for remote link checks).")


class _Habits:
    """The values of :func:`_habit_options`, checked for conflicts by :meth:`checked`."""

    __slots__ = ("baseline", "diff", "exit_zero", "extend_select", "output_file",
                 "write_baseline")

    def __init__(self, diff: bool = False, output_file: Path | None = None,
                 exit_zero: bool = False, baseline: Path | None = None,
                 write_baseline: Path | None = None, extend_select: Sequence[str] = ()) -> None:
        self.diff = diff
        self.output_file = output_file
        self.exit_zero = exit_zero
        self.baseline = baseline
        self.write_baseline = write_baseline
        self.extend_select = tuple(extend_select)

    def checked(self, *, fix: bool, select: Sequence[str]) -> _Habits:
        """``self``, or :class:`_Failure` for options that cannot go together."""
        if self.diff and fix:
            raise _Failure("--diff shows what --fix would change; use one or the other")
        if self.baseline is not None and self.write_baseline is not None:
            raise _Failure("--baseline and --write-baseline cannot be used together")
        if select and not _split(select):
            raise _Failure("--select needs at least one rule id, prefix or name "
                           "(leave it out to run the default rules)")
        return self

    @staticmethod
    def expand(paths: tuple[str, ...]) -> tuple[str, ...]:
        """``paths`` with glob patterns expanded (see :func:`notelint.runner.expand_globs`)."""
        from notelint.runner import DiscoveryError, expand_globs

        try:
            return tuple(expand_globs(paths))
        except DiscoveryError as exc:
            raise _Failure(str(exc)) from None

    def open_output(self) -> TextIO | None:
        """The ``--output-file`` opened for writing (UTF-8), or ``None`` for standard output."""
        if self.output_file is None:
            return None
        try:
            self.output_file.parent.mkdir(parents=True, exist_ok=True)
            return self.output_file.open("w", encoding="utf-8", newline="\n")
        except OSError as exc:
            raise _Failure(f"{self.output_file}: cannot write: {exc.strerror or exc}") from None


def _show_diff(result: LintResult, unsafe: bool, habit: _Habits) -> int:
    """Print the unified diff of what ``--fix`` would write; return the exit code (1: changes)."""
    from notelint.fixing import fix_run

    outcome = fix_run(result, unsafe=unsafe, write=False)
    for message in outcome.messages:
        _echo(f"notelint: {_safe(message)}", err=True)
    stream = habit.open_output() or sys.stdout
    # Exact (a patch) for a file or a pipe; for people (a terminal, a CI log) control
    # characters of the notes are shown escaped and no line can pass for a CI command.
    exact = habit.output_file is not None or not (stream.isatty() or os.environ.get("CI"))
    files = 0
    try:
        for src in result.sources:
            doc = result.documents.get(src.display)
            new = outcome.texts.get(src.display)
            if doc is None or new is None or new == doc.text:
                continue
            files += 1
            lines = unified_diff(doc.text, new, src.display)
            if not exact:
                lines = [_shown_diff_line(line) for line in lines]
            stream.writelines(lines)
        stream.flush()
    finally:
        if stream is not sys.stdout:
            stream.close()
    if files:
        edits = outcome.applied
        _echo(f"notelint: --fix would apply {edits} fix{'es' if edits != 1 else ''} "
              f"in {files} file{'s' if files != 1 else ''}", err=True)
    return EXIT_FINDINGS if files else EXIT_CLEAN


def unified_diff(old: str, new: str, path: str) -> list[str]:
    """The unified diff (3 lines of context) from ``old`` to ``new``, both labelled ``path``.

    Lines end in a newline; a side without a final newline gets git's
    ``No newline at end of file`` marker line, so the diff applies with ``patch -p0``.
    """
    import difflib

    out = []
    for line in difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                     fromfile=path, tofile=path):
        if line.endswith("\n"):
            out.append(line)
        else:
            out.append(line + "\n\\ No newline at end of file\n")
    return out


#: Rules whose findings come from requests to remote servers: a link that rots is not the
#: change's doing, so with --diff-base they are reported on changed lines only, whatever
#: --diff-scope says.
REMOTE_LINK_RULES = frozenset({"LK001", "LK004", "LK005"})


def _remote_links_on_changed_lines(diagnostics: list[Diagnostic],
                                   changed: dict[str, set[int]]) -> list[Diagnostic]:
    from notelint.diffbase import restrict

    remote = [d for d in diagnostics if d.code in REMOTE_LINK_RULES]
    if not remote:
        return diagnostics
    keep = {id(d) for d in restrict(remote, changed, "lines")}
    return [d for d in diagnostics if d.code not in REMOTE_LINK_RULES or id(d) in keep]


def _shown_diff_line(line: str) -> str:
    """A diff line for people: control characters escaped, never read as a CI command."""
    from notelint.safetext import defuse_lines, neutral

    body = neutral(line[1:-1]) if line.endswith("\n") else neutral(line[1:])
    return defuse_lines(line[:1] + body) + "\n"


def _write_baseline(result: LintResult, path: Path) -> int:
    from notelint.baseline import BaselineError, write_baseline
    from notelint.formatters import Report

    report = Report(result.diagnostics, result.documents, result.files_checked)
    try:
        n = write_baseline(path, report)
    except BaselineError as exc:
        raise _Failure(str(exc)) from None
    _echo(f"notelint: recorded {n} finding{'s' if n != 1 else ''} in {path}", err=True)
    return EXIT_CLEAN


def _apply_baseline(result: LintResult, path: Path) -> str:
    """Drop the baseline's findings from ``result``; return a note for standard error."""
    from notelint.baseline import BaselineError, apply_baseline, load_baseline
    from notelint.formatters import Report

    try:
        known = load_baseline(path)
    except BaselineError as exc:
        raise _Failure(str(exc)) from None
    filtered = apply_baseline(Report(result.diagnostics, result.documents), known)
    result.diagnostics = filtered.diagnostics
    note = f"{filtered.known} finding{'s' if filtered.known != 1 else ''} in the baseline {path}"
    if filtered.gone:
        note += (f"; {filtered.gone} baseline entr{'ies' if filtered.gone != 1 else 'y'} no "
                 "longer found (run --write-baseline to drop them)")
    return note




# -- the commands: each a function of its options that returns the exit code -----------------

def check(paths: Sequence[str] = (), *, fmt: str = "text", select: Sequence[str] = (),
          ignore: Sequence[str] = (), fix: bool = False, unsafe_fixes: bool = False,
          strict: bool = False, quiet: bool = False, statistics: bool = False,
          color: bool | None = None, show_source: bool | None = None,
          config_file: Path | None = None, offline: bool = False, cache_dir: Path | None = None,
          project_root: Path | None = None, diff_base: str | None = None,
          diff_scope: str = "lines", no_cache: bool = False, jobs: int = 0,
          stdin_filename: str | None = None, **habits: Any) -> int:
    """``notelint check``: lint ``paths`` (files, folders, globs or ``-``) and report.

    The keyword arguments are the command's options (``fmt`` is ``--format``,
    ``config_file`` is ``--config``; ``habits`` are :func:`_habit_options`'s). Returns the
    exit code (0 clean, 1 findings or a ``--diff`` with changes); raises :class:`_Failure`
    for a usage or configuration error, which :func:`main` reports with exit code 2.
    """
    from notelint.api import lint_paths
    from notelint.config import ConfigError
    from notelint.diagnostics import Severity
    from notelint.diffbase import DiffBaseError, changed_lines, for_display_paths, restrict
    from notelint.formatters import FormatterOptions, Report, UnknownFormatError, get_formatter
    from notelint.runner import DiscoveryError

    paths = tuple(paths)
    habit = _Habits(**habits).checked(fix=fix, select=select)
    if "-" not in paths:
        paths = habit.expand(paths)
    registry = default_registry()
    run = RunOptions(offline=offline, progress=sys.stderr.isatty() and not quiet
                     and not os.environ.get("CI"), cache_dir=cache_dir,
                     project_root=project_root)
    sel = _split(select) or None
    ign = _split(ignore)
    ext = _split(habit.extend_select)
    for s in (*(sel or ()), *ign, *ext):
        if not registry.codes(s):
            guess = registry.suggest(s)
            raise _Failure(f"`{s}` selects no rule" + (f"; did you mean `{guess}`?" if guess else ""))
    try:
        formatter_cls = get_formatter(fmt)
    except UnknownFormatError as exc:
        raise _Failure(str(exc)) from None
    overrides: dict[Path, str] | None = None
    stdin_display: str | None = None
    if "-" in paths:
        if len(paths) != 1:
            raise _Failure("`-` (standard input) cannot be combined with other paths")
        stdin_display = stdin_filename or "<stdin>"
        overrides = {Path(stdin_display): _read_stdin()}
        paths = (stdin_display,)
    elif stdin_filename is not None:
        raise _Failure("--stdin-filename needs the path `-`")
    changed: dict[str, set[int]] | None = None
    if diff_base is not None:
        try:
            changed = changed_lines(diff_base, list(paths))
        except DiffBaseError as exc:
            raise _Failure(str(exc)) from None
    use_cache = not no_cache
    progress = _progress_bar() if run.progress else None

    def lint(over: dict[Path, str] | None = overrides, bar: object = progress):  # type: ignore[no-untyped-def]
        return lint_paths(list(paths) or ["."], select=sel, ignore=ign, config_file=config_file,
                          registry=registry, run=run, overrides=over, cache=use_cache,
                          jobs=jobs, progress=bar, extend_select=ext)

    try:
        result = lint()
    except (ConfigError, DiscoveryError) as exc:
        raise _Failure(str(exc)) from None
    if not result.sources:
        raise _Failure(f"no markdown notes (*.md, *.markdown) found in {', '.join(paths) or '.'}")
    if habit.diff:
        return _show_diff(result, unsafe_fixes, habit)
    fixed = 0
    if fix:
        from notelint.fixing import fix_run

        outcome = fix_run(result, unsafe=unsafe_fixes, write=stdin_display is None)
        fixed = outcome.applied
        for message in outcome.messages:
            _echo(f"notelint: {_safe(message)}", err=True)
        if stdin_display is not None:
            doc = result.documents.get(stdin_display)
            text = outcome.texts.get(stdin_display, doc.text if doc is not None else "")
            sys.stdout.write(text)
            sys.stdout.flush()
        result = outcome.result
    changed_by_path: dict[str, set[int]] | None = None
    if changed is not None:
        changed_by_path = for_display_paths(changed, [s.display for s in result.sources])
        result.diagnostics = restrict(result.diagnostics, changed_by_path, diff_scope)
        if diff_scope != "lines":
            result.diagnostics = _remote_links_on_changed_lines(result.diagnostics,
                                                                changed_by_path)
    if habit.write_baseline is not None:
        return _write_baseline(result, habit.write_baseline)
    baseline_note = _apply_baseline(result, habit.baseline) if habit.baseline else None
    # With `- --fix` the fixed note owns standard output; the report goes to stderr.
    stream = sys.stderr if fix and stdin_display is not None else sys.stdout
    stream = habit.open_output() or stream
    tty = stream.isatty()
    options = FormatterOptions(
        color=tty and "NO_COLOR" not in os.environ if color is None else color,
        show_source=tty if show_source is None else show_source,
        statistics=statistics,
        quiet=quiet,
    )
    report = Report(result.diagnostics, result.documents, result.files_checked, fixed,
                    result.suppressed, {r.code: (r.name, r.summary) for r in registry.infos()},
                    changed_lines=changed_by_path)
    try:
        formatter_cls(stream, options).emit(report)
        stream.flush()
    finally:
        if stream not in (sys.stdout, sys.stderr):
            stream.close()
    if baseline_note and not quiet:
        _echo(f"notelint: {baseline_note}", err=True)
    fail_at = Severity.WARNING if strict else Severity.ERROR
    code = EXIT_FINDINGS if any(d.severity >= fail_at for d in result.diagnostics) else EXIT_CLEAN
    return EXIT_CLEAN if habit.exit_zero else code


CHECK_HELP = """Check the notes in PATHS (files or folders; default: the current folder).

PATHS may be glob patterns (`content/*.md`, `notes/**/*.md`).
`-` reads one note from standard input (name it with --stdin-filename);
with --fix the fixed note goes to standard output.
"""


def _check_options(options: Any) -> None:
    """The arguments and options of ``notelint check`` (help texts as ``check --help``)."""
    options.add_argument("--format", dest="fmt", default="text", metavar="NAME",
                         help="Output format: text, json, github, sarif, gitlab, rdjson, junit, "
                              "or a plugin's name.  [default: text]")
    options.add_argument("--select", action="append", default=[], metavar="IDS",
                         help="Rules to run (ids, prefixes like FN, names, ALL); replaces the "
                              "config's select.")
    options.add_argument("--ignore", action="append", default=[], metavar="IDS",
                         help="Rules not to run (added to the config's).")
    options.add_argument("--fix", action="store_true", help="Apply safe fixes in place.")
    options.add_argument("--unsafe-fixes", action="store_true",
                         help="With --fix, apply unsafe fixes too.")
    options.add_argument("--strict", action="store_true", help="Exit 1 on warnings too.")
    options.add_argument("-q", "--quiet", action="store_true", help="No summary line.")
    options.add_argument("--statistics", action="store_true",
                         help="Count findings per rule instead of listing them.")
    options.add_argument("--color", action=argparse.BooleanOptionalAction, default=None,
                         help="Colour output (default: on a terminal).")
    options.add_argument("--show-source", action=argparse.BooleanOptionalAction, default=None,
                         help="Show the source line under each finding (default: on a terminal).")
    options.add_argument("--config", dest="config_file", type=_path(dir_okay=False),
                         metavar="FILE", help="Use this configuration file for every note.")
    options.add_argument("--offline", action="store_true", help="Make no network requests.")
    options.add_argument("--cache-dir", type=_path(file_okay=False), metavar="DIRECTORY",
                         help="Keep caches (link results) here instead of the user cache folder.")
    options.add_argument("--project-root", type=_path(file_okay=False, exists=True),
                         metavar="DIRECTORY",
                         help="Folder that project rules (duplicates) read the other notes from "
                              "(default: the configuration file's folder).")
    options.add_argument("--diff-base", metavar="REF",
                         help="Report only findings on lines changed since the git revision REF.")
    options.add_argument("--diff-scope", choices=SCOPES, default="lines",
                         metavar=f"[{'|'.join(SCOPES)}]",
                         help="With --diff-base: findings on changed lines, or all findings in "
                              "changed files.  [default: lines]")
    options.add_argument("--no-cache", action="store_true",
                         help="Check every note afresh and keep nothing (also NOTELINT_NO_CACHE=1).")
    options.add_argument("-j", "--jobs", type=_count, default=0, metavar="INTEGER RANGE",
                         help="Processes for large runs (0: one per core).  [default: 0; x>=0]")
    options.add_argument("--stdin-filename", metavar="PATH",
                         help="With the path `-`: the note's path for configuration and messages.")
    _habit_options(options)


def _safe(text: str) -> str:
    """``text`` with control characters shown as escapes (never raw on a terminal)."""
    return "".join(c if c.isprintable() or c == " " else repr(c)[1:-1] for c in text)


def _read_stdin() -> str:
    """Standard input as text (UTF-8; a BOM is kept for the engine to handle)."""
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Failure(f"standard input is not valid UTF-8 (byte {exc.start:,})") from None


def _progress_bar() -> object | None:
    """The terminal progress bar, if the progress module is available."""
    try:
        from notelint.progress import ProgressBar
    except ImportError:
        return None
    bar: object = ProgressBar()
    return bar


INIT_HELP = """Write a starter .notelint.toml in FOLDER from what it detects there.

It looks for the site generator (Jekyll, Gatsby, Hugo, MkDocs, Docusaurus,
Obsidian), the math pipeline and heading-id style that implies, and the
date format and order of the notes' dated entries, and prints what it found.
"""


def _init_options(options: Any) -> None:
    """The options of ``notelint init``."""
    options.add_argument("--force", action="store_true",
                         help="Replace an existing .notelint.toml.")
    options.add_argument("--stdout", dest="to_stdout", action="store_true",
                         help="Print the configuration instead of writing it.")


def init_cmd(folder: Path, force: bool = False, to_stdout: bool = False) -> int:
    """``notelint init``: write (or print) a starter configuration for ``folder``; exit code."""
    from notelint.config import ConfigError, load_file
    from notelint.init import CONFIG_NAME, detect, render, report

    target = folder / CONFIG_NAME
    if target.exists() and not force and not to_stdout:
        raise _Failure(f"{target} already exists (use --force to replace it)")
    found = detect(folder)
    text = render(found)
    if to_stdout:
        _echo(text, nl=False)
        return EXIT_CLEAN
    for line in report(found):
        _echo(_safe(line))
    try:
        target.write_text(text, encoding="utf-8")
        load_file(target, default_registry())  # what was written must load
    except OSError as exc:
        raise _Failure(f"{target}: cannot write: {exc.strerror or exc}") from None
    except ConfigError as exc:  # pragma: no cover - render() only writes known keys
        raise _Failure(f"internal error: the written configuration is invalid: {exc}") from None
    _echo(f"wrote {_safe(str(target))}")
    return EXIT_CLEAN


RULE_HELP = "Print the catalogue entry of RULE_ID (an id like FN001 or a name)."


def rule_cmd(rule_id: str) -> int:
    """``notelint rule``: print the catalogue entry of ``rule_id``; exit code."""
    from notelint.catalogue import load_catalogue

    registry = default_registry()
    rule = registry.info(rule_id)
    if rule is None:
        guess = registry.suggest(rule_id)
        raise _Failure(f"unknown rule `{rule_id}`" + (f"; did you mean `{guess}`?" if guess else ""))
    entry = load_catalogue().get(rule.code)
    if entry is None:
        _echo(f"# {rule.code} {rule.name}: {rule.summary}\n\n(no catalogue entry is installed)")
        return EXIT_CLEAN
    _echo(entry.text.rstrip("\n"))
    return EXIT_CLEAN


RULES_HELP = "List every rule: id, name, default severity, whether on by default, summary."


def _rules_options(options: Any) -> None:
    """The options of ``notelint rules`` (``--all``: accepted, hidden, changes nothing)."""
    options.add_argument("--all", dest="show_all", action="store_true", help=argparse.SUPPRESS)


def rules_cmd(show_all: bool = False) -> int:
    """``notelint rules``: one line per rule of the registry; exit code."""
    del show_all
    lines = []
    for r in default_registry().infos():
        default = "" if r.enabled_by_default else " (opt-in)"
        lines.append(f"{r.code}  {r.name:<34} {r.default_severity!s:<7} {r.summary}{default}\n")
    _echo("".join(lines), nl=False)
    return EXIT_CLEAN


SITE_HELP = "Show, per note, the math pipeline and engine and the file each came from."


def site_cmd(paths: Sequence[Path] = ()) -> int:
    """``notelint site``: the math pipeline and engine of each path, and why; exit code."""
    from notelint.config import ConfigResolver
    from notelint.site import site_of

    resolver = ConfigResolver(default_registry())
    for path in paths or (Path("."),):
        note = path if path.suffix else path / "note.md"
        math = (getattr(resolver.for_path(path), "sections", None) or {}).get("math", {})
        config = getattr(resolver.for_path(path), "source", None)
        site = site_of(note)
        shown = _safe(str(path))
        if str(math.get("pipeline", "auto")) != "auto":
            pipeline = f"{math['pipeline']} (from {_safe(str(config))}, [math] pipeline)"
        elif site is not None:
            pipeline = f"{site.pipeline} (from {_safe(str(site.source))})"
        else:
            pipeline = "math-aware (default: no site configuration or repository found)"
        if str(math.get("engine", "auto")) != "auto":
            engine = f"{math['engine']} (from {_safe(str(config))}, [math] engine)"
        elif site is not None:
            engine = site.engine + (f" (from {_safe(str(site.engine_source))})"
                                    if site.engine_source else " (the generator's default)")
        else:
            engine = "mathjax (default)"
        reason = f": {_safe(site.reason)}" if site is not None else ""
        _echo(f"{shown}: pipeline {pipeline}, engine {engine}{reason}")
    return EXIT_CLEAN


WORDS_HELP = "Manage the project's word list for the spelling rules (SP)."

WORDS_ADD_HELP = """Accept WORDS as spelled: add them to the project's word list.

The list is `[spelling] words-file` (default `.notelint-words.txt`) beside
the configuration file that applies to the current folder (`--config`, or
the nearest `.notelint.toml` / `pyproject.toml` above), where every run
under that configuration reads it.  Without a configuration file, it goes
to the top folder of the git repository (or the current folder outside
one), where a run from that folder reads it.
"""


def _words_add_options(options: Any) -> None:
    """The options of ``notelint words add``."""
    options.add_argument("--config", dest="config_file", type=_path(dir_okay=False),
                         metavar="FILE",
                         help="Use this configuration file instead of the nearest one.")


def words_add_cmd(words: Sequence[str], config_file: Path | None = None) -> int:
    """``notelint words add``: add ``words`` to the project's word list; exit code."""
    from notelint.config import ConfigError, ConfigResolver
    from notelint.spelling.wordlist import DEFAULT_WORDS_FILE, add_words, list_folder

    words = tuple(words)
    try:
        cfg = ConfigResolver(default_registry(), config_file).for_path(Path.cwd())
    except ConfigError as exc:
        raise _Failure(str(exc)) from None
    name = cfg.section("spelling").words_file or DEFAULT_WORDS_FILE
    path = list_folder(cfg.source, Path.cwd()) / name
    try:
        added = add_words(path, words)
    except ValueError as exc:
        raise _Failure(str(exc)) from None
    except OSError as exc:
        raise _Failure(f"{path}: {exc.strerror or exc}") from None
    skipped = len(words) - len(added)
    _echo(f"added {len(added)} word(s) to {path}"
          + (f" ({skipped} already there)" if skipped else ""))
    return EXIT_CLEAN


SERVER_HELP = """Run the language server (LSP) on standard input/output, for editors.

Needs the `server` extra: pip install 'notelint[server]'.  Setup for
VS Code, Neovim, Helix, Zed and Emacs: docs/editors.md.
"""


def server_cmd() -> int:
    """``notelint server``: serve LSP on stdio until the editor stops it; exit code."""
    from notelint.server import ServerUnavailable, serve

    gc.enable()  # a long-running process: see main()
    try:
        serve()
    except ServerUnavailable as exc:
        raise _Failure(str(exc)) from None
    return EXIT_CLEAN


MAIN_HELP = "Lint technical markdown notes: footnotes, dated entries, math and more."

#: A command's arguments: (keyword of its function, name in help and errors, how many: 1,
#: ``"?"``, ``"*"`` or ``"+"``, a function checking and converting one, the value when none).
_Arguments = tuple[str, str, "int | str", Callable[[str], Any], Any]

#: A command: (help text, the function adding its options to an argparse group, its
#: arguments or ``None``, the function it runs with them, which returns the exit code).
_Command = tuple[str, Callable[[Any], None], "_Arguments | None", Callable[..., int]]

#: The subcommands (``notelint --help`` lists them sorted); a pair (help text, subcommands)
#: is a group of subcommands.
COMMANDS: dict[str, _Command | tuple[str, dict[str, _Command]]] = {
    "check": (CHECK_HELP, _check_options, ("paths", "PATHS", "*", _path(convert=str), ()), check),
    "init": (INIT_HELP, _init_options,
             ("folder", "FOLDER", "?", _path(file_okay=False, exists=True), "."), init_cmd),
    "rule": (RULE_HELP, lambda options: None, ("rule_id", "RULE_ID", 1, str, None), rule_cmd),
    "rules": (RULES_HELP, _rules_options, None, rules_cmd),
    "server": (SERVER_HELP, lambda options: None, None, server_cmd),
    "site": (SITE_HELP, lambda options: None, ("paths", "PATHS", "*", _path(), ()), site_cmd),
    "words": (WORDS_HELP, {
        "add": (WORDS_ADD_HELP, _words_add_options, ("words", "WORDS", "+", str, ()),
                words_add_cmd),
    }),
}


def _run(prog: str, help_text: str, commands: dict[str, Any], args: list[str],
         top: bool = False) -> int:
    """Run the subcommand named in ``args`` of the group ``commands``; return its exit code.

    Options before the subcommand's name belong to the group (``-h``; ``--version`` at the
    top); the rest is parsed by the subcommand's own parser (:func:`_parse`).  Without a
    subcommand the group's help goes to standard error (exit code 2).
    """
    at = next((i for i, a in enumerate(args) if a == "-" or not a.startswith("-")), len(args))
    group = _Parser(prog, "%(prog)s [OPTIONS] COMMAND [ARGS]...", help_text,
                    [(name, spec[0]) for name, spec in sorted(commands.items())])
    if top:
        group.options.add_argument("--version", action=_Version,
                                   help="Show the version and exit.")
    group.finish().parse_args(args[:at])
    if at == len(args):
        _echo(group.format_help(), err=True, nl=False)
        return EXIT_ERROR
    name = args[at]
    spec = commands.get(name)
    if spec is None:
        import difflib

        guess = difflib.get_close_matches(name, list(commands), n=1)
        raise _Failure(f"no such command '{name}'" + (f"; did you mean '{guess[0]}'?" if guess
                                                        else "") + f" (see '{prog} --help')")
    if len(spec) == 2:
        return _run(f"{prog} {name}", spec[0], spec[1], args[at + 1:])
    help_text, add_options, arguments, command = spec
    usage = "%(prog)s [OPTIONS]"
    if arguments is not None:
        _, metavar, nargs, _, _ = arguments
        usage += {"?": f" [{metavar}]", "*": f" [{metavar}]...", "+": f" {metavar}..."}.get(
            nargs, f" {metavar}")  # type: ignore[call-overload]
    parser = _Parser(f"{prog} {name}", usage, help_text)
    add_options(parser.options)
    return command(**_parse(parser.finish(), arguments, args[at + 1:]))


def _parse(parser: _Parser, arguments: _Arguments | None, args: list[str]) -> dict[str, Any]:
    """The keyword arguments of a command from its command line ``args``.

    Options and arguments come in any order (``check notes --select FN more-notes``);
    everything after ``--`` is an argument, even if it starts with ``-``.  Options are
    argparse's; the arguments are counted and converted here (argparse cannot take
    arguments after options, nor ``--`` then, in every Python version we support).
    Raises :class:`_Failure` (a usage error) through :meth:`_Parser.error`.
    """
    cut = args.index("--") if "--" in args else len(args)
    values, rest = parser.parse_known_args(args[:cut])
    unknown = [a for a in rest if a.startswith("-") and a != "-"]
    if unknown:
        parser.error(f"unrecognized arguments: {' '.join(unknown)}")
    given = rest + args[cut + 1:]
    kwargs = vars(values)
    if arguments is None:
        if given:
            parser.error(f"unrecognized arguments: {' '.join(given)}")
        return kwargs
    dest, metavar, nargs, convert, default = arguments
    if not given and nargs in (1, "+"):
        parser.error(f"the following arguments are required: {metavar}")
    if len(given) > 1 and nargs in (1, "?"):
        parser.error(f"unrecognized arguments: {' '.join(given[1:])}")
    try:
        converted = [convert(v) for v in given]
    except argparse.ArgumentTypeError as exc:
        parser.error(f"argument {metavar}: {exc}")
    if nargs in (1, "?"):
        kwargs[dest] = converted[0] if converted else convert(default)
    else:
        kwargs[dest] = tuple(converted) if converted else default
    return kwargs


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Never raises :class:`SystemExit`: usage errors (argparse's too), configuration and
    internal errors print one line on standard error and return 2; a reader that closes
    the pipe early (``notelint check | head``) ends the run with 1 and no message.

    The cyclic garbage collector is off while a command runs (a run is short and what it
    allocates lives until its end; the engine pauses it while linting anyway) and back in
    its previous state afterwards; ``notelint server``, which runs until it is stopped,
    turns it on.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _main(argv)
    finally:
        if was_enabled:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code = _run("notelint", MAIN_HELP, COMMANDS, args, top=True)
        if sys.stdout is not None and not sys.stdout.closed:  # `server` closes it on exit
            sys.stdout.flush()  # a closed pipe is noticed here, not at the interpreter's exit
        return code
    except _Exit as exc:
        return exc.code
    except _Failure as exc:
        _echo(f"notelint: error: {_safe(str(exc))}", err=True)
        return EXIT_ERROR
    except (KeyboardInterrupt, EOFError):
        _echo(err=True)
        _echo("notelint: aborted", err=True)
        return EXIT_ERROR
    except RegistryError as exc:
        _echo(f"notelint: plugin error: {exc}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        _discard_stdout()
        return EXIT_FINDINGS
    except Exception as exc:
        _echo(f"notelint: internal error: {type(exc).__name__}: {_safe(str(exc))[:500]} "
              "(set NOTELINT_DEBUG=1 for a traceback)", err=True)
        if os.environ.get("NOTELINT_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_ERROR


def _discard_stdout() -> None:
    """Point standard output at the null device, so what is still buffered for a closed pipe
    is not reported at the interpreter's exit (the recipe of Python's ``signal`` docs)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
