"""Configuration: ``.notelint.toml`` or ``[tool.notelint]`` in ``pyproject.toml``.

The nearest configuration file above a note wins (a ``.notelint.toml`` beats
a ``pyproject.toml`` in the same folder; a ``pyproject.toml`` without a
``[tool.notelint]`` table is skipped).  Keys (``-`` and ``_`` are the same)::

    select = ["FN", "DT001"]        # ids, prefixes, names or "ALL"; default: the default rules
    extend-select = ["DT004"]       # added to select
    ignore = ["DT004"]
    exclude = ["drafts/", "*.tmp.md"]            # gitignore-style, relative to the config's folder
    per-file-ignores = { "archive/*.md" = ["DT"] }
    respect-gitignore = true
    max-file-size = 10485760        # bytes; larger files get NL004

    [rules.FN002]                   # or [rules.unused-footnote-definition]
    severity = "info"               # error | warning | info
    some-option = 3                 # the rule's own options

    [math]                          # the math pipeline (MA rules)
    pipeline = "commonmark"

Unknown keys and wrongly typed values raise :class:`ConfigError` with a
"did you mean" hint.

Trust (see ``docs/security.md``): the settings that decide where requests go
and what they carry (:data:`RESTRICTED_KEYS`: extra headers with
``${SECRET}`` values, private addresses, URL rewrites, the LanguageTool
server) are taken only from a *top* configuration: the ``--config`` file,
or a file in the working directory or one of its parents.  A configuration
file found inside the checked tree (below the working directory, or in an
unrelated folder) may set every other key; setting a restricted key there is
a :class:`ConfigError`, and the restricted values it gets are those of the
top configuration that applies to the working directory.  So a pull request
that adds ``notes/.notelint.toml`` cannot make notelint send a secret, or any
request at all, to an address the project did not allow.
"""

from __future__ import annotations

import json
import os
import stat
import sys
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from notelint.diagnostics import Severity
from notelint.rule import option_fields, replace

if TYPE_CHECKING:
    import pathspec

    from notelint.registry import Registry

CONFIG_FILES = (".notelint.toml", "pyproject.toml")
DEFAULT_MAX_FILE_SIZE = 10 * 1024 * 1024


class ConfigError(Exception):
    """The configuration is invalid; the message says where and why."""


#: Keys that only a top (trusted) configuration may set: ``section -> keys``
#: (kebab-case).  They decide which addresses are requested and which secrets
#: are sent (see the module docstring and ``docs/security.md``).
RESTRICTED_KEYS: dict[str, tuple[str, ...]] = {
    "links": ("headers", "allow-private", "allow-networks", "remap"),
    "spelling": ("languagetool-url",),
}


def restricted_keys_set(data: Mapping[str, Any]) -> list[str]:
    """The restricted keys (``"links.headers"``...) that the raw table ``data`` sets."""
    found = []
    for raw_section, table in data.items():
        section = _norm(str(raw_section))
        keys = RESTRICTED_KEYS.get(section)
        if keys is None or not isinstance(table, dict):
            continue
        for raw_key in table:
            if _norm(str(raw_key)) in keys:
                found.append(f"{section}.{_norm(str(raw_key))}")
    return found


def with_trusted_values(config: Config, trusted: Config) -> Config:
    """``config`` with the restricted settings (:data:`RESTRICTED_KEYS`) of ``trusted``."""
    sections = dict(config.sections)
    for name, keys in RESTRICTED_KEYS.items():
        mine = config.section(name)
        theirs = trusted.section(name)
        values = {k.replace("-", "_"): getattr(theirs, k.replace("-", "_")) for k in keys}
        sections[name] = replace(mine, **values)
    return replace(config, sections=sections)


class RuleConfig(NamedTuple):
    """Settings of one rule: a severity override and its options instance."""

    severity: Severity | None = None
    options: Any = None


class _ConfigFields(NamedTuple):
    """The fields of :class:`Config`, which adds its methods and a memo."""

    root: Path
    source: Path | None = None
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    respect_gitignore: bool = True
    max_file_size: int = DEFAULT_MAX_FILE_SIZE
    # One empty mapping is every default configuration's: a configuration is never
    # changed in place (a changed copy is made with notelint.rule.replace).
    rules: Mapping[str, RuleConfig] = {}
    sections: Mapping[str, Any] = {}


