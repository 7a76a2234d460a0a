"""Things made when first used, not when their module is imported.

A one-note check imports every default rule and the models behind them, but
meets few of their rarer cases; what a module defines at import time is paid
on every run.

* :func:`lazy_compile`: a regular expression.  Compiling one costs tens to
  hundreds of microseconds, and notelint's modules define a few hundred at
  module level.  The stand-in compiles its pattern on the first attribute
  looked up (``.search``, ``.finditer``, ``.pattern``...) and from then on
  answers with the compiled pattern's own bound methods, stored on the
  stand-in, so a later call costs about what a call on the compiled pattern
  costs.  It is not a :class:`re.Pattern`: give it to code that calls its
  methods, not to ``re.sub(pattern, ...)`` or ``isinstance(x, re.Pattern)``
  (use :func:`compiled` there).  An invalid pattern raises :class:`re.error`
  at first use instead of at import (a test compiles every module-level one).
* :func:`lazy_attribute`: an attribute of a module imported on first use
  (``Indel`` of RapidFuzz, needed only when two entries are compared).
"""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["LazyAttribute", "LazyPattern", "compiled", "lazy_attribute", "lazy_compile"]

#: The attributes of a compiled pattern that a stand-in takes over on first use.
_ATTRIBUTES = ("search", "match", "fullmatch", "finditer", "findall", "split", "sub", "subn",
               "scanner", "pattern", "flags", "groups", "groupindex")


class LazyPattern:
    """``re.compile(pattern, flags)``, done on first use (see the module docstring).

    Args:
        pattern: the regular expression (``str`` or ``bytes``).
        flags: :mod:`re` flags.
    """

    def __init__(self, pattern: str | bytes, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self.__class__ = _Pending

    def compile(self) -> re.Pattern[Any]:
        """The compiled pattern (compiled now if it was not yet).

        Raises:
            re.error: the pattern is invalid.
        """
        done = self.__dict__.get("_compiled")
        if done is None:
            done = re.compile(*self._source)
            for name in _ATTRIBUTES:
                self.__dict__[name] = getattr(done, name)
            self.__dict__["_compiled"] = done
            # From now on plain attribute lookups, without the __getattr__ hook's cost.
            self.__class__ = LazyPattern
        return cast("re.Pattern[Any]", done)

    def __repr__(self) -> str:
        pattern, flags = self._source
        return f"lazy_compile({pattern!r}, {flags!r})"


class _Pending(LazyPattern):
    """A :class:`LazyPattern` not compiled yet: the first attribute looked up compiles it."""

    def __getattr__(self, name: str) -> Any:
        # Only called for an attribute not on the instance: the first use.
        if name.startswith("__") or name in ("_source", "_compiled"):
            raise AttributeError(name)
        return getattr(self.compile(), name)


def lazy_compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern compiled when first used; typed as the :class:`re.Pattern` it stands for.

    Args:
        pattern: the regular expression.
        flags: :mod:`re` flags (``re.I``, ``re.M``...).

    Returns:
        a :class:`LazyPattern` whose methods are those of ``re.compile(pattern, flags)``.
    """
    return cast("re.Pattern[str]", LazyPattern(pattern, flags))


def compiled(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The real :class:`re.Pattern` behind ``pattern`` (``pattern`` itself when it is one)."""
    if isinstance(pattern, LazyPattern):
        return cast("re.Pattern[str]", pattern.compile())
    return pattern


class LazyAttribute:
    """``getattr(importlib.import_module(module), name)``, imported on first use.

    Attribute lookups on the stand-in are those of the real object (methods,
    constants), each kept on the stand-in once looked up; calling the
    stand-in calls the object.

    Args:
        module: the module's dotted name.
        name: the attribute of the module.
    """

    def __init__(self, module: str, name: str) -> None:
        self._where = (module, name)

    def resolve(self) -> Any:
        """The object (its module imported now if it was not yet).

        Raises:
            ImportError: the module is missing.
            AttributeError: it has no such attribute.
        """
        import importlib

        module, name = self._where
        return getattr(importlib.import_module(module), name)

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name == "_where":
            raise AttributeError(name)
        value = getattr(self.resolve(), name)
        self.__dict__[name] = value
        return value

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self.resolve()(*args, **kwargs)

    def __repr__(self) -> str:
        return f"lazy_attribute({self._where[0]!r}, {self._where[1]!r})"


def lazy_attribute(module: str, name: str) -> Any:
    """A stand-in for ``module.name`` that imports ``module`` on first use
    (see :class:`LazyAttribute`)."""
    return LazyAttribute(module, name)
