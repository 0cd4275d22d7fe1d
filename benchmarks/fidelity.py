"""Measure how closely the preview renders what the blogs render.

Two measurements:

- The GFM spec (no ``--target``): every example of
  ``../shared/fixtures/gfm-spec/examples.json`` goes through the preview's renderer
  (``editor.core.render.renderer.render_body``, block by block), through Python-Markdown with
  ``editor.core.render.mdext.extensions()`` alone, and through plain Python-Markdown
  (``extra`` + ``sane_lists``, the baseline); normalised HTML is compared
  (editor.core.render.mdext.htmlnorm: Pygments markup, ids and data-line set aside) and the
  pass rate is printed per section and overall, then the known differences with their reasons.
- The blogs (``--target``, issue 14): every post of ``benchmarks/fidelity_corpus`` meant for a
  blog is rendered by that blog's real engine and by Postdesk (``postdesk render FILE
  --fragment --profile P``); both bodies are split into the top-level blocks a reader sees
  (attribute-only differences forgiven), the two sequences are aligned, and the share of
  blocks that are the same is printed per blog. ``html`` adds the GFM spec figure.

    python benchmarks/fidelity.py [--spec PATH] [--json] [--failures SECTION]
    python benchmarks/fidelity.py --target nextjs|hugo|jekyll|html|all [--show-diffs] [--json]
"""

from __future__ import annotations

import argparse
import difflib
import io
import json
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from itertools import zip_longest
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import markdown

from editor import cli
from editor.core.document.post import Post
from editor.core.render.mdext import extensions
from editor.core.render.mdext.commonmark import DROPPED_HTML_MARK
from editor.core.render.mdext.htmlnorm import _VOID_TAGS as VOID_TAGS
from editor.core.render.mdext.htmlnorm import normalise_html
from editor.core.render.mdext.known_differences import KNOWN_DIFFERENCES, TARGET_SECTIONS
from editor.core.render.renderer import render_body

BENCHMARKS = Path(__file__).resolve().parent
DEFAULT_CORPUS = BENCHMARKS / "fidelity_corpus"
REMARK_RENDER = BENCHMARKS / "remark_render.mjs"
DEFAULT_SPEC = (
    Path(__file__).resolve().parent.parent.parent / "shared/fixtures/gfm-spec/examples.json"
)

Renderer = Callable[[str], str]


def mdext_renderer() -> Renderer:
    """Python-Markdown built with editor.core.render.mdext.extensions(), without block splitting."""
    md = markdown.Markdown(extensions=extensions())
    return lambda text: md.reset().convert(text)


def baseline_renderer() -> Renderer:
    """Plain Python-Markdown as most editors configure it."""
    md = markdown.Markdown(extensions=["extra", "sane_lists"])
    return lambda text: md.reset().convert(text)


@dataclass
class SectionScore:
    """Pass counts of one spec section."""

    name: str
    total: int = 0
    passed: int = 0
    mdext: int = 0
    baseline: int = 0
    failed: list[int] = field(default_factory=list)


def matches(render: Renderer, example: dict[str, Any]) -> bool:
    """Whether ``render`` produces the spec's HTML for ``example`` (after normalising)."""
    try:
        html = render(example["markdown"])
    except Exception:  # a crash is a failed example, reported like any other
        return False
    return normalise_html(html) == normalise_html(example["html"])


def score(examples: list[dict[str, Any]], renderers: dict[str, Renderer]) -> list[SectionScore]:
    """Pass counts per section, in spec order, for the preview, mdext alone and the baseline."""
    sections: dict[str, SectionScore] = {}
    for example in examples:
        section = sections.setdefault(example["section"], SectionScore(example["section"]))
        section.total += 1
        if matches(renderers["preview"], example):
            section.passed += 1
        else:
            section.failed.append(example["number"])
        section.mdext += matches(renderers["mdext"], example)
        section.baseline += matches(renderers["baseline"], example)
    return list(sections.values())


# --- the blogs (issue 14) --------------------------------------------------------------------

TARGETS = ("nextjs", "hugo", "jekyll", "html")