class Config(_ConfigFields):
    """A resolved configuration.

    A named tuple: immutable, compared and hashed by value (hashing fails,
    as a tuple's does, when ``rules`` or ``sections`` is a dict);
    :func:`notelint.rule.replace` makes a copy with other values.

    Attributes:
        root: folder that relative patterns are matched against.
        source: the file it came from, or ``None`` for defaults.
        select, extend_select, ignore: rule selectors.
        exclude: gitignore-style patterns of paths not to check.
        per_file_ignores: ``(pattern, selectors)`` pairs.
        respect_gitignore: skip files ignored by git when walking folders.
        max_file_size: bytes; larger files are reported (NL004), not parsed.
        rules: per-rule settings by rule id.
        sections: family sections: ``"math"`` as a plain mapping; the
            ones with a settings class (:data:`SECTION_TYPES`) as instances.
    """

    # No __slots__: each instance keeps, in its __dict__, the rule ids its selection
    # enables per registry and command line (a memo, not a field: neither compared,
    # shown nor pickled).
    _base_codes: dict[Any, frozenset[str]]

    def __new__(cls, *args: Any, **kwargs: Any) -> Config:
        self = super().__new__(cls, *args, **kwargs)
        self._base_codes = {}
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled and copied as its fields (the memo is keyed by ``id``: a new one is made)."""
        return (type(self), tuple(self))

    # -- selection ---------------------------------------------------------

    def enabled_codes(self, registry: Registry, path: Path | None = None,
                      cli_select: tuple[str, ...] | None = None,
                      cli_ignore: tuple[str, ...] = (),
                      cli_extend: tuple[str, ...] = ()) -> frozenset[str]:
        """Ids of the rules that run on ``path`` (or on any path when ``None``).

        ``cli_select`` replaces ``select``; ``cli_ignore`` adds to ``ignore``;
        ``cli_extend`` adds to ``extend-select``.
        """
        base_key = (id(registry), cli_select, cli_ignore, cli_extend)
        base = self._base_codes.get(base_key)
        if base is None:
            select = cli_select if cli_select is not None else self.select
            if select is None:
                codes = {r.code for r in registry.infos() if r.enabled_by_default}
            else:
                codes = {c for s in select for c in registry.codes(s)}
            codes |= {c for s in (*self.extend_select, *cli_extend) for c in registry.codes(s)}
            for s in (*self.ignore, *cli_ignore):
                codes -= set(registry.codes(s))
            base = self._base_codes[base_key] = frozenset(codes)
        codes = set(base)
        if path is not None and self.per_file_ignores:
            rel = self.relative(path)
            for pattern, sels in self.per_file_ignores:
                if rel is not None and _spec((pattern,)).match_file(rel):
                    for s in sels:
                        codes -= set(registry.codes(s))
        return frozenset(codes)

    def relative(self, path: Path) -> str | None:
        """``path`` relative to :attr:`root` in POSIX form, or ``None`` if outside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return None

    def is_excluded(self, path: Path, is_dir: bool = False) -> bool:
        """Whether ``path`` matches an ``exclude`` pattern."""
        if not self.exclude:
            return False
        rel = self.relative(path)
        if rel is None:
            return False
        return _spec(self.exclude).match_file(rel + ("/" if is_dir else ""))

    def section(self, name: str) -> Any:
        """The validated settings of family section ``name`` (defaults when absent).

        Raises:
            KeyError: ``name`` is not a section with a settings class (:data:`SECTION_TYPES`).
        """
        value = self.sections.get(name)
        if value is not None:
            return value
        return _section_type(name)()

    def inputs(self) -> tuple[Path, ...]:
        """Files besides the notes whose content changes findings under this configuration.

        The spelling word list; the persistent cache keys findings on them.
        """
        out: list[Path] = []
        spelling = self.sections.get("spelling")
        words = getattr(spelling, "words_file", None) if spelling is not None else None
        # The default of ``[spelling] words-file`` (notelint.spelling.wordlist.DEFAULT_WORDS_FILE,
        # not imported here so that runs without spelling rules load no spelling code).
        out.append(self.root / (words or ".notelint-words.txt"))
        return tuple(out)

    def severity(self, code: str, default: Severity) -> Severity:
        """The severity of rule ``code``: configured, else ``default``."""
        rc = self.rules.get(code)
        return rc.severity if rc is not None and rc.severity is not None else default

    def options(self, code: str, options_type: type[Any]) -> Any:
        """The options instance of rule ``code`` (defaults when unconfigured)."""
        rc = self.rules.get(code)
        return rc.options if rc is not None and rc.options is not None else options_type()


