"""The blog fidelity measurement of benchmarks/fidelity.py: blocks as a reader sees them, their
alignment, the corpus and the report; and each real engine on one tiny post where installed."""

from __future__ import annotations

import json
import re

import pytest

from editor.core.document.post import Post
from tests.benchmarks.scripts import load_script

fidelity = load_script("fidelity")

TINY_POST = """\
---
title: "A Tiny Post"
date: "2024-01-02T10:00:00+01:00"
---
He said "yes" -- twice.

| a | b |
|---|--:|
| 1 | 2 |
"""


def _write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- blocks a reader sees ---------------------------------------------------------------------


def test_blocks_differing_only_in_unseen_markup_are_the_same():
    postdesk = (
        '<h2 data-line="3" id="the-fix">The fix</h2>\n'
        '<pre class="highlight" data-line="5"><code class="language-python">'
        '<span class="k">def</span> <span class="nf">f</span>(): pass\n</code></pre>\n'
        '<table><tr><th style="text-align: right">n</th></tr></table>\n'
        '<p>A note<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup>.</p>'
    )
    jekyll = (
        '<h2 id="the-fix-1">The fix</h2>\n\n'
        '<div class="language-python highlighter-rouge"><div class="highlight">'
        '<pre class="highlight"><code><span class="k">def</span> '
        '<span class="nf">f</span>(): pass\n'
        "</code></pre></div></div>\n"
        "<!-- raw HTML omitted -->\n"
        '<table>\n  <tr>\n    <th align="right">n</th>\n  </tr>\n</table>\n'
        '<p>A note<sup role="doc-noteref"><a href="#fn-1" rel="footnote">1</a></sup>.</p>\n'
    )
    assert fidelity.reader_blocks(postdesk) == fidelity.reader_blocks(jekyll)
    assert len(fidelity.reader_blocks(postdesk)) == 4


def test_what_a_reader_sees_still_differs():
    def differ(one, other):
        return fidelity.reader_blocks(one) != fidelity.reader_blocks(other)

    assert differ('<p>He said "yes"</p>', "<p>He said “yes”</p>")
    assert differ('<img src="a.png" alt="x">', '<img src="b.png" alt="x">')
    assert differ('<a href="/posts/a">a</a>', '<a href="{% post_url a %}">a</a>')
    assert differ('<td align="left">1</td>', '<td style="text-align:right">1</td>')
    assert differ("<ul><li>a</li></ul>", "<ul><li><p>a</p></li></ul>")
    assert differ("<details><p>a</p></details>", "<p>a</p>")


def test_only_top_level_elements_and_text_make_blocks():
    html = (
        "<ul>\n<li>one<ul><li>nested</li></ul></li>\n<li>two</li>\n</ul>\n"
        "<hr>\n"
        "\\[x^2\\]\n"  # kramdown's display math: text at the top level
        "<p>after</p>\n"
    )
    assert fidelity.reader_blocks(html) == [
        "<ul><li>one<ul><li>nested</li></ul></li><li>two</li></ul>",
        "<hr>",
        "\\[x^2\\]",
        "<p>after</p>",
    ]


def test_a_block_postdesk_adds_or_drops_counts_against_it():
    result = fidelity.compare_blocks("post", ["a", "b", "c"], ["a", "x", "c", "d"])
    assert (result.blocks, result.same) == (4, 2)
    assert result.differences == [("b", "x"), ("", "d")]
    dropped = fidelity.compare_blocks("post", ["a", "b", "c"], ["a", "c"])
    assert (dropped.blocks, dropped.same) == (3, 2)
    assert dropped.differences == [("b", "")]


# --- the corpus -------------------------------------------------------------------------------


def test_a_post_goes_to_every_blog_unless_its_front_matter_names_some(tmp_path):
    _write(tmp_path, "2024-01-01-everywhere.md", TINY_POST)
    _write(
        tmp_path,
        "2024-01-02-liquid.md",
        TINY_POST.replace("---\nHe", "fidelity_targets: [jekyll]\n---\nHe"),
    )
    posts = fidelity.read_corpus(tmp_path)
    assert [(post.name, sorted(post.targets)) for post in posts] == [
        ("2024-01-01-everywhere", ["html", "hugo", "jekyll", "nextjs"]),
        ("2024-01-02-liquid", ["jekyll"]),
    ]


@pytest.mark.parametrize(
    ("name", "text", "complaint"),
    [
        (
            "2024-01-01-a.md",
            TINY_POST.replace("---\nHe", "fidelity_targets: [gatsby]\n---\nHe"),
            "gatsby",
        ),
        ("a-post.md", TINY_POST, "YYYY-MM-DD-slug.md"),
    ],
)
def test_a_corpus_post_the_harness_cannot_place_is_named(tmp_path, name, text, complaint):
    _write(tmp_path, name, text)
    with pytest.raises(ValueError, match=re.escape(complaint)) as raised:
        fidelity.read_corpus(tmp_path)
    assert name in str(raised.value)