# What each target's real engine is, as the issue defines the blogs.
ENGINES = {
    "nextjs": "remark + remark-html, no remark-gfm (the Vercel blog-starter)",
    "hugo": "hugo: goldmark with Hugo's defaults",
    "jekyll": "jekyll: kramdown with Jekyll's defaults",
    "html": "cmark-gfm (cmarkgfm), raw HTML kept, footnotes",
}

# The smallest Hugo site that prints a post's body and nothing else, each post at /<file name>/.
HUGO_CONFIG = """\
baseURL = "https://example.org/"
disableKinds = ["home", "section", "taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]

[permalinks]
posts = "/:filename/"
"""
# The same for Jekyll: every post in the layout that prints only its body, at /<slug>/.
JEKYLL_CONFIG = """\
baseurl: ""
permalink: /:title/
future: true
defaults:
  - scope: {path: ""}
    values: {layout: body}
"""
_DATED_NAME = re.compile(r"\d{4}-\d{2}-\d{2}-(?P<slug>.+)")


class EngineUnavailable(Exception):
    """A blog's engine is not installed here; the message says how to install it."""


@dataclass(frozen=True)
class CorpusPost:
    """One post of the corpus and the blogs it is written for."""

    path: Path
    targets: frozenset[str]

    @property
    def name(self) -> str:
        """The file name without ``.md``, as the reports name the post."""
        return self.path.stem


def read_corpus(folder: Path) -> list[CorpusPost]:
    """Every ``*.md`` of ``folder``, by file name, with the blogs it is meant for.

    A post is meant for every blog unless its front matter limits it with
    ``fidelity_targets: [jekyll]``: a post with Liquid tags would mean nothing to Hugo, whose
    output would then measure nothing. Jekyll needs dated file names (``2024-05-01-slug.md``).
    """
    posts = []
    for path in sorted(folder.glob("*.md")):
        targets = Post.load(path).get("fidelity_targets") or list(TARGETS)
        unknown = sorted(set(targets) - set(TARGETS))
        if unknown:
            raise ValueError(f"{path}: fidelity_targets names no blog we measure: {unknown}")
        if not _DATED_NAME.fullmatch(path.stem):
            raise ValueError(f"{path}: name the post YYYY-MM-DD-slug.md, as Jekyll needs")
        posts.append(CorpusPost(path, frozenset(targets)))
    return posts


def _run(command: list[str]) -> str:
    """The standard output of ``command``; RuntimeError with its errors when it fails."""
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr or result.stdout}")
    return result.stdout


def _require_program(name: str, install: str) -> None:
    if shutil.which(name) is None:
        raise EngineUnavailable(f"{name} is not on PATH ({install})")


def _built_page(page: Path, post: CorpusPost) -> str:
    if not page.is_file():
        raise RuntimeError(f"{post.path}: the blog built no page at {page}")
    return page.read_text(encoding="utf-8")


def render_with_remark(posts: list[CorpusPost], work: Path) -> dict[str, str]:
    """The Vercel blog-starter's HTML of each post: ``remark().use(html)`` through node."""
    _require_program("node", "apt-get install nodejs npm")
    if not (BENCHMARKS / "node_modules" / "remark-html").is_dir():
        raise EngineUnavailable("remark is not installed (npm ci --prefix benchmarks)")
    files = [str(post.path) for post in posts]
    rendered = json.loads(_run(["node", str(REMARK_RENDER), "--json", *files]))
    return {post.name: rendered[file] for post, file in zip(posts, files, strict=True)}


def render_with_hugo(posts: list[CorpusPost], work: Path) -> dict[str, str]:
    """Hugo's HTML of each post: one site with the posts as content/posts, built once."""
    _require_program("hugo", "apt-get install hugo")
    site = work / "hugo"
    (site / "content" / "posts").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "config.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    for post in posts:
        shutil.copyfile(post.path, site / "content" / "posts" / post.path.name)
    public = site / "public"
    # Dates in the future, drafts and expiry would hide a post; the corpus measures them all.
    options = ["--quiet", "--buildDrafts", "--buildFuture", "--buildExpired"]
    _run(["hugo", *options, "--source", str(site), "--destination", str(public)])
    return {
        post.name: _built_page(public / post.name.lower() / "index.html", post) for post in posts
    }


