"""Spelling rules (SP)."""

from __future__ import annotations

from notelint.rule import Rule

RULES: tuple[type[Rule], ...] = ()
