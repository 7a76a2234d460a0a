"""LK rules without the network: the real notes, link extraction, slugs, local targets,
host names, settings, cache and progress."""

from __future__ import annotations

import io
import ipaddress
from pathlib import Path

import pytest

from notelint.api import lint_paths, lint_text
from notelint.config import ConfigError
from notelint.document import Document
from notelint.links.cache import LinkCache
from notelint.links.extract import links
from notelint.links.hosts import address_kind, delegated_tlds, host_problem, parse_ip
from notelint.links.progress import Progress
from notelint.links.results import RemoteResult
from notelint.links.settings import LinkSettings
from notelint.links.slugs import slugs
from notelint.rule import RunOptions

CORPUS = Path(__file__).parents[1].parent / "shared" / "corpus" / "content"


def test_real_notes_offline_report_exactly_the_missing_image_and_np_dot() -> None:
    if not (CORPUS / "til.md").is_file():
        pytest.fail(f"the real notes are missing: expected them in {CORPUS}")
    notes = [str(CORPUS / n) for n in ("boostcamp-week4.md", "til-ai-ml.md", "til.md")]
    result = lint_paths(notes, select=["LK"], run=RunOptions(offline=True))
    found = [(Path(d.path).name, d.code, d.line, d.column,
              result.documents[d.path].text[d.span.start_offset:d.span.end_offset])
             for d in result.diagnostics]
    assert found == [
        ("boostcamp-week4.md", "LK007", 38, 15, "http://np.dot"),
        ("til-ai-ml.md", "LK002", 105, 8, "../img/21-11-14-2.png"),
        ("til.md", "LK002", 177, 8, "../img/21-11-14-2.png"),
    ]
    assert result.diagnostics[0].message.startswith("Link `[np.dot](http://np.dot)` turns the code")


def _spans(text: str) -> list[tuple[str, str, str]]:
    doc = Document.from_text(text)
    return [(lk.kind, str(doc.span(lk.start, lk.end)), doc.text[lk.start:lk.end]) for lk in links(doc)]


def test_every_kind_of_link_with_exact_spans() -> None:
    text = (
        "- https://start.example.org/x and www.example.com, not setup.py\n"
        "[^1]: see https://fn.example.org/a.\n"
        "\n"
        "[a](<b c.md> \"t\") ![i](img/x.png) [![n](in.png)](https://o.example.org/) <https://al.example.org>\n"
        "> [r][ref] and [ref] <a href=\"x.md#y\">x</a> <img src='i.png'>\n"
        "\n"
        "[ref]: https://ref.example.org/y \"title\"\n"
        "[unused]: <https://unused.example.org/>\n"
        "\n"
        "<div><a href=\"https://block.example.org\">b</a><!-- <a href=\"https://no.example.org\"> --></div>\n"
        "\n"
        "`https://code.example.org` $https://math.example.org$\n"
        "```\n[f](https://fence.example.org)\n```\n"
    )
    assert _spans(text) == [
        ("bare", "1:3-1:30", "https://start.example.org/x"),
        ("bare", "1:35-1:50", "www.example.com"),
        ("bare", "2:11-2:35", "https://fn.example.org/a"),
        ("link", "4:6-4:12", "b c.md"),
        ("image", "4:24-4:33", "img/x.png"),
        ("image", "4:41-4:47", "in.png"),
        ("link", "4:50-4:72", "https://o.example.org/"),
        ("autolink", "4:75-4:97", "https://al.example.org"),
        ("html", "5:31-5:37", "x.md#y"),
        ("html-image", "5:55-5:60", "i.png"),
        ("definition", "7:8-7:33", "https://ref.example.org/y"),
        ("definition", "8:12-8:39", "https://unused.example.org/"),
        ("html", "10:15-10:40", "https://block.example.org"),
    ]


@pytest.mark.parametrize(("style", "expected"), [
    ("github", ["16일차", "\ufe0f-bottled-air", "api--rest", "api--rest-1", "c", "section"]),
    ("gatsby", ["16일차", "\ufe0f-bottled-air", "api--rest", "api--rest-1", "c", "section"]),
    ("jekyll", ["16일차", "\ufe0f-bottled-air", "api--rest", "api--rest-1", "c", "section"]),
    ("kramdown", ["section", "bottled-air", "api--rest", "api--rest-1", "c", "section-1"]),
])
def test_slug_styles(style: str, expected: list[str]) -> None:
    headings = ["16일차", "\U0001f37e\ufe0f Bottled air", "API / REST", "API / REST", "C++", "Section"]
    assert slugs(headings, style) == expected


def test_local_files_fragments_and_site_root(tmp_path: Path) -> None:
    (tmp_path / ".notelint.toml").write_text('[links]\nsite-root = "static"\n')
    (tmp_path / "static" / "img").mkdir(parents=True)
    (tmp_path / "static" / "img" / "a b.png").write_bytes(b"")
    (tmp_path / "other.md").write_text("---\nlayout: post\n---\n## 토요일\n\n## API {#api}\n")
    (tmp_path / "page.html").write_text('<h1 id="top-id">x</h1>')
    (tmp_path / "a.md").write_text(
        "# Start\n"
        "[1](other.md#토요일) [2](other.md#api) [3](other.md#sunday) [4](other.html)\n"
        "[5](/img/a%20b.png) [6](/img/missing.png) [7](page.html#top-id) [8](page.html#nope)\n"
        "[9](#start) [10](#%EC%97%86%EC%9D%8C) [11](other)\n")
    result = lint_paths([str(tmp_path / "a.md")], select=["LK"], run=RunOptions(offline=True))
    assert [(d.code, d.line, d.column, d.message) for d in result.diagnostics] == [
        ("LK003", 2, 41, "Fragment `#sunday` in `other.md#sunday` matches no heading or anchor "
                         "in `other.md` (jekyll heading ids)"),
        ("LK002", 3, 25, "Link target `/img/missing.png` does not exist (looked up from the site root)"),
        ("LK003", 3, 69, "Fragment `#nope` in `page.html#nope` matches no `id` or `name` in "
                         "`page.html`"),
        ("LK003", 4, 18, "Fragment `#없음` matches no heading or anchor in this note "
                         "(github heading ids)"),
    ]


