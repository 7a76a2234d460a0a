"""SP003 korean-typo."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from notelint.diagnostics import Edit, Fix, Severity
from notelint.rule import DocumentContext, ProjectContext, Rule, Scope

if TYPE_CHECKING:
    from notelint.spelling.korean import KoreanChecker, KoreanWord


def _words(ctx: DocumentContext) -> list[KoreanWord]:
    from notelint.spelling.analysis import prose_for, state_of
    from notelint.spelling.korean import korean_words

    state = state_of(ctx)
    if "korean" not in state:
        state["korean"] = korean_words(prose_for(ctx).runs)
    return state["korean"]  # type: ignore[no-any-return]


class KoreanTypo(Rule):
    """A rare Korean word one jamo away from a word the notes use often (opt-in).

    Korean has no dictionary that installs with pip, so the notes themselves
    are the reference: see :mod:`notelint.spelling.korean` for the method and
    its limits.  Words in the project's word list are never reported.
    """

    code = "SP003"
    name = "korean-typo"
    summary = "Korean word looks like a slip for a word the notes use often"
    scope = Scope.PROJECT
    default_severity = Severity.WARNING
    enabled_by_default = False

    def prepare_document(self, ctx: DocumentContext) -> None:
        from notelint.spelling.analysis import prepare

        prepare(ctx)
        _words(ctx)

    def check_project(self, ctx: ProjectContext) -> None:
        from notelint.spelling.analysis import settings_of
        from notelint.spelling.korean import KoreanChecker
        from notelint.spelling.lexicon import build_lexicon

        contexts = ctx.contexts
        counts: Counter[str] = Counter()
        for c in contexts:
            counts.update(w.word for w in _words(c))
        checkers: dict[int, KoreanChecker] = {}
        for c in contexts:
            settings, root = settings_of(c)
            user = build_lexicon(settings, root).user
            chk = checkers.get(settings.korean_min_count)
            if chk is None:
                chk = KoreanChecker(counts, min_count=settings.korean_min_count)
                checkers[settings.korean_min_count] = chk
            for w in _words(c):
                if w.word in user:
                    continue
                found = chk.check(w.word)
                if found is None:
                    continue
                c.report((w.start, w.end),
                         f"`{w.word}` looks like a slip for `{found.suggestion}` "
                         f"(used {found.uses}\u00d7 in your notes)",
                         fix=Fix(f"Replace `{w.word}` by `{found.suggestion}`",
                                 (Edit(w.start, w.end, found.suggestion),), safe=False),
                         rule=self)
