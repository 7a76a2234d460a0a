"""Which pipeline and math engine ``auto`` reads from a site's own configuration."""

from __future__ import annotations

from pathlib import Path

from notelint.api import lint_text
from notelint.site import clear_site_cache, site_of

SHARED = Path(__file__).parents[1].parent / "shared"


def _tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_jekyll_with_defaults_is_kramdown(tmp_path: Path) -> None:
    _tree(tmp_path, {"_config.yml": "title: x\ndefaults:\n  - scope: {path: ''}\n    values: {use_math: true}\n",
                     "_includes/mathjax.html": "<script src='mathjax/tex-chtml.js'></script>",
                     "_posts/2020-01-01-a.md": "x\n"})
    site = site_of(tmp_path / "_posts" / "2020-01-01-a.md")
    assert site is not None
    assert (site.generator, site.pipeline, site.engine) == ("jekyll", "kramdown", "mathjax")
    assert site.source == tmp_path / "_config.yml"
    assert site.engine_source == tmp_path / "_includes" / "mathjax.html"
    assert "no `markdown:` key" in site.reason


def test_jekyll_with_katex_engine(tmp_path: Path) -> None:
    _tree(tmp_path, {"_config.yml": "markdown: kramdown\nkramdown:\n  math_engine: katex\n"})
    site = site_of(tmp_path / "a.md")
    assert site is not None and (site.pipeline, site.engine) == ("kramdown", "katex")


def test_gatsby_with_katex_is_math_aware(tmp_path: Path) -> None:
    _tree(tmp_path, {"gatsby-config.js": "module.exports = {plugins: [{resolve: "
                     "'gatsby-plugin-mdx', options: {remarkPlugins: [require('remark-math')], "
                     "rehypePlugins: [require('rehype-katex')]}}]}\n"})
    site = site_of(tmp_path / "content" / "post" / "a.md")
    assert site is not None
    assert (site.generator, site.pipeline, site.engine) == ("gatsby", "math-aware", "katex")


def test_hugo_without_passthrough_is_gfm(tmp_path: Path) -> None:
    _tree(tmp_path, {"hugo.toml": "baseURL = 'https://x.org/'\n",
                     "layouts/partials/katex.html": "<link href='katex.min.css'>"})
    site = site_of(tmp_path / "content" / "docs" / "a.md")
    assert site is not None
    assert (site.generator, site.pipeline, site.engine) == ("hugo", "gfm", "katex")


def test_hugo_with_passthrough_is_math_aware(tmp_path: Path) -> None:
    _tree(tmp_path, {"config.toml": "baseURL = '/'\n[markup.goldmark.extensions.passthrough]\n"
                     "enable = true\n"})
    site = site_of(tmp_path / "content" / "a.md")
    assert site is not None and site.pipeline == "math-aware"


def test_mkdocs_with_arithmatex_is_math_aware(tmp_path: Path) -> None:
    _tree(tmp_path, {"mkdocs.yml": "markdown_extensions:\n  - pymdownx.arithmatex:\n"
                     "      generic: true\n"})
    site = site_of(tmp_path / "docs" / "a.md")
    assert site is not None and (site.generator, site.pipeline) == ("mkdocs", "math-aware")
    _tree(tmp_path, {"mkdocs.yml": "site_name: x\n"})
    clear_site_cache()
    site = site_of(tmp_path / "docs" / "a.md")
    assert site is not None and site.pipeline == "gfm"