@pytest.mark.parametrize(("host", "problem"), [
    ("np.dott", "`.dott` is not a top-level domain"),
    ("api.test", "`.test` is reserved by RFC 6761 for testing"),
    ("a..b.com", "the name has an empty label (`..`)"),
    ("x" * 64 + ".com", f"the label `{'x' * 20}...` is 64 characters long (DNS allows 63)"),
    ("bad!name.com", "the label `bad!name` has characters a host name cannot have"),
    ("10.0.0.300", "the name ends in a number, which no top-level domain is"),
    ("np.dot", None), ("위키백과.한국", None), ("blog.google", None), ("intranet", None),
    ("192.0.2.1", None), ("[::1]", None), ("x.invalid", None), ("localhost", None),
])
def test_host_problems(host: str, problem: str | None) -> None:
    assert host_problem(host) == problem


@pytest.mark.parametrize(("host", "address"), [
    ("192.0.2.1", "192.0.2.1"), ("[::1]", "::1"), ("::1", "::1"), ("[fe80::1%eth0]", "fe80::1"),
    ("192.0.2.1%x", "192.0.2.1"), ("1.2.3", None), ("256.1.1.1", None), ("example.com", None),
    ("\u0661.\u0662.\u0663.\u0664", None), ("0x1.2.3.4", None), ("", None), ("a:b", None),
])
def test_ip_literals_are_read_and_names_are_not(host: str, address: str | None) -> None:
    """Only colons (IPv6) or ASCII digits and dots (IPv4) can spell an address: Arabic-Indic
    digits, hexadecimal parts and names are not addresses."""
    found = parse_ip(host)
    assert (None if found is None else str(found)) == address


def test_tld_list_and_address_kinds() -> None:
    tlds = delegated_tlds()
    assert {"com", "kr", "dot", "google", "xn--3e0b707e"} <= tlds and "dott" not in tlds
    kinds = {a: address_kind(ipaddress.ip_address(a)) for a in
             ("8.8.8.8", "127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:127.0.0.1",
              "fe80::1", "0.0.0.0")}
    assert kinds == {"8.8.8.8": None, "127.0.0.1": "loopback", "10.1.2.3": "private",
                     "169.254.169.254": "link-local", "::1": "loopback",
                     "::ffff:127.0.0.1": "loopback", "fe80::1": "link-local",
                     "0.0.0.0": "unspecified"}


def test_links_section_is_validated() -> None:
    with pytest.raises(ConfigError, match="did you mean `timeout`"):
        lint_text("x\n", config={"links": {"timeuot": 3}})
    with pytest.raises(ConfigError, match="not a regular expression"):
        lint_text("x\n", config={"links": {"exclude": ["("]}})
    with pytest.raises(ConfigError, match="allow-networks"):
        lint_text("x\n", config={"links": {"allow_networks": ["not-an-address"]}})
    settings = LinkSettings(headers={"github.com": {"Authorization": "Bearer ${TOKEN}"}})
    assert settings.headers_for("api.github.com", {"TOKEN": "t"}) == {"Authorization": "Bearer t"}
    assert settings.headers_for("api.github.com", {}) == {}


def test_autolinked_code_only_for_editor_shaped_links() -> None:
    text = ("[np.dot](http://np.dot) [tf.data](http://tf.data/) [google.com](http://google.com) "
            "[np.dot](https://np.dot) [x](http://np.dot) [a.b.c](http://a.b.c)\n")
    found = lint_text(text, select=["LK007"])
    assert [(d.column, d.fix is not None and not d.fix.safe) for d in found] == [(10, True), (35, True)]


def test_cache_expires_and_skips_transient_results(tmp_path: Path) -> None:
    now = [1000.0]
    cache = LinkCache(tmp_path, max_age=60, clock=lambda: now[0])
    cache.put(RemoteResult("https://a.example.org/", status=200))
    cache.put(RemoteResult("https://b.example.org/", status=429, transient=True))
    cache.save()
    later = LinkCache(tmp_path, max_age=60, clock=lambda: now[0] + 30)
    assert later.get("https://a.example.org/") is not None
    assert later.get("https://b.example.org/") is None
    assert LinkCache(tmp_path, max_age=60, clock=lambda: now[0] + 61).get("https://a.example.org/") is None


def test_progress_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    plain = io.StringIO()
    p = Progress(3, True, plain)
    p.advance(3)
    p.close()
    assert plain.getvalue() == ""
    tty = Tty()
    p = Progress(2, True, tty)
    p.advance(2)
    p.close()
    assert "Checking links      2/2" in tty.getvalue()
    off = Tty()
    Progress(2, False, off).advance(2)
    assert off.getvalue() == ""