def render_with_jekyll(posts: list[CorpusPost], work: Path) -> dict[str, str]:
    """Jekyll's HTML of each post: one site with the posts in _posts, built once."""
    _require_program("jekyll", "apt-get install jekyll")
    site = work / "jekyll"
    (site / "_posts").mkdir(parents=True)
    (site / "_layouts").mkdir()
    (site / "_config.yml").write_text(JEKYLL_CONFIG, encoding="utf-8")
    (site / "_layouts" / "body.html").write_text("{{ content }}", encoding="utf-8")
    for post in posts:
        shutil.copyfile(post.path, site / "_posts" / post.path.name)
    built = site / "_site"
    _run(["jekyll", "build", "--quiet", "--source", str(site), "--destination", str(built)])
    pages = {}
    for post in posts:
        match = _DATED_NAME.fullmatch(post.name)
        assert match is not None  # read_corpus refuses undated names
        pages[post.name] = _built_page(built / match["slug"] / "index.html", post)
    return pages


def render_with_cmark_gfm(posts: list[CorpusPost], work: Path) -> dict[str, str]:
    """cmark-gfm's HTML of each post's body, as a standalone HTML site publishes it."""
    try:
        import cmarkgfm  # type: ignore[import-not-found, unused-ignore]
        from cmarkgfm.cmark import Options  # type: ignore[import-not-found, unused-ignore]
    except ImportError:
        raise EngineUnavailable("cmarkgfm is not installed (pip install -e '.[bench]')") from None
    # The post's own HTML is the writer's on their own site, and GitHub renders footnotes.
    options = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES
    return {
        post.name: cmarkgfm.github_flavored_markdown_to_html(Post.load(post.path).body, options)
        for post in posts
    }


RENDER_WITH_ENGINE: dict[str, Callable[[list[CorpusPost], Path], dict[str, str]]] = {
    "nextjs": render_with_remark,
    "hugo": render_with_hugo,
    "jekyll": render_with_jekyll,
    "html": render_with_cmark_gfm,
}


