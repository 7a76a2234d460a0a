"""The ``notelint`` command line: ``check``, ``init``, ``rule ID``, ``rules`` and ``words add``.

:func:`main` returns the exit code instead of exiting, so it can be tested
and embedded:

* 0: no finding at error severity (with ``--strict``: no warning either);
* 1: findings at or above the failing severity;
* 2: usage, configuration or internal error (one line on stderr).

The command line contains no lint logic; it calls :mod:`notelint.api`.
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import click

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


class _Failure(click.ClickException):
    """A usage or configuration problem: one line on stderr, exit code 2."""

    exit_code = EXIT_ERROR

    def show(self, file: object = None) -> None:
        click.echo(f"notelint: error: {_safe(self.format_message())}", err=True)


def _split(values: Sequence[str]) -> tuple[str, ...]:
    return tuple(v.strip() for item in values for v in item.split(",") if v.strip())


# -- options that fit linter habits: --diff, --output-file, --exit-zero, baselines, globs ----

def _habit_options(f: Any) -> Any:
    """Add the options handled by :class:`_Habits` to a command."""
    options = [
        click.option("--diff", is_flag=True,
                     help="Print a unified diff of what --fix would change, write nothing; "
                          "exit 1 if there is any change (exact when piped or written with "
                          "--output-file; control characters escaped on a terminal or in CI)."),
        click.option("--output-file", "-o", type=click.Path(path_type=Path, dir_okay=False),
                     help="Write the report to this file instead of standard output."),
        click.option("--exit-zero", is_flag=True,
                     help="Exit 0 even when there are findings (2 still means an error)."),
        click.option("--baseline", type=click.Path(path_type=Path, dir_okay=False),
                     help="Leave out the findings recorded in this baseline file."),
        click.option("--write-baseline", type=click.Path(path_type=Path, dir_okay=False),
                     help="Record every current finding in this file as the baseline; exit 0."),
        click.option("--extend-select", multiple=True, metavar="IDS",
                     help="Rules to run in addition to the configuration's selection "
                          "(e.g. LK for remote link checks)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


@dataclass(frozen=True)
class _Habits:
    """The values of :func:`_habit_options`, checked for conflicts."""

    diff: bool = False
    output_file: Path | None = None
    exit_zero: bool = False
    baseline: Path | None = None
    write_baseline: Path | None = None
    extend_select: tuple[str, ...] = ()

    @classmethod
    def from_options(cls, values: dict[str, Any], *, fix: bool,
                     select: tuple[str, ...]) -> _Habits:
        habit = cls(**values)
        if habit.diff and fix:
            raise _Failure("--diff shows what --fix would change; use one or the other")
        if habit.baseline is not None and habit.write_baseline is not None:
            raise _Failure("--baseline and --write-baseline cannot be used together")
        if select and not _split(select):
            raise _Failure("--select needs at least one rule id, prefix or name "
                           "(leave it out to run the default rules)")
        return habit

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
        click.echo(f"notelint: {_safe(message)}", err=True)
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
        click.echo(f"notelint: --fix would apply {edits} fix{'es' if edits != 1 else ''} "
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
    click.echo(f"notelint: recorded {n} finding{'s' if n != 1 else ''} in {path}", err=True)
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="notelint")
def cli() -> None:
    """Lint technical markdown notes: footnotes, dated entries, math and more."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", default="text", show_default=True, metavar="NAME",
              help="Output format: text, json, github, sarif, gitlab, rdjson, junit, or a plugin's name.")
@click.option("--select", multiple=True, metavar="IDS",
              help="Rules to run (ids, prefixes like FN, names, ALL); replaces the config's select.")
@click.option("--ignore", multiple=True, metavar="IDS", help="Rules not to run (added to the config's).")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place.")
@click.option("--unsafe-fixes", is_flag=True, help="With --fix, apply unsafe fixes too.")
@click.option("--strict", is_flag=True, help="Exit 1 on warnings too.")
@click.option("--quiet", "-q", is_flag=True, help="No summary line.")
@click.option("--statistics", is_flag=True, help="Count findings per rule instead of listing them.")
@click.option("--color/--no-color", default=None, help="Colour output (default: on a terminal).")
@click.option("--show-source/--no-show-source", default=None,
              help="Show the source line under each finding (default: on a terminal).")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this configuration file for every note.")
