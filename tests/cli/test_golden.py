"""Golden HTML: each sample document's ``postdesk render --fragment --profile P`` output, per
blog dialect, checked in (``tests/core/golden/<profile>/<slug>.html``).

A change to rendering shows up here as a readable diff. After an intended change, rewrite
the files with ``POSTDESK_UPDATE_GOLDEN=1 pytest tests/cli/test_golden.py`` and review the
diff before committing.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from editor.cli import main
from editor.core.document.post import Post
from editor.core.render.dialects import DIALECTS

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_posts"
GOLDEN = ROOT / "tests" / "core" / "golden"
UPDATE = os.environ.get("POSTDESK_UPDATE_GOLDEN") == "1"


def documents() -> dict[str, Path]:
    """Every sample document by slug (the golden file's name)."""
    found: dict[str, Path] = {}
    for path in sorted(SAMPLES.rglob("*.md")):
        slug = Post.load(path).slug
        assert slug not in found, f"two sample documents share the slug {slug!r}"
        found[slug] = path
    return found


@pytest.mark.parametrize("profile", DIALECTS)
@pytest.mark.parametrize("slug", sorted(documents()))
def test_fragment_matches_golden(
    capsys: pytest.CaptureFixture[str], slug: str, profile: str
) -> None:
    path = documents()[slug]
    assert main(["render", str(path), "--fragment", "--profile", profile]) == 0
    rendered = capsys.readouterr().out
    golden = GOLDEN / profile / f"{slug}.html"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(rendered, encoding="utf-8", newline="")
        return
    if not golden.exists():
        pytest.fail(f"{golden} is missing: run POSTDESK_UPDATE_GOLDEN=1 pytest {__file__}")
    expected = golden.read_text(encoding="utf-8")
    if rendered != expected:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            rendered.splitlines(keepends=True),
            fromfile=str(golden.relative_to(ROOT)),
            tofile=f"postdesk render --fragment --profile {profile} {path.relative_to(ROOT)}",
        )
        pytest.fail("rendering changed:\n" + "".join(diff), pytrace=False)


@pytest.mark.parametrize("profile", DIALECTS)
def test_every_golden_file_has_its_sample_document(profile: str) -> None:
    folder = GOLDEN / profile
    if UPDATE:
        expected = {folder / f"{slug}.html" for slug in documents()}
        for stale in set(folder.glob("*.html")) - expected:
            stale.unlink()
    assert {path.stem for path in folder.glob("*.html")} == set(documents())
