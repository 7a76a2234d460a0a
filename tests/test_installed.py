"""What is installed: project names normalised without a regular expression."""

from __future__ import annotations

import random
import re

from notelint.installed import _normalised, version


def test_project_names_are_normalised_as_pep_503_says() -> None:
    rnd = random.Random(1)
    names = ["Notelint", "markdown-it-py", "linkify_it.py", "a--b", "-a", "a_", "x.-_y", "__", ""]
    names += ["".join(rnd.choice("aB1-_.") for _ in range(rnd.randint(0, 8))) for _ in range(3000)]
    for name in names:
        assert _normalised(name) == re.sub(r"[-_.]+", "_", name).lower(), name


def test_a_version_is_found_under_any_spelling_of_the_name() -> None:
    assert version("Markdown_It.PY") == version("markdown-it-py") != ""