@click.option("--offline", is_flag=True, help="Make no network requests.")
@click.option("--cache-dir", type=click.Path(path_type=Path, file_okay=False),
              help="Keep caches (link results) here instead of the user cache folder.")
@click.option("--project-root", type=click.Path(path_type=Path, file_okay=False, exists=True),
              help="Folder that project rules (duplicates) read the other notes from "
                   "(default: the configuration file's folder).")
@click.option("--diff-base", metavar="REF",
              help="Report only findings on lines changed since the git revision REF.")
@click.option("--diff-scope", type=click.Choice(SCOPES), default="lines", show_default=True,
              help="With --diff-base: findings on changed lines, or all findings in changed files.")
@click.option("--no-cache", is_flag=True,
              help="Check every note afresh and keep nothing (also NOTELINT_NO_CACHE=1).")
@click.option("--jobs", "-j", type=click.IntRange(min=0), default=0, show_default=True,
              help="Processes for large runs (0: one per core).")
@click.option("--stdin-filename", metavar="PATH",
              help="With the path `-`: the note's path for configuration and messages.")
@_habit_options
def check(paths: tuple[str, ...], fmt: str, select: tuple[str, ...], ignore: tuple[str, ...],
          fix: bool, unsafe_fixes: bool, strict: bool, quiet: bool, statistics: bool,
          color: bool | None, show_source: bool | None, config_file: Path | None,
          offline: bool, cache_dir: Path | None, project_root: Path | None,
          diff_base: str | None, diff_scope: str, no_cache: bool, jobs: int,
          stdin_filename: str | None, **habits: Any) -> None:
    """Check the notes in PATHS (files or folders; default: the current folder).

    PATHS may be glob patterns (`content/*.md`, `notes/**/*.md`).
    `-` reads one note from standard input (name it with --stdin-filename);
    with --fix the fixed note goes to standard output.
    """
    from notelint.api import lint_paths
    from notelint.config import ConfigError
    from notelint.diagnostics import Severity
    from notelint.diffbase import DiffBaseError, changed_lines, for_display_paths, restrict
    from notelint.formatters import FormatterOptions, Report, UnknownFormatError, get_formatter
    from notelint.runner import DiscoveryError

    habit = _Habits.from_options(habits, fix=fix, select=select)
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
        click.get_current_context().exit(_show_diff(result, unsafe_fixes, habit))
    fixed = 0
    if fix:
        from notelint.fixing import fix_run

        outcome = fix_run(result, unsafe=unsafe_fixes, write=stdin_display is None)
        fixed = outcome.applied
        for message in outcome.messages:
            click.echo(f"notelint: {_safe(message)}", err=True)
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
        click.get_current_context().exit(_write_baseline(result, habit.write_baseline))
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
        click.echo(f"notelint: {baseline_note}", err=True)
    fail_at = Severity.WARNING if strict else Severity.ERROR
    code = EXIT_FINDINGS if any(d.severity >= fail_at for d in result.diagnostics) else EXIT_CLEAN
    click.get_current_context().exit(EXIT_CLEAN if habit.exit_zero else code)


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


@cli.command("init")
@click.argument("folder", default=".", type=click.Path(path_type=Path, file_okay=False,
                                                        exists=True))
@click.option("--force", is_flag=True, help="Replace an existing .notelint.toml.")
@click.option("--stdout", "to_stdout", is_flag=True,
              help="Print the configuration instead of writing it.")
def init_cmd(folder: Path, force: bool, to_stdout: bool) -> None:
    """Write a starter .notelint.toml in FOLDER from what it detects there.

    It looks for the site generator (Jekyll, Gatsby, Hugo, MkDocs, Docusaurus,
    Obsidian), the math pipeline and heading-id style that implies, and the
    date format and order of the notes' dated entries, and prints what it found.
    """
    from notelint.config import ConfigError, load_file
    from notelint.init import CONFIG_NAME, detect, render, report

    target = folder / CONFIG_NAME
    if target.exists() and not force and not to_stdout:
        raise _Failure(f"{target} already exists (use --force to replace it)")
    found = detect(folder)
    text = render(found)
    if to_stdout:
        click.echo(text, nl=False)
        return
    for line in report(found):
        click.echo(_safe(line))
    try:
        target.write_text(text, encoding="utf-8")
        load_file(target, default_registry())  # what was written must load
    except OSError as exc:
        raise _Failure(f"{target}: cannot write: {exc.strerror or exc}") from None
    except ConfigError as exc:  # pragma: no cover - render() only writes known keys
        raise _Failure(f"internal error: the written configuration is invalid: {exc}") from None
    click.echo(f"wrote {_safe(str(target))}")