def test_plain_repository_is_github(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    site = site_of(tmp_path / "week1" / "day1.md")
    assert site is not None and (site.generator, site.pipeline) == ("github", "github")


def test_no_repository_no_site(tmp_path: Path) -> None:
    assert site_of(tmp_path / "a.md") is None


def test_real_jekyll_site_in_notes_dev() -> None:
    note = SHARED / "notes-dev" / "jiyong-jeon" / "_posts" / "2022-09-20-Boostcamp-2days.md"
    assert note.is_file(), f"the shared notes-dev folder is missing: {note}"
    site = site_of(note)
    assert site is not None
    assert (site.pipeline, site.engine) == ("kramdown", "mathjax")
    assert site.engine_source is not None and site.engine_source.name == "js-selector.html"


def test_auto_uses_the_site(tmp_path: Path) -> None:
    _tree(tmp_path, {"_config.yml": "title: x\n"})
    note = tmp_path / "a.md"
    text = "A table cell $|x| < 1$ here\n"
    note.write_text(text, encoding="utf-8")
    found = [f"{d.span} {d.code}" for d in lint_text(text, path=str(note), select=["MA003"])]
    assert found == ["1:14-1:23 MA003"]
    found = [f"{d.span} {d.code}" for d in lint_text(text, path="<text>", select=["MA003"])]
    assert found == []


def _ma(text: str, path: Path, select: list[str], config: dict | None = None) -> list[str]:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return [f"{d.span} {d.code} {d.message}" for d in
            lint_text(text, path=str(path), select=select, config=config)]


def test_jekyll_mathjax_loader_without_dollar(tmp_path: Path) -> None:
    _tree(tmp_path, {"_config.yml": "title: x\n",
                     "_includes/head.html": "<script src='https://cdn/mathjax/2.7.5/MathJax.js"
                                            "?config=TeX-AMS_CHTML'></script>\n"})
    site = site_of(tmp_path / "a.md")
    assert site is not None and site.inline_dollar is False
    assert "no `$...$` inline" in site.reason
    # `$` is no delimiter on this site, so `$5 and $6` is plain text.
    assert _ma("It costs $5 and $6 here.\n", tmp_path / "a.md", ["MA006"]) == []


def test_jekyll_mathjax_loader_with_dollar_and_macros(tmp_path: Path) -> None:
    _tree(tmp_path, {"_config.yml": "title: x\n",
                     "_includes/mathjax.html": "<script>MathJax.Hub.Config({tex2jax: {inlineMath: "
                     "[['$','$'], ['\\\\(','\\\\)']], processEscapes: true}, TeX: {Macros: "
                     "{R: '{\\\\mathbb{R}}', KL: ['{D_{KL}(#1)}', 1]}}});</script>\n"})
    site = site_of(tmp_path / "_posts" / "a.md")
    assert site is not None and site.inline_dollar is True
    assert {"R", "KL"} <= set(site.macros)
    found = _ma("Take $x \\in \\R$, $\\KL{p}$ and $\\Q$.\n", tmp_path / "_posts" / "a.md",
                ["MA002"])
    assert [f.split(" ")[0] + " " + f.split(" ")[1] for f in found] == ["1:32-1:34 MA002"]


def test_gatsby_katex_checks_katex_names(tmp_path: Path) -> None:
    _tree(tmp_path, {"gatsby-config.js": "plugins: [{resolve: 'gatsby-transformer-remark', "
                     "options: {plugins: ['gatsby-remark-katex']}}, 'remark-math']\n"})
    found = _ma("Reals $\\R$ and $\\ohm$.\n", tmp_path / "content" / "a.md", ["MA002"])
    assert found == ["1:17-1:21 MA002 KaTeX does not know `\\ohm` (it shows the name in red); "
                     "did you mean `\\Omega`?"]


def test_engine_setting_wins(tmp_path: Path) -> None:
    text = "Reals $\\R$.\n"
    assert _ma(text, tmp_path / "a.md", ["MA002"],
               {"math": {"engine": "katex", "pipeline": "math-aware"}}) == []
    assert len(_ma(text, tmp_path / "a.md", ["MA002"],
                   {"math": {"engine": "mathjax", "pipeline": "math-aware"}})) == 1


def test_unknown_engine_is_a_configuration_error() -> None:
    import pytest

    from notelint.config import ConfigError

    with pytest.raises(ConfigError, match="unknown math engine `mathml`"):
        lint_text("x\n", config={"math": {"engine": "mathml"}})


def test_d2lbook_is_math_aware(tmp_path: Path) -> None:
    _tree(tmp_path, {"config.ini": "[project]\nname = book\n\n[build]\nnotebooks = *.md */*.md\n"})
    site = site_of(tmp_path / "chapter_one" / "intro.md")
    assert site is not None and (site.generator, site.pipeline) == ("d2lbook", "math-aware")
    assert site.source == tmp_path / "config.ini"


def test_site_command_shows_choice_engine_and_files(tmp_path: Path, monkeypatch, capsys) -> None:
    from notelint.cli import main

    monkeypatch.chdir(tmp_path)
    _tree(tmp_path, {"blog/_config.yml": "title: x\n",
                     "blog/_includes/katex.html": "<script src='katex.min.js'></script>\n",
                     "blog/_posts/a.md": "x\n",
                     "other/.notelint.toml": "[math]\npipeline = \"gfm\"\nengine = \"mathjax\"\n",
                     "other/b.md": "y\n"})
    assert main(["site", "blog/_posts/a.md", "other/b.md"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"blog/_posts/a.md: pipeline kramdown (from {tmp_path / 'blog' / '_config.yml'}), "
                               f"engine katex (from {tmp_path / 'blog' / '_includes' / 'katex.html'}): "
                               "Jekyll site")
    assert lines[1] == (f"other/b.md: pipeline gfm (from {tmp_path / 'other' / '.notelint.toml'}, "
                        f"[math] pipeline), engine mathjax (from "
                        f"{tmp_path / 'other' / '.notelint.toml'}, [math] engine)")
