"""``postdesk export`` and ``postdesk import``: plan, dry run, exit status, summary, round trip."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from editor.cli import main
from tests.core.export.builders import PNG, make_library, mtimes, tree, write_post

ROOT = Path(__file__).resolve().parents[2]
HOSTILE = ROOT / "tests" / "data" / "hostile"
SAMPLES = ROOT / "sample_posts"
BROKEN = ROOT / "tests" / "data" / "broken"


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return make_library(tmp_path / "library")


def test_export_writes_and_ends_with_a_summary(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert "create    _posts/shipping-part-1.md" in out
    assert out[-1].startswith(f"exported 2 posts to {target} (nextjs): 6 written, 0 deleted")
    assert (target / "_posts" / "second-post.md").is_file()


def test_dry_run_prints_the_plan_and_writes_nothing(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    status = main(["export", str(library), "--to", str(target), "--profile", "hugo", "--dry-run"])
    assert status == 0
    out = capsys.readouterr().out.splitlines()
    assert "create    content/posts/second-post/index.md" in out
    assert "create    content/posts/shipping-part-1/diagram.png" in out
    assert out[-1].startswith(f"hugo export to {target}: 2 posts, 5 create, 0 update")
    assert not target.exists()


def test_second_export_changes_nothing(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target)]) == 0
    before = mtimes(target)
    capsys.readouterr()
    assert main(["export", str(library), "--to", str(target), "--dry-run"]) == 0
    plan = capsys.readouterr().out.splitlines()
    assert all(line.startswith("unchanged ") for line in plan[:-1])
    assert main(["export", str(library), "--to", str(target)]) == 0
    assert "0 written, 0 deleted, 6 unchanged" in capsys.readouterr().out
    assert mtimes(target) == before


def test_posts_with_errors_are_named_and_left_out_the_others_written_exit_1(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_post(library, "bad", "---\ntitle: Bad\ncover:\n  image: gone.png\n---\nx\n", ())
    write_post(library, "evil", '---\ntitle: Evil\nslug: "../up"\n---\nx\n', ())
    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target)]) == 1
    captured = capsys.readouterr()
    errors = captured.err.splitlines()
    assert any(line.startswith(f"{library / 'bad' / 'index.md'}:") for line in errors)
    assert any(line.startswith(f"{library / 'evil' / 'index.md'}:") for line in errors)
    assert all(": error: " in line or ": warning: " in line for line in errors)
    assert "Traceback" not in captured.err
    assert "exported 2 posts" in captured.out and "2 left out with errors" in captured.out
    assert sorted(path.name for path in (target / "_posts").iterdir()) == [
        "second-post.md",
        "shipping-part-1.md",
    ]
    assert not (tmp_path / "up.md").exists()


def test_an_error_of_the_whole_library_writes_nothing(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (library / ".postdesk.yaml").write_text("author: [unclosed\n", encoding="utf-8")
    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target)]) == 1
    captured = capsys.readouterr()
    assert f"{library / '.postdesk.yaml'}:1: error: " in captured.err
    assert captured.out.splitlines()[-1].endswith("nothing written")
    assert not target.exists()


def test_a_new_post_without_a_cover_is_named_by_check_and_left_out_by_export(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    post = write_post(library, "no-cover", '---\ntitle: New\ndate: "2025-05-01"\n---\nHi.\n', ())
    assert main(["check", str(library), "--profile", "nextjs"]) == 1
    checked = capsys.readouterr().out
    refusal = f"{post}: error: no cover image: the Next.js blog needs one"
    assert _errors(checked) == {refusal}
    assert checked.splitlines()[-1].startswith("1 error, ")

    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target), "--profile", "nextjs"]) == 1
    assert _errors(capsys.readouterr().err) == {refusal}
    assert sorted(path.name for path in (target / "_posts").iterdir()) == [
        "second-post.md",
        "shipping-part-1.md",
    ]
    # Hugo does without a cover: neither check nor export says anything.
    assert main(["check", str(library), "--profile", "hugo"]) == 0
    assert main(["export", str(library), "--to", str(tmp_path / "site"), "--profile", "hugo"]) == 0


def _errors(output: str) -> set[str]:
    """The error lines of a command's output."""
    return {line for line in output.splitlines() if ": error: " in line}


