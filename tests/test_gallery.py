"""The derivations/ gallery: committed, fresh, complete, and deterministic."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from symtconv.cli import main
from symtconv.gallery import (
    EXAMPLES,
    check_gallery,
    example_files,
    gallery_files,
    write_gallery,
)
from symtconv.render.i18n import LANGS

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "derivations"


@pytest.fixture(scope="module")
def files():
    return gallery_files()


def test_committed_gallery_is_fresh(files):
    problems = check_gallery(str(GALLERY), files)
    assert problems == [], "derivations/ is stale; regenerate it with: symtconv gallery"


def test_gallery_covers_the_required_cases(files):
    specs = {e.name: e.derivation().spec for e in EXAMPLES}
    assert specs["seed-transposed"].transposed and specs["seed-transposed"].input_size == (2, 2)
    assert not specs["seed-forward"].transposed and specs["seed-forward"].input_size == (3, 3)
    s = specs["stride2-padding1-outpad1"]
    assert (s.stride, s.padding, s.output_padding) == ((2, 2), ((1, 1), (1, 1)), (1, 1))
    assert specs["dilation2"].dilation == (2, 2)
    assert specs["one-d"].rank == 1
    assert specs["grouped"].groups == 2 and specs["grouped"].in_channels > 1
    assert specs["three-d"].rank == 3 and r"\cdots" in files["three-d.en.tex"]
    for e in EXAMPLES:
        for lang in LANGS:
            assert f"{e.name}.{lang}.tex" in files and f"{e.name}.{lang}.md" in files
            assert files[f"{e.name}.{lang}.tex"].startswith("\\documentclass")
            assert files[f"{e.name}.{lang}.html"].startswith("<!DOCTYPE html>")
            assert f'href="{e.name}.{lang}.html"' in files["index.html"]


def test_markdown_links_exist(files):
    for name, text in files.items():
        if name.endswith(".md"):
            for link in __import__("re").findall(r"\]\(([^)]+)\)", text):
                assert link in files, (name, link)


def _digest(found: dict[str, str]) -> str:
    return hashlib.sha256(repr(sorted(found.items())).encode()).hexdigest()


def test_generation_is_deterministic_within_and_across_processes(files):
    chosen = [e for e in EXAMPLES if e.name in ("seed-transposed", "three-d")]
    here = {}
    for e in chosen:
        here.update(example_files(e))
    assert all(files[name] == text for name, text in here.items())
    code = (
        "import hashlib, sys\n"
        "from symtconv.gallery.examples import EXAMPLES, example_files\n"
        "found = {}\n"
        "for e in EXAMPLES:\n"
        "    if e.name in ('seed-transposed', 'three-d'):\n"
        "        found.update(example_files(e))\n"
        "print(hashlib.sha256(repr(sorted(found.items())).encode()).hexdigest())\n"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == _digest(here)


def test_write_then_check(tmp_path, files, capsys, monkeypatch):
    monkeypatch.setattr("symtconv.cli.gallery.gallery_files", lambda: files)  # generated once
    target = tmp_path / "g"
    written = write_gallery(str(target), files)
    assert sorted(written) == sorted(files)
    assert check_gallery(str(target), files) == []
    assert write_gallery(str(target), files) == []  # nothing changed
    (target / "seed-transposed.en.md").write_text("old\n", encoding="utf-8")
    (target / "renamed.en.tex").write_text("old\n", encoding="utf-8")
    (target / "notes.txt").write_text("not ours\n", encoding="utf-8")
    os.remove(target / "one-d.zh.tex")
    assert check_gallery(str(target), files) == [
        "missing: one-d.zh.tex",
        "stale: seed-transposed.en.md",
        "extra: renamed.en.tex",
    ]
    assert main(["gallery", str(target), "--check"]) == 1
    out = capsys.readouterr().out
    assert "stale: seed-transposed.en.md" in out and "run: symtconv gallery" in out
    assert main(["gallery", str(target)]) == 0
    assert main(["gallery", str(target), "--check"]) == 0
    assert "all fresh" in capsys.readouterr().out
    assert (target / "notes.txt").exists() and not (target / "renamed.en.tex").exists()
