"""The Hugo output builds with the real ``hugo`` binary, each post page showing its cover."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.core.export import plan_export, write_export
from editor.core.library.library import Library

HUGO = shutil.which("hugo")

CONFIG = """\
baseURL = "https://blog.example.com/sub/"
title = "Export test"
disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]
"""

# The cover as themes such as PaperMod show it: a page resource named by cover.image.
SINGLE = """\
<!DOCTYPE html>
<html><head><title>{{ .Title }}</title>{{ range .Params.images }}
<meta property="og:image" content="{{ . | absURL }}">{{ end }}</head>
<body><article>
{{ with .Params.cover }}{{ with $.Resources.GetMatch .image }}
<img src="{{ .RelPermalink }}" alt="{{ $.Params.cover.alt }}">{{ end }}
<figcaption>{{ $.Params.cover.caption | markdownify }}</figcaption>{{ end }}
<h1>{{ .Title }}</h1>
<time>{{ .Date.Format "2006-01-02T15:04:05-07:00" }}</time>
<p class="summary">{{ .Summary }}</p>
{{ .Content }}
</article></body></html>
"""

LIST = """\
<!DOCTYPE html>
<html><body>{{ range .Pages }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</body></html>
"""


@pytest.mark.skipif(HUGO is None, reason="hugo is not installed")
def test_hugo_builds_every_post_with_its_cover(samples: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "layouts" / "_default").mkdir(parents=True)
    (site / "hugo.toml").write_text(CONFIG, encoding="utf-8")
    (site / "layouts" / "_default" / "single.html").write_text(SINGLE, encoding="utf-8")
    (site / "layouts" / "_default" / "list.html").write_text(LIST, encoding="utf-8")
    plan = plan_export(Library.scan(samples), site, profile="hugo")
    assert not plan.errors, [str(problem) for problem in plan.errors]
    write_export(plan)

    assert HUGO is not None
    built = subprocess.run(
        [HUGO, "--source", str(site), "--destination", str(tmp_path / "public")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert built.returncode == 0, built.stderr + built.stdout
    assert "WARN" not in built.stderr + built.stdout, built.stderr + built.stdout
    for post in plan.posts:
        page = tmp_path / "public" / "posts" / post.slug / "index.html"
        html = page.read_text(encoding="utf-8")
        cover = re.search(r'<img src="([^"]+)" alt="([^"]*)">', html)
        assert cover is not None, page
        assert cover.group(1) == f"/sub/posts/{post.slug}/cover.jpg"
        assert cover.group(2)  # the alt text came through
        assert (tmp_path / "public" / "posts" / post.slug / "cover.jpg").is_file()
        og = f'content="https://blog.example.com/sub/posts/{post.slug}/cover.jpg"'
        assert og in html
        for src in re.findall(r'<img src="([^"/:]+)"', html):
            assert (page.parent / src).is_file(), (page, src)  # body images beside the page
