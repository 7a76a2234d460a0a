"""Host name labels are checked with str methods, as RFC 1123's pattern checks them."""

from __future__ import annotations

import random
import re

from notelint.links.hosts import _is_ldh_label, host_problem

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)\Z")


def test_labels_are_judged_as_the_pattern_judges_them() -> None:
    rnd = random.Random(6)
    alphabet = "az09-_A.\n é"
    labels = ["", "a", "-", "a-", "-a", "a-b", "xn--p1ai", "a" * 63, "a" * 64, "a\n", "ab\n"]
    labels += ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 70))) for _ in range(20000)]
    labels += ["".join(rnd.choice("ab-") for _ in range(rnd.randint(60, 66))) for _ in range(2000)]
    assert sum(bool(_LABEL.match(x)) for x in labels) > 500
    for label in labels:
        assert _is_ldh_label(label) is bool(_LABEL.match(label)), repr(label)


def test_a_label_with_other_characters_is_a_problem() -> None:
    assert host_problem("exa$mple.com") == "the label `exa$mple` has characters a host name cannot have"
    assert host_problem("-example.com") == "the label `-example` has characters a host name cannot have"
    assert host_problem("my_host.example.com") is None
    assert host_problem("example.com") is None