@pytest.mark.parametrize("drafts", [[], ["--drafts"]], ids=["posts", "drafts"])
@pytest.mark.parametrize("profile", ["nextjs", "hugo", "jekyll", "html"])
@pytest.mark.parametrize(
    "corpus",
    [HOSTILE, SAMPLES, *sorted(path for path in BROKEN.iterdir() if path.is_dir())],
    ids=lambda path: path.name,
)
def test_check_names_exactly_the_errors_export_refuses(
    corpus: Path,
    profile: str,
    drafts: list[str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    checked = main(["check", str(corpus), "--profile", profile, *drafts])
    check_errors = _errors(capsys.readouterr().out)
    target = tmp_path / "target"
    exported = main(["export", str(corpus), "--to", str(target), "--profile", profile, *drafts])
    export_errors = _errors(capsys.readouterr().err)
    assert check_errors == export_errors
    assert checked == exported == (1 if check_errors else 0)


def test_a_foreign_file_needs_force(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    (target / "_posts").mkdir(parents=True)
    (target / "_posts" / "second-post.md").write_text("mine\n", encoding="utf-8")
    assert main(["export", str(library), "--to", str(target)]) == 1
    assert "--force" in capsys.readouterr().err
    assert (target / "_posts" / "second-post.md").read_text(encoding="utf-8") == "mine\n"
    assert main(["export", str(library), "--to", str(target), "--force"]) == 0


def test_prune_and_drafts(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "site"
    assert (
        main(["export", str(library), "--to", str(target), "--profile", "jekyll", "--drafts"]) == 0
    )
    assert (target / "_drafts" / "unfinished.md").is_file()
    assert (
        main(["export", str(library), "--to", str(target), "--profile", "jekyll", "--prune"]) == 0
    )
    assert not (target / "_drafts").exists()
    assert "3 deleted" in capsys.readouterr().out.splitlines()[-1]  # draft, note, image


def test_profile_and_target_default_to_the_library_settings(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "from-settings"
    settings = library / ".postdesk.yaml"
    settings.write_text(
        settings.read_text(encoding="utf-8") + f"export:\n  profile: hugo\n  target: {target}\n",
        encoding="utf-8",
    )
    assert main(["export", str(library)]) == 0
    assert (target / "content" / "posts" / "second-post" / "index.md").is_file()
    (library / ".postdesk.yaml").write_text("author:\n  name: X\n  picture: jane.png\n")
    assert main(["export", str(library)]) == 1
    assert "--to" in capsys.readouterr().err


def test_commit_in_a_git_repository(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    target.mkdir()
    for command in (
        ["init", "--quiet"],
        ["config", "user.email", "t@example.com"],
        ["config", "user.name", "T"],
    ):
        subprocess.run(["git", "-C", str(target), *command], check=True)
    assert main(["export", str(library), "--to", str(target), "--commit"]) == 0
    out = capsys.readouterr().out
    assert "committed " in out
    log = subprocess.run(
        ["git", "-C", str(target), "log", "--format=%s"], capture_output=True, text=True
    )
    assert log.stdout.strip() == "Export 2 posts (nextjs)"


@pytest.mark.parametrize("profile", ["nextjs", "hugo", "jekyll"])
def test_import_then_export_round_trip(
    library: Path, tmp_path: Path, profile: str, capsys: pytest.CaptureFixture[str]
) -> None:
    first, into, again = tmp_path / "first", tmp_path / "into", tmp_path / "again"
    assert main(["export", str(library), "--to", str(first), "--profile", profile]) == 0
    status = main(["import", str(first), "--profile", profile, "--into", str(into)])
    assert status == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("imported 2 posts")
    assert (into / "shipping-part-1" / "diagram.png").read_bytes().startswith(PNG)
    assert main(["export", str(into), "--to", str(again), "--profile", profile]) == 0
    original, reproduced = tree(first), tree(again)
    original.pop(".postdesk/manifest.json")
    reproduced.pop(".postdesk/manifest.json")
    assert reproduced == original


def test_import_errors_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", str(tmp_path / "nowhere"), "--profile", "hugo", "--into", "x"]) == 1
    assert capsys.readouterr().err.strip().endswith("error: no such folder")
    assert main(["import", str(tmp_path), "--profile", "html", "--into", "x"]) == 1
    assert "not Markdown" in capsys.readouterr().err


def test_files_no_longer_produced_are_counted_until_pruned(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "blog"
    assert main(["export", str(library), "--to", str(target)]) == 0
    (library / "second-post" / "index.md").unlink()
    assert main(["export", str(library), "--to", str(target)]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert "2 no longer produced (--prune removes them)" in summary
    assert (target / "_posts" / "second-post.md").exists()


@pytest.mark.parametrize("setting", ['  target: ""\n', '  target: "~"\n', "  target: .\n"])
def test_an_empty_home_or_library_target_in_the_settings_is_refused(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], setting: str
) -> None:
    settings = library / ".postdesk.yaml"
    settings.write_text(settings.read_text(encoding="utf-8") + "export:\n" + setting, "utf-8")
    before = tree(library)
    assert main(["export", str(library), "--prune"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert tree(library) == before


def test_an_empty_to_is_refused_not_taken_for_the_current_folder(
    library: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["export", str(library), "--to", ""]) == 1
    assert "target is empty" in capsys.readouterr().err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["library"]


def test_import_names_a_bad_post_imports_the_rest_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    repo = tmp_path / "blog"
    (repo / "_posts").mkdir(parents=True)
    (repo / "_posts" / "good.md").write_text("---\ntitle: Good\n---\nA.\n", encoding="utf-8")
    bad = repo / "_posts" / "bad_one.md"
    bad.write_text("---\ntitle: [\n---\nB.\n", encoding="utf-8")

    status = main(["import", str(repo), "--profile", "nextjs", "--into", str(tmp_path / "lib")])

    captured = capsys.readouterr()
    assert status == 1
    assert captured.err.startswith(f"{bad}:2: error: invalid YAML front matter")
    assert captured.out.splitlines() == [
        str(tmp_path / "lib" / "good" / "index.md"),
        "imported 1 post, 1 left out with errors: 2 files written",
    ]