_SPEC_CACHE: dict[tuple[str, ...], pathspec.GitIgnoreSpec] = {}


def _spec(patterns: tuple[str, ...]) -> pathspec.GitIgnoreSpec:
    spec = _SPEC_CACHE.get(patterns)
    if spec is None:
        import pathspec  # only when a configuration has patterns

        spec = pathspec.GitIgnoreSpec.from_lines(patterns)
        _SPEC_CACHE[patterns] = spec
    return spec


# -- loading -----------------------------------------------------------------

_TOP_KEYS = {
    "select", "extend-select", "ignore", "exclude", "per-file-ignores",
    "respect-gitignore", "max-file-size", "rules",
}
#: Family sections with a settings class (``module:Class``, a named tuple), validated
#: field by field like rule options; :meth:`Config.section` returns the instance.
SECTION_TYPES: dict[str, str] = {
    "links": "notelint.links.settings:LinkSettings",
    "duplicates": "notelint.duplicates.settings:DuplicateSettings",
    "spelling": "notelint.spelling.settings:SpellingSettings",
}

#: Family sections kept as plain mappings, and the keys each accepts with their types.
SECTIONS: dict[str, dict[str, Any]] = {
    "math": {
        "pipeline": str,
        "delimiters": dict,
        "macros": dict,
        "environments": list,
        "per-file": dict,
        "engine": str,
    },
}


def _shown(path: Path) -> str:
    """``path`` for a message: control characters escaped (see :mod:`notelint.safetext`)."""
    from notelint.safetext import neutral

    return neutral(str(path))


class _Where(NamedTuple):
    """A place in a configuration, rendered the way TOML writes it.

    ``str()`` gives ``file.toml: [rules.FN001] severity`` for a key in a
    table, ``file.toml: [rules.FN001]`` for the table itself and
    ``file.toml: select`` for a top-level key; keys that are not bare TOML
    keys are quoted (``[per-file-ignores] "archive/*.md"``), list items get
    ``[i]``.
    """

    file: str
    keys: tuple[str | int, ...] = ()
    table: bool = True

    def key(self, name: str | int) -> _Where:
        """The key ``name`` (or list index) inside this place."""
        return _Where(self.file, (*self.keys, name), False)

    def sub(self, name: str) -> _Where:
        """The table ``name`` inside this place."""
        return _Where(self.file, (*self.keys, name), True)

    @staticmethod
    def _dotted(keys: tuple[str | int, ...]) -> str:
        out = ""
        for k in keys:
            if isinstance(k, int):
                out += f"[{k}]"
            else:
                bare = k and all(c.isascii() and (c.isalnum() or c in "-_") for c in k)
                out += ("." if out else "") + (k if bare else json.dumps(k, ensure_ascii=False))
        return out

    def __str__(self) -> str:
        if not self.keys:
            return self.file
        if self.table:
            return f"{self.file}: [{self._dotted(self.keys)}]"
        split = len(self.keys) - 1
        while split > 0 and isinstance(self.keys[split], int):
            split -= 1
        table, key = self.keys[:split], self.keys[split:]
        if not table:
            return f"{self.file}: {self._dotted(key)}"
        return f"{self.file}: [{self._dotted(table)}] {self._dotted(key)}"


def _place(where: str | _Where) -> _Where:
    return where if isinstance(where, _Where) else _Where(where)


def _norm(key: str) -> str:
    return key.replace("_", "-")


def _did_you_mean(key: str, choices: typing.Iterable[str]) -> str:
    import difflib

    found = difflib.get_close_matches(key, list(choices), n=1, cutoff=0.5)
    return f"; did you mean `{found[0]}`?" if found else ""


def _str_list(value: Any, where: str | _Where, commas: bool = False) -> tuple[str, ...]:
    """A string or list of strings as a tuple; with ``commas``, ``"FN,DT"`` is ``("FN", "DT")``."""
    if isinstance(value, str):
        if commas:
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{where} must be a list of strings, not {value!r}")
    return tuple(value)


