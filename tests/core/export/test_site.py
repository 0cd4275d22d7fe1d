"""The html profile's pages keep a writer's ordinary HTML and nothing that acts on the page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from editor.core.export import plan_export, write_export
from editor.core.library.library import Library
from editor.core.render.safehtml import LOCAL_FRAME_SANDBOX, REMOTE_FRAME_SANDBOX, safe_site_html

HOSTILE = Path(__file__).resolve().parents[2] / "data" / "hostile" / "html-takes-over-page"
CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


@pytest.fixture
def page(tmp_path: Path) -> str:
    """The exported page of the hostile post that tries to take over the page around it."""
    library = Path(shutil.copytree(HOSTILE, tmp_path / "library"))
    plan = plan_export(Library.scan(library), tmp_path / "site", profile="html")
    assert not plan.errors, [str(problem) for problem in plan.errors]
    write_export(plan)
    return (tmp_path / "site/posts/html-takes-over-page/index.html").read_text("utf-8")


def _body(page: str) -> str:
    return page.split('<div id="post-body" class="post-body">', 1)[1].split("</article>", 1)[0]


def test_nothing_in_a_post_redirects_or_rebases_the_page(page: str) -> None:
    body = _body(page).lower()
    for hostile in ("<meta", "<base", "<link", "<style", "<form", "<object", "<embed"):
        assert hostile not in body
    assert "evil.example" not in page
    assert page.lower().count("<meta") == 4  # the page's own: charset, viewport, generator, CSP


def test_no_script_event_handler_or_javascript_url_is_kept(page: str) -> None:
    body = _body(page).lower()
    assert "<script" not in body
    assert "javascript" not in body
    assert "srcdoc" not in body
    assert not re.search(r"\son[a-z]+=", body)
    assert "position" not in body and "url(" not in body


def test_every_frame_is_sandboxed(page: str) -> None:
    frames = re.findall(r"<iframe\b[^>]*>", _body(page))
    assert frames == [
        f'<iframe data-line="16" src="drawing.svg" sandbox="{LOCAL_FRAME_SANDBOX}">',
        '<iframe data-line="36" src="https://www.youtube-nocookie.com/embed/xyz"'
        f' allowfullscreen sandbox="{REMOTE_FRAME_SANDBOX}">',
    ]
    assert "allow-scripts" not in LOCAL_FRAME_SANDBOX


def test_the_page_policy_covers_frames_objects_base_and_forms(page: str) -> None:
    policy = CSP.search(page)
    assert policy is not None
    directives = {part.split()[0]: part.split()[1:] for part in policy.group(1).split("; ")}
    assert directives["script-src"] == ["'none'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["form-action"] == ["'none'"]
    assert directives["frame-src"] == directives["child-src"] == ["'self'", "https:"]


def test_a_writers_ordinary_html_stays(page: str) -> None:
    body = _body(page)
    assert (
        '<figure data-line="28"><img src="https://example.com/photo.jpg" alt="A photo">'
        "<figcaption>A figure</figcaption></figure>" in body
    )
    assert '<details data-line="30"><summary>More</summary>Hidden text</details>' in body
    assert '<table data-line="32"><tr><th>a</th><td>b</td></tr></table>' in body
    assert '<video src="https://example.com/clip.mp4" controls></video>' in body
    assert "H<sub>2</sub>O, x<sup>2</sup>, <kbd>Ctrl</kbd>+<kbd>S</kbd>" in body
    assert "Over everything" in body  # the text stays where its element goes
    assert "sneaky link</a>" in body


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ("<p>a &amp; b &lt;c&gt; &#x27;</p>", "<p>a &amp; b &lt;c&gt; &#x27;</p>"),
        ("<div>unclosed <b>bold", "<div>unclosed <b>bold</b></div>"),
        ("</div></article><p>out</p>", "<p>out</p>"),  # never closes the page's elements
        ('<img src="data:image/svg+xml,<svg>" alt="x">', '<img alt="x">'),
        ('<img src="data:image/png;base64,AAAA">', '<img src="data:image/png;base64,AAAA">'),
        ('<p style="color: red; margin-top: -900px">x</p>', '<p style="color: red">x</p>'),
        ("<svg><text>drawn</text></svg>after", "after"),
        ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", ""),
        (
            '<input type="text" value="x"><input type="checkbox" checked>',
            '<input type="checkbox" checked disabled="disabled">',
        ),
        (
            '<a href="mailto:ann@example.com" target="_top">mail</a>',
            '<a href="mailto:ann@example.com">mail</a>',
        ),
        ('<iframe src="http://example.com/"></iframe>', ""),  # the CSP would block it anyway
    ],
)
def test_the_allow_list_on_its_own(markup: str, expected: str) -> None:
    assert safe_site_html(markup) == expected