@cli.command("rule")
@click.argument("rule_id")
def rule_cmd(rule_id: str) -> None:
    """Print the catalogue entry of RULE_ID (an id like FN001 or a name)."""
    from notelint.catalogue import load_catalogue

    registry = default_registry()
    rule = registry.info(rule_id)
    if rule is None:
        guess = registry.suggest(rule_id)
        raise _Failure(f"unknown rule `{rule_id}`" + (f"; did you mean `{guess}`?" if guess else ""))
    entry = load_catalogue().get(rule.code)
    if entry is None:
        click.echo(f"# {rule.code} {rule.name}: {rule.summary}\n\n(no catalogue entry is installed)")
        return
    click.echo(entry.text.rstrip("\n"))


@cli.command("rules")
@click.option("--all", "show_all", is_flag=True, hidden=True)
def rules_cmd(show_all: bool) -> None:
    """List every rule: id, name, default severity, whether on by default, summary."""
    del show_all
    for r in default_registry().infos():
        default = "" if r.enabled_by_default else " (opt-in)"
        click.echo(f"{r.code}  {r.name:<34} {r.default_severity!s:<7} {r.summary}{default}")


@cli.command("site")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def site_cmd(paths: tuple[Path, ...]) -> None:
    """Show, per note, the math pipeline and engine and the file each came from."""
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
        click.echo(f"{shown}: pipeline {pipeline}, engine {engine}{reason}")


@cli.group("words")
def words_cmd() -> None:
    """Manage the project's word list for the spelling rules (SP)."""


@words_cmd.command("add")
@click.argument("words", nargs=-1, required=True)
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Use this configuration file instead of the nearest one.")
def words_add_cmd(words: tuple[str, ...], config_file: Path | None) -> None:
    """Accept WORDS as spelled: add them to the project's word list.

    The list is `[spelling] words-file` (default `.notelint-words.txt`) beside
    the configuration file that applies to the current folder (`--config`, or
    the nearest `.notelint.toml` / `pyproject.toml` above), where every run
    under that configuration reads it.  Without a configuration file, it goes
    to the top folder of the git repository (or the current folder outside
    one), where a run from that folder reads it.
    """
    from notelint.config import ConfigError, ConfigResolver
    from notelint.spelling.wordlist import DEFAULT_WORDS_FILE, add_words, list_folder

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
    click.echo(f"added {len(added)} word(s) to {path}"
               + (f" ({skipped} already there)" if skipped else ""))


@cli.command("server")
def server_cmd() -> None:
    """Run the language server (LSP) on standard input/output, for editors.

    Needs the `server` extra: pip install 'notelint[server]'.  Setup for
    VS Code, Neovim, Helix, Zed and Emacs: docs/editors.md.
    """
    from notelint.server import ServerUnavailable, serve

    gc.enable()  # a long-running process: see main()
    try:
        serve()
    except ServerUnavailable as exc:
        raise _Failure(str(exc)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

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
    try:
        rv = cli.main(args=list(argv) if argv is not None else None, prog_name="notelint",
                      standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except _Failure as exc:
        exc.show()
        return EXIT_ERROR
    except click.ClickException as exc:
        exc.show()
        return EXIT_ERROR
    except click.exceptions.Abort:
        click.echo("notelint: aborted", err=True)
        return EXIT_ERROR
    except RegistryError as exc:
        click.echo(f"notelint: plugin error: {exc}", err=True)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception as exc:
        click.echo(f"notelint: internal error: {type(exc).__name__}: {_safe(str(exc))[:500]} "
                   "(set NOTELINT_DEBUG=1 for a traceback)", err=True)
        if os.environ.get("NOTELINT_DEBUG"):
            import traceback

            traceback.print_exc()
        return EXIT_ERROR
    # click >= 8.2 returns the code given to ctx.exit() when not in standalone mode.
    return rv if isinstance(rv, int) else EXIT_CLEAN


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