def _check_selectors(sels: tuple[str, ...], registry: Registry, where: str | _Where) -> None:
    for s in sels:
        if not registry.codes(s):
            guess = registry.suggest(s)
            hint = f"; did you mean `{guess}`?" if guess else ""
            raise ConfigError(f"{where}: `{s}` selects no rule{hint}")


def _coerce(value: Any, tp: Any, where: str | _Where) -> Any:
    """Check ``value`` against annotation ``tp`` (simple types, Literal, tuples, unions)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is Any:
        return value
    if origin is typing.Literal:
        if value not in args:
            allowed = ", ".join(repr(a) for a in args)
            raise ConfigError(f"{where} must be one of {allowed}, not {value!r}"
                              f"{_did_you_mean(str(value), [str(a) for a in args])}")
        return value
    if origin in (typing.Union, types.UnionType):
        errors = []
        for a in args:
            try:
                return _coerce(value, a, where)
            except ConfigError as exc:
                errors.append(str(exc))
        raise ConfigError(errors[0])
    if origin in (tuple, list, frozenset):
        if not isinstance(value, list):
            raise ConfigError(f"{where} must be a list, not {value!r}")
        inner = args[0] if args else Any
        items = [_coerce(v, inner, _place(where).key(i) if isinstance(where, _Where)
                         else f"{where}[{i}]") for i, v in enumerate(value)]
        return origin(items) if origin is not tuple else tuple(items)
    if origin in (dict, Mapping) or tp is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{where} must be a table, not {value!r}")
        return dict(value)
    if tp is type(None):
        if value is not None:
            raise ConfigError(f"{where} must be empty")
        return None
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(tp, type):
        if tp is int and isinstance(value, bool):
            raise ConfigError(f"{where} must be an integer, not {value!r}")
        if not isinstance(value, tp):
            raise ConfigError(f"{where} must be {tp.__name__}, not {value!r}")
    return value


def _check_math(section: Mapping[str, Any], where: str | _Where) -> None:
    """Validate pipeline names and delimiters of the ``[math]`` section now, not at lint time."""
    from notelint.math.pipeline import PipelineError, preset

    names = [section.get("pipeline", "auto"), *(section.get("per-file") or {}).values()]
    engine = section.get("engine", "auto")
    if engine not in ("auto", "mathjax", "katex"):
        raise ConfigError(f"{where}: unknown math engine `{engine}`; expected one of: "
                          "auto, mathjax, katex")
    try:
        for name in names:
            if name != "auto":
                preset(str(name), section.get("delimiters"))
        if section.get("delimiters") is not None:
            preset("commonmark", section.get("delimiters"))
    except PipelineError as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _section_type(name: str) -> type[Any]:
    import importlib

    module, _, attr = SECTION_TYPES[name].partition(":")
    return getattr(importlib.import_module(module), attr)  # type: ignore[no-any-return]


def _options_from_table(cls: type[Any], table: Mapping[str, Any], where: str | _Where,
                        extra: tuple[str, ...] = ()) -> tuple[Any, dict[str, Any]]:
    """Build options class ``cls`` from a TOML table (kebab or snake keys), strictly.

    ``cls`` is a named tuple class or a dataclass (see :func:`notelint.rule.option_fields`).
    Keys in ``extra`` are returned separately instead of being fields.

    Raises:
        ConfigError: an unknown key, or a value of the wrong type.
    """
    fields = {_norm(f.name): f for f in option_fields(cls)}
    values: dict[str, Any] = {}
    extras: dict[str, Any] = {}
    for raw_key, value in table.items():
        k = _norm(raw_key)
        if k in extra:
            extras[k] = value
            continue
        f = fields.get(k)
        if f is None:
            known = [*extra, *fields]
            raise ConfigError(f"{where}: unknown option `{raw_key}`{_did_you_mean(k, known)}"
                              f" (known: {', '.join(known) or 'none'})")
        values[f.name] = _coerce(value, f.type, _place(where).key(raw_key))
    try:
        return cls(**values), extras
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: {exc}") from None


def _rule_config(key: str, table: Any, registry: Registry,
                 where: str | _Where) -> tuple[str, RuleConfig]:
    here = _place(where).sub(key)
    rule = registry.get(key)
    if rule is None:
        infos = registry.infos()
        choices = [r.code for r in infos] + [r.name for r in infos]
        raise ConfigError(f"{where}: unknown rule `{key}`{_did_you_mean(key, choices)}")
    if not isinstance(table, dict):
        raise ConfigError(f"{here} must be a table")
    options, extras = _options_from_table(rule.Options, table, here, ("severity",))
    severity = None
    if "severity" in extras:
        try:
            severity = Severity.parse(str(extras["severity"]))
        except ValueError as exc:
            raise ConfigError(f"{here.key('severity')}: {exc}") from None
    return rule.code, RuleConfig(severity=severity, options=options)


def config_from_mapping(data: Mapping[str, Any], root: Path, registry: Registry,
                        source: Path | None = None, where: str | _Where = "notelint") -> Config:
    """Validate ``data`` (the ``[tool.notelint]`` table or a ``.notelint.toml``) into a Config.

    Raises:
        ConfigError: an unknown key, an unknown rule, or a value of the wrong type.
    """
    kw: dict[str, Any] = {"root": root, "source": source}
    rules: dict[str, RuleConfig] = {}
    sections: dict[str, Any] = {}
    where = _place(where)
    for raw_key, value in data.items():
        if raw_key == "$schema":  # the JSON Schema for editors (notelint/schema.py)
            if not isinstance(value, str):
                raise ConfigError(f"{where.key(raw_key)} must be a string")
            continue
        key = _norm(raw_key)
        loc = where.sub(raw_key) if key in SECTION_TYPES or key in SECTIONS else where.key(raw_key)
        if key in SECTION_TYPES:
            if not isinstance(value, dict):
                raise ConfigError(f"{loc} must be a table")
            sections[key], _ = _options_from_table(_section_type(key), value, loc)
            continue
        if key in SECTIONS:
            if not isinstance(value, dict):
                raise ConfigError(f"{loc} must be a table")
            allowed = SECTIONS[key]
            sec: dict[str, Any] = {}
            for sk, sv in value.items():
                nk = _norm(sk)
                if nk not in allowed:
                    raise ConfigError(f"{loc}: unknown key `{sk}`{_did_you_mean(nk, allowed)}")
                sec[nk] = _coerce(sv, allowed[nk], loc.key(sk))
            if key == "math":
                _check_math(sec, loc)
            sections[key] = sec
            continue
        if key not in _TOP_KEYS:
            raise ConfigError(f"{where}: unknown key `{raw_key}`"
                              f"{_did_you_mean(key, _TOP_KEYS | set(SECTIONS) | set(SECTION_TYPES))}")
        if key in ("select", "extend-select", "ignore"):
            sels = _str_list(value, loc, commas=True)
            _check_selectors(sels, registry, loc)
            kw[key.replace("-", "_")] = sels
        elif key == "exclude":
            kw["exclude"] = _str_list(value, loc)
        elif key == "per-file-ignores":
            if not isinstance(value, dict):
                raise ConfigError(f"{loc} must be a table of pattern = [rules]")
            loc = where.sub(raw_key)
            pairs = []
            for pattern, sels in value.items():
                s = _str_list(sels, loc.key(pattern), commas=True)
                _check_selectors(s, registry, loc.key(pattern))
                pairs.append((pattern, s))
            kw["per_file_ignores"] = tuple(pairs)
        elif key == "respect-gitignore":
            kw["respect_gitignore"] = _coerce(value, bool, loc)
        elif key == "max-file-size":
            size = _coerce(value, int, loc)
            if size <= 0:
                raise ConfigError(f"{loc} must be a positive number of bytes")
            kw["max_file_size"] = size
        elif key == "rules":
            if not isinstance(value, dict):
                raise ConfigError(f"{loc} must be a table of rule tables")
            for rk, rv in value.items():
                code, rc = _rule_config(rk, rv, registry, where.sub(raw_key))
                rules[code] = rc
    return Config(rules=rules, sections=sections, **kw)


#: A configuration file larger than this is refused (a configuration is a few lines).
MAX_CONFIG_SIZE = 1024 * 1024


def load_file(path: Path, registry: Registry, *, trusted: bool = True) -> Config | None:
    """Load the configuration in ``path``; ``None`` for a pyproject without ``[tool.notelint]``.

    With ``trusted`` false (a file inside the checked tree, see the module
    docstring), setting a key of :data:`RESTRICTED_KEYS` is an error.

    Raises:
        ConfigError: the file cannot be read, is not a regular file, is larger
            than :data:`MAX_CONFIG_SIZE`, is not TOML, is invalid, or (untrusted)
            sets a restricted key.
    """
    from notelint.safeio import NotRegularFile, TooLarge, read_regular

    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on Python 3.10 only
        import tomli as tomllib

    try:
        raw = read_regular(path, MAX_CONFIG_SIZE)
        data = tomllib.loads(raw.decode("utf-8"))
    except NotRegularFile:
        raise ConfigError(f"{_shown(path)}: not a regular file") from None
    except TooLarge:
        raise ConfigError(f"{_shown(path)}: larger than {MAX_CONFIG_SIZE:,} bytes; "
                          "not a configuration file") from None
    except OSError as exc:
        raise ConfigError(f"{_shown(path)}: cannot read: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{_shown(path)}: not valid UTF-8") from None
    except RecursionError:
        raise ConfigError(f"{_shown(path)}: nested too deeply") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{_shown(path)}: not valid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        if "notelint" not in tool:
            return None
        data = tool["notelint"]
        where = _Where(_shown(path), ("tool", "notelint"))
    else:
        where = _Where(_shown(path))
    if not isinstance(data, dict):
        raise ConfigError(f"{where} must be a table")
    if not trusted:
        restricted = restricted_keys_set(data)
        if restricted:
            keys = ", ".join(f"`{k}`" for k in restricted)
            raise ConfigError(
                f"{where}: {keys} may only be set in the top configuration "
                "(a file in the working directory or above it, or --config), not in a "
                "configuration inside the checked tree; see docs/security.md")
    return config_from_mapping(data, path.parent, registry, source=path, where=where)


class ConfigResolver:
    """Finds (and caches) the nearest configuration for each folder.

    With ``explicit`` set, that file is used for every path.  Otherwise a
    configuration file in ``trust_root`` (default: the working directory) or
    one of its parents is trusted; any other one may not set
    :data:`RESTRICTED_KEYS` and gets the restricted values of the
    configuration that applies to ``trust_root`` (see the module docstring).
    """

    def __init__(self, registry: Registry, explicit: Path | None = None,
                 default_root: Path | None = None, trust_root: Path | None = None) -> None:
        self.registry = registry
        self._cache: dict[Path, Config] = {}
        self._folders: dict[str, Path] = {}
        self._explicit: Config | None = None
        self._default = Config(root=(default_root or Path.cwd()).resolve())
        self._trust_root = (trust_root or Path.cwd()).resolve()
        self._trusted_top: Config | None = None
        if explicit is not None:
            loaded = load_file(explicit, registry)
            if loaded is None:
                raise ConfigError(f"{explicit}: has no [tool.notelint] table")
            self._explicit = loaded

    def _is_trusted_folder(self, folder: Path) -> bool:
        return folder == self._trust_root or folder in self._trust_root.parents

    def _top(self) -> Config:
        """The configuration that applies to the trust root (its restricted values are used)."""
        if self._trusted_top is None:
            self._trusted_top = self._for_folder(self._trust_root)
        return self._trusted_top

    def for_path(self, path: Path) -> Config:
        """The configuration that applies to the note or folder ``path``.

        Raises:
            ConfigError: the nearest configuration file is invalid.
        """
        if self._explicit is not None:
            return self._explicit
        raw = os.fspath(path)
        try:
            plain_file = stat.S_ISREG(os.lstat(raw).st_mode)
        except OSError:
            plain_file = False
        if plain_file:  # not a link: its folder, resolved once for all the notes in it
            parent = os.path.dirname(raw) or "."
            folder = self._folders.get(parent)
            if folder is None:
                folder = self._folders[parent] = Path(parent).resolve()
            return self._for_folder(folder)
        folder = path.resolve()
        if not folder.is_dir():
            folder = folder.parent
        return self._for_folder(folder)

    def _for_folder(self, folder: Path) -> Config:
        cached = self._cache.get(folder)
        if cached is not None:
            return cached
        found: Config | None = None
        trusted = self._is_trusted_folder(folder)
        for name in CONFIG_FILES:
            candidate = folder / name
            if candidate.is_file():
                found = load_file(candidate, self.registry, trusted=trusted)
                if found is not None:
                    if not trusted:
                        found = with_trusted_values(found, self._top())
                    break
        if found is None:
            parent = folder.parent
            found = self._default if parent == folder else self._for_folder(parent)
        self._cache[folder] = found
        return found
