"""The rendering figures: the long post rendered whole, one character typed into it, cmark-gfm.

    python benchmarks/render_speed.py [--json] [--quick] [--only render,cmark]

full_render_ms (a fresh Renderer, nothing cached), edit_to_html_ms and edit_ratio (what the
window does after one more character in the middle of the post), cmark_ms (the cmark-gfm C
renderer on the same body, a baseline).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import generate
from figures import Report, Unavailable, main, measuring, median, progress, timed

GROUPS = ("render", "cmark")


def measure(report: Report, groups: tuple[str, ...], runs: dict[str, int], work: Path) -> None:
    """Take the rendering figures of ``groups`` on the generated long post."""
    post = generate.big_post()
    if "render" in groups:
        progress("rendering the long post")
        with measuring(report, ("full_render_ms",)):
            measure_full_render(report, runs, post.text)
        with measuring(report, ("edit_to_html_ms", "edit_ratio")):
            measure_edit(report, runs, post.text, post.edit_line)
    if "cmark" in groups:
        progress("cmark-gfm")
        with measuring(report, ("cmark_ms",)):
            from editor.core.document.post import Post

            measure_cmark(report, runs, Post.from_text(post.text).body)


def measure_full_render(report: Report, runs: dict[str, int], text: str) -> None:
    """full_render_ms: the long post through a fresh Renderer, nothing cached."""
    from editor.core.document.post import Post
    from editor.core.render import renderer as render

    post = Post.from_text(text)

    def full_render() -> str:
        _clear_highlight_caches()
        return render.Renderer().render_body(post.body, post.body_line).html

    full_render()  # warm-up: imports, lexers, Markdown set-up
    report.details["full_render_empties"] = _clear_highlight_caches()
    report.figures["full_render_ms"] = median([timed(full_render) for _ in range(runs["render"])])
    report.runs["full_render_ms"] = runs["render"]


def measure_edit(report: Report, runs: dict[str, int], text: str, edit_line: int) -> None:
    """edit_to_html_ms and edit_ratio: one more character typed in the middle of the post."""
    from editor.core.document.post import Post
    from editor.core.render import renderer as render

    lines = text.split("\n")
    column = len(lines[edit_line - 1]) // 2
    typed = "benchmark" * 10
    warm_up = 2
    last = warm_up + runs["edit"]

    def edited(count: int) -> str:
        """The post after typing ``count`` characters in the middle of the edit line."""
        line = lines[edit_line - 1]
        changed = line[:column] + typed[:count] + line[column:]
        return "\n".join([*lines[: edit_line - 1], changed, *lines[edit_line:]])

    def body_only(renderer: Any, new_text: str) -> str:
        post = Post.from_text(new_text)
        return renderer.render_body(post.body, post.body_line).html

    def typing_times(step: Callable[[Any, str], object], renderer: Any) -> list[float]:
        """One keystroke after another, each timed; the post was open (rendered) before."""
        step(renderer, text)
        for count in range(1, warm_up + 1):
            step(renderer, edited(count))
        return [timed(step, renderer, edited(count)) for count in range(warm_up + 1, last + 1)]

    body_renderer = render.Renderer()
    report.details["edit_body_only_ms"] = median(typing_times(body_only, body_renderer))
    if body_only(body_renderer, edited(last)) != body_only(render.Renderer(), edited(last)):
        report.notes["edit_to_html_ms"] = "incremental HTML differs from a full render!"

    make_renderer, step, how = _window_render_step()
    report.details["edit_measures"] = how
    times = typing_times(step, make_renderer())
    report.figures["edit_to_html_ms"] = median(times)
    report.runs["edit_to_html_ms"] = runs["edit"]
    full = report.figures["full_render_ms"]
    if full is None:
        raise Unavailable("edit_ratio needs full_render_ms")  # keeps edit_to_html_ms
    report.figures["edit_ratio"] = round(median(times) / full, 4)
    report.runs["edit_ratio"] = runs["edit"]


def _clear_highlight_caches() -> list[str]:
    """Empty the process-wide caches of highlighted code, so a render is a first render.

    A fresh Renderer starts empty, but highlighted code is cached per process (by language and
    content); without this, every "full" render after the first would skip Pygments.
    """
    emptied = []
    for name, module in list(sys.modules.items()):
        if not name.startswith("editor.core"):
            continue
        for attribute, value in vars(module).items():
            if "highlight" in attribute and callable(getattr(value, "cache_clear", None)):
                value.cache_clear()
                emptied.append(f"{name}.{attribute}")
    return sorted(set(emptied))


def _window_render_step() -> tuple[Callable[[], Any], Callable[[Any, str], object], str]:
    """What the window does with the text after an edit (``editor.core.render.docrender``).

    Returns a factory for the renderer it keeps per document, the step run after each edit,
    and a description of what is measured.
    """
    from editor.core.render import docrender
    from editor.core.render.dialects import default_dialect

    def window_step(renderer: Any, text: str) -> object:
        # The html site's dialect, the one the full-render baseline measures too.
        return docrender.render_document(renderer, text, None, 0, default_dialect("html")).body.html

    return docrender.DocumentRenderer, window_step, "docrender.render_document(DocumentRenderer)"


def measure_cmark(report: Report, runs: dict[str, int], body: str) -> None:
    """cmark_ms: the cmark-gfm C renderer on the same body."""
    try:
        import cmarkgfm
    except ImportError as error:
        raise Unavailable(f"cmarkgfm is not installed ({error})") from None
    convert = cmarkgfm.github_flavored_markdown_to_html
    convert(body)
    report.figures["cmark_ms"] = median(
        [timed(lambda: convert(body)) for _ in range(runs["cmark"])]
    )
    report.runs["cmark_ms"] = runs["cmark"]


if __name__ == "__main__":
    sys.exit(main("Measure Postdesk's rendering figures.", [sys.modules[__name__]]))