def test_the_corpus_gives_each_engine_only_what_it_understands():
    posts = fidelity.read_corpus(fidelity.DEFAULT_CORPUS)
    assert 10 <= len(posts) <= 15
    for post in posts:
        text = post.path.read_text(encoding="utf-8")
        assert 60 <= text.count("\n") <= 200, post.name
        document = Post.load(post.path)
        assert document.title and document.date is not None, post.name
        if "{%" in text or "{{ site." in text or "\n{:" in text:
            assert post.targets == {"jekyll"}, f"{post.name}: Liquid or kramdown, Jekyll only"
        if "{{<" in text:
            assert post.targets == {"hugo"}, f"{post.name}: Hugo shortcodes, Hugo only"
    for target in fidelity.TARGETS:
        assert sum(target in post.targets for post in posts) >= 7, target


# --- the report -------------------------------------------------------------------------------


@pytest.fixture
def one_post_corpus(tmp_path, monkeypatch):
    """A corpus of one two-paragraph post, and an html engine that shows only its first one."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    post = _write(corpus, "2024-01-01-hello.md", TINY_POST.split("|")[0] + "\nMore.\n")
    monkeypatch.setitem(
        fidelity.RENDER_WITH_ENGINE,
        "html",
        lambda posts, work: {p.name: '<p>He said "yes" -- twice.</p>' for p in posts},
    )
    return post


def test_the_report_prints_each_blogs_share_and_the_differing_blocks(one_post_corpus, capsys):
    status = fidelity.main(
        ["--target", "html", "--corpus", str(one_post_corpus.parent), "--show-diffs"]
    )
    out = capsys.readouterr().out
    assert status == 0
    assert re.search(r"^html\s+1\s+2\s+1\s+50\.0%", out, re.MULTILINE)
    assert "postdesk: <p>More.</p>" in out
    assert "html:     (none)" in out


def test_the_json_report_is_one_object(one_post_corpus, capsys):
    fidelity.main(["--target", "html", "--corpus", str(one_post_corpus.parent), "--json"])
    report = json.loads(capsys.readouterr().out)
    html = report["targets"]["html"]
    assert (html["posts"], html["blocks"], html["same"], html["share"]) == (1, 2, 1, 0.5)
    assert html["per_post"][0]["differences"] == [{"engine": "", "postdesk": "<p>More.</p>"}]


def test_each_blog_is_rendered_in_its_own_dialect(one_post_corpus, monkeypatch, capsys):
    calls = []

    def postdesk(arguments):
        calls.append(arguments)
        return 0, '<p>He said "yes" -- twice.</p>', ""

    monkeypatch.setattr(fidelity, "_postdesk", postdesk)
    fidelity.main(["--target", "html", "--corpus", str(one_post_corpus.parent)])
    assert ["render", str(one_post_corpus), "--fragment", "--profile", "html"] in calls
    out = capsys.readouterr().out
    assert re.search(r"^html\s+1\s+1\s+1\s+100\.0%", out, re.MULTILINE)


def test_a_blog_whose_engine_is_missing_is_not_measured_and_says_how_to_install_it(
    one_post_corpus, monkeypatch, capsys
):
    monkeypatch.setattr(fidelity.shutil, "which", lambda name: None)
    status = fidelity.main(["--target", "hugo", "--corpus", str(one_post_corpus.parent)])
    assert status == 1
    assert "hugo    not measured: hugo is not on PATH (apt-get install hugo)" in (
        capsys.readouterr().out
    )


# --- the real engines, where installed --------------------------------------------------------


TABLE = (
    '<table><thead><tr><th>a</th><th align="right">b</th></tr></thead>'
    '<tbody><tr><td>1</td><td align="right">2</td></tr></tbody></table>'
)


@pytest.mark.parametrize(
    ("target", "seen"),
    [
        # The blog-starter has no remark-gfm: the table stays text, the quotes straight.
        ("nextjs", ['<p>He said "yes" -- twice.</p>', "<p>| a | b | |---|--:| | 1 | 2 |</p>"]),
        ("hugo", ["<p>He said “yes” – twice.</p>", TABLE]),
        ("jekyll", ["<p>He said “yes” – twice.</p>", TABLE]),
        ("html", ['<p>He said "yes" -- twice.</p>', TABLE]),
    ],
)
def test_each_engine_renders_a_tiny_post_as_its_blog_shows_it(tmp_path, target, seen):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    _write(corpus, "2024-01-02-tiny.md", TINY_POST)
    (post,) = fidelity.read_corpus(corpus)
    work = tmp_path / "work"
    work.mkdir()
    try:
        html = fidelity.RENDER_WITH_ENGINE[target]([post], work)["2024-01-02-tiny"]
    except fidelity.EngineUnavailable as missing:
        pytest.skip(str(missing))
    assert fidelity.reader_blocks(html) == seen
    measured = fidelity.measure_target(target, [post], tmp_path / "again")
    (compared,) = measured.posts
    assert compared.blocks >= 2
    assert compared.same == compared.blocks - len(compared.differences)