def _postdesk(arguments: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        status = cli.main(arguments)
    return status, out.getvalue(), err.getvalue()


def render_with_postdesk(post: CorpusPost, profile: str) -> str:
    """Postdesk's body HTML of ``post``, in ``profile``'s dialect."""
    arguments = ["render", str(post.path), "--fragment", "--profile", profile]
    status, html, errors = _postdesk(arguments)
    if status:
        raise RuntimeError(f"postdesk {' '.join(arguments)} failed: {errors.strip()}")
    return html


# Wrappers a highlighter puts around <pre> (Rouge's <div class="language-x highlighter-rouge">,
# Jekyll's {% highlight %} <figure class="highlight">); htmlnorm already drops Pygments' div.
_CODE_WRAPPER_CLASSES = frozenset({"highlight", "highlighter-rouge"})
# The attributes that change what a reader sees or where a link takes them.
_SEEN_ATTRIBUTES = frozenset({"alt", "checked", "colspan", "start"})
_TEXT_ALIGN = re.compile(r"text-align:\s*(\w+)")


def _seen_attributes(attrs: list[tuple[str, str | None]]) -> str:
    """The attributes a reader notices, in one spelling, as ``<tag>`` text.

    Ids, classes, titles, roles, data and aria attributes and styles are forgiven: they differ
    between engines and are unseen (a title only on hover). A column's alignment is kept,
    written ``align="center"`` or ``style="text-align: center"``; in-page links (``#fn:1``)
    are forgiven with the ids they point at; other links and image sources compare without
    percent-encoding.
    """
    seen: dict[str, str] = {}
    for name, value in attrs:
        value = value or ""
        if name in ("align", "style"):
            align = _TEXT_ALIGN.search(value) if name == "style" else None
            if name == "align" or align:
                seen["align"] = align[1] if align else value
        elif name in ("href", "src"):
            if not value.startswith("#"):
                seen[name] = unquote(value)
        elif name in _SEEN_ATTRIBUTES:
            seen[name] = value
    return "".join(f' {name}="{escape(value)}"' for name, value in sorted(seen.items()))


class _ReaderBlocks(HTMLParser):
    """Splits normalised HTML into top-level blocks, keeping only what a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.depth = 0
        self.wrappers: list[bool] = []  # one per open div or figure: a highlighter's wrapper?

    def _add(self, text: str) -> None:
        if self.depth == 0:
            self.blocks.append("")
        self.blocks[-1] += text

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("div", "figure"):
            classes = set((dict(attrs).get("class") or "").split())
            self.wrappers.append(bool(classes & _CODE_WRAPPER_CLASSES))
            if self.wrappers[-1]:
                return
        self._add(f"<{tag}{_seen_attributes(attrs)}>")
        if tag not in VOID_TAGS:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("div", "figure") and self.wrappers and self.wrappers.pop():
            return
        if tag in VOID_TAGS or self.depth == 0:
            return
        self.depth -= 1
        self.blocks[-1] += f"</{tag}>"

    def handle_data(self, data: str) -> None:
        if self.depth or data.strip():
            self._add(escape(data, quote=False))

    # Comments (Hugo's "raw HTML omitted"), declarations and processing instructions are
    # unseen: HTMLParser drops them when these handlers are left as they are.


def reader_blocks(html: str) -> list[str]:
    """The top-level blocks of ``html`` as a reader sees them, comparable across engines.

    Whitespace, entities and Pygments markup are normalised (editor.core.render.mdext.htmlnorm),
    highlighter wrappers and comments dropped, and attributes a reader cannot see forgiven.
    """
    parser = _ReaderBlocks()
    # Where a blog drops raw HTML, Postdesk leaves an empty mark for the preview to label.
    html = DROPPED_HTML_MARK.sub("", html)
    # A formula reads the same as MathML (Postdesk) or as the TeX MathJax typesets on the blog.
    html = _MATHML.sub(_as_tex, html)
    parser.feed(normalise_html(html))
    parser.close()
    # A line break closing a code block, or a space between a checkbox and its label, shows
    # as nothing.
    blocks = [
        _UNSEEN_SPACE.sub(lambda m: m.group(1) or m.group(2), block) for block in parser.blocks
    ]
    return [block for block in blocks if block.strip()]


_UNSEEN_SPACE = re.compile(r"\n+(</code></pre>)|(<input[^>]*>) +")
_MATHML = re.compile(
    r'<math\b[^>]*display="(?P<display>block|inline)"[^>]*>.*?'
    r'<annotation encoding="application/x-tex">(?P<tex>.*?)</annotation>.*?</math>',
    re.DOTALL,
)


def _as_tex(formula: re.Match[str]) -> str:
    """The formula as kramdown hands it to MathJax: ``\\(…\\)`` inline, ``\\[…\\]`` displayed."""
    if formula.group("display") == "block":
        return f"\\[{formula.group('tex')}\\]"
    return f"\\({formula.group('tex')}\\)"


@dataclass
class PostFidelity:
    """One post's blocks: how many, how many a reader sees the same, and the differing pairs."""

    post: str
    blocks: int = 0
    same: int = 0
    # (the engine's block, Postdesk's block); "" where one side has no block there.
    differences: list[tuple[str, str]] = field(default_factory=list)


def compare_blocks(post: str, engine: list[str], postdesk: list[str]) -> PostFidelity:
    """Align the engine's blocks with Postdesk's and count the ones that are the same.

    A stretch that differs counts as many blocks as its longer side, so a block Postdesk
    drops and a block it adds both lower the share.
    """
    result = PostFidelity(post)
    matcher = difflib.SequenceMatcher(None, engine, postdesk, autojunk=False)
    for operation, e1, e2, p1, p2 in matcher.get_opcodes():
        if operation == "equal":
            result.same += e2 - e1
            result.blocks += e2 - e1
        else:
            result.blocks += max(e2 - e1, p2 - p1)
            result.differences += zip_longest(engine[e1:e2], postdesk[p1:p2], fillvalue="")
    return result


@dataclass
class TargetFidelity:
    """The figures of one blog over the corpus posts meant for it."""

    target: str
    posts: list[PostFidelity]

    @property
    def blocks(self) -> int:
        """Blocks compared over all posts."""
        return sum(post.blocks for post in self.posts)

    @property
    def same(self) -> int:
        """Blocks a reader sees the same over all posts."""
        return sum(post.same for post in self.posts)

    @property
    def share(self) -> float:
        """The share of blocks a reader sees the same, 0 to 1."""
        return self.same / self.blocks if self.blocks else 1.0


def measure_target(target: str, posts: Iterable[CorpusPost], work: Path) -> TargetFidelity:
    """Render the posts meant for ``target`` with its engine and with Postdesk in that blog's
    dialect; compare them. Raises EngineUnavailable when the engine is missing."""
    chosen = [post for post in posts if target in post.targets]
    if not chosen:
        return TargetFidelity(target, [])
    engine_html = RENDER_WITH_ENGINE[target](chosen, work)
    return TargetFidelity(
        target,
        [
            compare_blocks(
                post.name,
                reader_blocks(engine_html[post.name]),
                reader_blocks(render_with_postdesk(post, target)),
            )
            for post in chosen
        ],
    )


def spec_share(spec: Path) -> tuple[int, int]:
    """How many GFM spec examples the preview renders as the spec does, and of how many."""
    examples = json.loads(spec.read_text(encoding="utf-8"))
    passed = sum(matches(lambda text: render_body(text).html, example) for example in examples)
    return passed, len(examples)


def main(argv: list[str] | None = None) -> int:
    """Print the spec report, or with ``--target`` the blogs' report; see the module's doc."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=DEFAULT_SPEC, help="examples.json to run")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--failures", metavar="SECTION", help="show failing examples of a section")
    parser.add_argument(
        "--target", choices=(*TARGETS, "all"), help="measure against a blog's real engine"
    )
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="posts to measure")
    parser.add_argument("--show-diffs", action="store_true", help="print each differing block")
    args = parser.parse_args(argv)
    if args.target:
        return blogs_report(args)
    if not args.spec.is_file():
        parser.error(f"{args.spec}: GFM spec examples not found (give the file with --spec)")
    return spec_report(args)


def blogs_report(args: argparse.Namespace) -> int:
    """Print each blog's figures; exit status 1 when a blog's engine is not installed."""
    posts = read_corpus(args.corpus)
    targets = TARGETS if args.target == "all" else (args.target,)
    measured: dict[str, TargetFidelity] = {}
    unavailable: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="postdesk-fidelity-") as work:
        for target in targets:
            try:
                measured[target] = measure_target(target, posts, Path(work))
            except EngineUnavailable as missing:
                unavailable[target] = str(missing)
    spec = spec_share(args.spec) if "html" in measured and args.spec.is_file() else None

    if args.json:
        report: dict[str, Any] = {
            "corpus": str(args.corpus),
            "targets": {
                name: {
                    "engine": ENGINES[name],
                    "posts": len(result.posts),
                    "blocks": result.blocks,
                    "same": result.same,
                    "share": round(result.share, 4),
                    "per_post": [
                        {
                            "post": post.post,
                            "blocks": post.blocks,
                            "same": post.same,
                            "differences": [
                                {"engine": engine, "postdesk": postdesk}
                                for engine, postdesk in post.differences
                            ],
                        }
                        for post in result.posts
                    ],
                }
                for name, result in measured.items()
            },
            "unavailable": unavailable,
        }
        if spec is not None:
            report["targets"]["html"]["gfm_spec"] = {
                "examples": spec[1],
                "passed": spec[0],
                "share": round(spec[0] / spec[1], 4),
            }
        json.dump(report, sys.stdout, indent=2)
        print()
        return 1 if unavailable else 0

    print(f"Blocks a reader sees the same, Postdesk against each blog ({len(posts)} posts in")
    print(f"{args.corpus}); attribute-only differences forgiven")
    print(f"\n{'blog':<7} {'posts':>5} {'blocks':>6} {'same':>6} {'share':>7}  engine")
    for name, result in measured.items():
        print(
            f"{name:<7} {len(result.posts):>5} {result.blocks:>6} {result.same:>6} "
            f"{100 * result.share:6.1f}%  {ENGINES[name]}"
        )
    for name, reason in unavailable.items():
        print(f"{name:<7} not measured: {reason}")
    if spec is not None:
        passed, examples = spec
        share = 100 * passed / examples
        print(f"\nhtml, the GFM spec: {passed} of {examples} examples the same ({share:.1f}%)")
    elif "html" in measured:
        print(f"\nhtml, the GFM spec: not measured, no examples at {args.spec} (give --spec)")
    print("\ngoal (issue 14): at least 95% on every blog, and 99% of the GFM spec for html")
    if args.show_diffs:
        for name, result in measured.items():
            for post in result.posts:
                for engine, postdesk in post.differences:
                    print(f"\n--- {name}, {post.post} ({post.same} of {post.blocks} the same)")
                    print(f"  {name + ':':<9} {_shortened(engine)}")
                    print(f"  postdesk: {_shortened(postdesk)}")
    return 1 if unavailable else 0


def _shortened(block: str, limit: int = 400) -> str:
    """A block as one line, cut at ``limit`` characters; "(none)" for a missing block."""
    line = block.replace("\n", "\\n")
    if not line:
        return "(none)"
    return line if len(line) <= limit else line[: limit - 1] + "…"


def spec_report(args: argparse.Namespace) -> int:
    """Print the GFM spec figures per section; exit status 0."""
    examples = json.loads(args.spec.read_text(encoding="utf-8"))
    renderers = {
        "preview": lambda text: render_body(text).html,
        "mdext": mdext_renderer(),
        "baseline": baseline_renderer(),
    }
    sections = score(examples, renderers)
    total = sum(s.total for s in sections)
    passed = sum(s.passed for s in sections)
    mdext = sum(s.mdext for s in sections)
    baseline = sum(s.baseline for s in sections)
    failed = {n for s in sections for n in s.failed}
    unexpected = sorted(failed - KNOWN_DIFFERENCES.keys())
    fixed = sorted(KNOWN_DIFFERENCES.keys() - failed)

    if args.json:
        report = {
            "sections": [
                {
                    "section": s.name,
                    "examples": s.total,
                    "passed": s.passed,
                    "mdext_passed": s.mdext,
                    "baseline_passed": s.baseline,
                    "target": s.name in TARGET_SECTIONS,
                    "failed": s.failed,
                }
                for s in sections
            ],
            "overall": {
                "examples": total,
                "passed": passed,
                "mdext_passed": mdext,
                "baseline_passed": baseline,
            },
            "known_differences": {str(n): r for n, r in sorted(KNOWN_DIFFERENCES.items())},
            "unexpected_failures": unexpected,
            "known_differences_now_passing": fixed,
        }
        json.dump(report, sys.stdout, indent=2)
        print()
        return 0

    print(f"GFM spec examples: {args.spec}")
    print("preview: editor.core.render.renderer.render_body; mdext: the extensions alone, unsplit;")
    print("baseline: plain Python-Markdown with extra + sane_lists\n")
    print(f"{'section':<40} {'n':>4} {'preview':>13} {'mdext':>13} {'baseline':>13}")

    def cell(count: int, of: int) -> str:
        return f"{count:>5} {100 * count / of:6.1f}%" if of else f"{count:>5}"

    for s in sections:
        mark = "*" if s.name in TARGET_SECTIONS else " "
        print(
            f"{mark}{s.name:<39} {s.total:>4} {cell(s.passed, s.total)} "
            f"{cell(s.mdext, s.total)} {cell(s.baseline, s.total)}"
        )
    print(
        f" {'overall':<39} {total:>4} {cell(passed, total)} {cell(mdext, total)} "
        f"{cell(baseline, total)}"
    )
    print("\n* target section (issue 8: at least 90% each, 85% overall)")
    print(f"\nknown differences ({len(KNOWN_DIFFERENCES)}):")
    for number, reason in sorted(KNOWN_DIFFERENCES.items()):
        print(f"  {number:>4}  {reason}")
    if unexpected:
        print(f"\nfailing, not in the known differences: {' '.join(map(str, unexpected))}")
    if fixed:
        print(f"\nknown differences that now pass: {' '.join(map(str, fixed))}")
    if args.failures:
        for example in examples:
            if example["section"].startswith(args.failures) and example["number"] in failed:
                print(f"\n--- example {example['number']} ({example['section']})")
                print("markdown:", repr(example["markdown"]))
                print("expected:", normalise_html(example["html"]))
                print("actual:  ", normalise_html(render_body(example["markdown"]).html))
    return 0


if __name__ == "__main__":
    sys.exit(main())
