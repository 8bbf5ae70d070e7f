"""Shared fixtures: the repository's sample project, copied so tests never write into the repo."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def copy_project(source: Path, target: Path) -> Path:
    """Copy a project's inputs (mkdocs.yml, content/, templates/) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(source / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(source / "content", target / "content")
    if (source / "templates").is_dir():
        shutil.copytree(source / "templates", target / "templates")
    return target


@pytest.fixture
def sample_project(tmp_path: Path) -> Path:
    """A fresh copy of the sample workshop in a temporary folder."""
    return copy_project(REPO_ROOT, tmp_path / "sample")


@pytest.fixture(scope="session")
def built_sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site built once per test session (``--strict``); returns the project folder."""
    from bimtek.build import build_site

    root = copy_project(REPO_ROOT, tmp_path_factory.mktemp("built") / "sample")
    build_site(root, strict=True)
    return root
