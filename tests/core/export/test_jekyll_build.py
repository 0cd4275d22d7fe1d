"""The Jekyll output builds with the real ``jekyll`` (when installed), on a project-site
baseurl too: each post page has its cover, body images resolve, Liquid in code stays text."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from editor.core.export import plan_export, write_export
from editor.core.library.library import Library
from tests.core.export.builders import make_library

JEKYLL = shutil.which("jekyll")

CONFIG = """\
title: Export test
url: https://blog.example.com
baseurl: /sub
permalink: /:year/:month/:day/:title/
exclude: [".postdesk"]
"""

POST_LAYOUT = """\
<!DOCTYPE html>
<html><head><title>{{ page.title }}</title></head><body><article>
{% if page.image %}<img class="cover" src="{{ page.image | relative_url }}"
alt="Cover Image for {{ page.title }}">{% endif %}
<h1>{{ page.title }}</h1>
{{ content }}
</article></body></html>
"""


@pytest.mark.skipif(JEKYLL is None, reason="jekyll is not installed")
def test_jekyll_builds_every_post_with_its_images(samples: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "_layouts").mkdir(parents=True)
    (site / "_config.yml").write_text(CONFIG, encoding="utf-8")
    (site / "_layouts" / "post.html").write_text(POST_LAYOUT, encoding="utf-8")
    library = samples
    shutil.copytree(make_library(tmp_path / "small"), library, dirs_exist_ok=True)
    plan = plan_export(Library.scan(library), site, profile="jekyll")
    assert not plan.errors, [str(problem) for problem in plan.errors]
    write_export(plan)

    assert JEKYLL is not None
    built = subprocess.run(
        [JEKYLL, "build", "--source", str(site), "--destination", str(tmp_path / "_site")],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr + built.stdout
    pages = {page.parent.name: page for page in (tmp_path / "_site").rglob("index.html")}
    for post in plan.posts:
        text = pages[post.slug].read_text(encoding="utf-8")
        assert f'<img class="cover" src="/sub/assets/images/{post.slug}/cover.' in text
        for src in re.findall(r'<img[^>]*src="([^"]+)"', text):
            assert src.startswith("/sub/"), src
            assert (tmp_path / "_site" / src.removeprefix("/sub/")).is_file(), src
    code = pages["shipping-part-1"].read_text(encoding="utf-8")
    assert "{{ not liquid }}" in code
