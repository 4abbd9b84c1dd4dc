"""tools/compare_builds.py, the report of .github/workflows/newest.yml, on two small sites."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

TOOL = Path(__file__).resolve().parents[1] / "tools" / "compare_builds.py"
spec = importlib.util.spec_from_file_location("compare_builds", TOOL)
compare_builds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_builds)

PAGE = """<html><body><nav>{nav}</nav>
<article class="bd-article" role="main"><h1>Weights<a class="headerlink" href="#w">#</a></h1>
<p>The kernel has   <span class="pasted-text">{params}</span> weights.</p>
<div class="highlight"><pre><span>model.summary()</span>
<span>Total params: {params}</span></pre></div>
<img alt="The gates" src="../_images/{image}.png">
<script>var x = "{nav}";</script>
</article>
<footer><p class="lstm-versions">Versions: <span class="notranslate">Keras {keras}</span></p></footer>
</body></html>"""


def site(root: Path, *, nav="Home", params="760", image="abc", keras="3.15.1") -> Path:
    for edition in ("en", "ru"):
        for name in ("index", "questions/weight-shapes"):
            page = root / edition / f"{name}.html"
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(PAGE.format(nav=nav, params=params, image=image, keras=keras))
        static = root / edition / "_static" / "x.html"
        static.parent.mkdir(parents=True, exist_ok=True)
        static.write_text(f"<article class='bd-article'>{params}</article>")
    return root


def test_article_text_is_read_a_line_per_block(tmp_path):
    root = site(tmp_path / "a")
    lines, versions = compare_builds.read_page(root / "en" / "questions" / "weight-shapes.html")
    assert lines == [
        "Weights",
        "The kernel has 760 weights.",
        "model.summary()",
        "Total params: 760",
        "[image abc.png: The gates]",
    ]
    assert versions == "Versions: Keras 3.15.1"


def test_same_content_is_no_difference(tmp_path):
    """Navigation, scripts and the footer are not the article; _static holds no pages."""
    old = site(tmp_path / "a")
    new = site(tmp_path / "b", nav="Start", keras="3.16.0")
    diffs, only_old, only_new, versions = compare_builds.compare(old, new)
    assert (diffs, only_old, only_new) == ({}, [], [])
    assert versions == {"old": {"Versions: Keras 3.15.1"}, "new": {"Versions: Keras 3.16.0"}}
    assert compare_builds.main([str(old), str(new), "--fail-on-difference"]) == 0


def test_changed_output_and_figure_are_reported_per_page(tmp_path, capsys):
    old = site(tmp_path / "a")
    new = site(tmp_path / "b", params="840", image="def")
    (new / "ru" / "extra.html").write_text(PAGE)
    report = tmp_path / "summary.md"
    status = compare_builds.main(
        [str(old), str(new), "--diff", str(tmp_path / "pages.diff"), "--markdown", str(report)]
    )
    assert status == 0  # a report, not a failure, unless asked
    diff = (tmp_path / "pages.diff").read_text()
    for line in ("-Total params: 760", "+Total params: 840", "-[image abc.png: The gates]"):
        assert f"\n{line}\n" in diff
    assert " model.summary()\n" in diff  # unchanged context
    assert diff.count("--- locked/") == 4  # one diff per page of each edition
    summary = report.read_text()
    assert "4 of 5 pages differ" in summary and "only in the newest build: ru/extra.html" in summary
    assert "4 of 5 pages differ" in capsys.readouterr().out
    assert compare_builds.main([str(old), str(new), "--fail-on-difference"]) == 1


def test_lock_changes_are_listed(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(
        "keras==3.15.1 \\\n    --hash=sha256:aa\nnumpy==2.4.6 \\\n    --hash=sha256:bb\n"
    )
    new.write_text(
        "keras==3.16.0 \\\n    --hash=sha256:cc\nnumpy==2.4.6 \\\n    --hash=sha256:bb\n"
    )
    a, b = site(tmp_path / "a"), site(tmp_path / "b")
    report = tmp_path / "summary.md"
    compare_builds.main([str(a), str(b), "--locks", str(old), str(new), "--markdown", str(report)])
    assert "| keras | 3.15.1 | 3.16.0 |" in report.read_text()
    assert "numpy" not in report.read_text()


def test_a_missing_site_is_one_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exit_:
        compare_builds.main([str(tmp_path / "nothing"), str(tmp_path)])
    assert exit_.value.code == 2
    assert "nox -s docs" in capsys.readouterr().err
