"""The evaluation forms on the site (evaluasi.html), read back from the built HTML: a folded form per
session and speaker on the agenda, then the organisation's, each aspect four choices."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from bimtek.build import build_site
from bimtek.editions import evaluation_sheets
from bimtek.evaluations import aspect_labels
from bimtek.project import load_project
from minimal import WORKSHOP, write_project


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_sample_has_a_form_per_session_and_speaker_then_the_organisations(built_sample):
    project, _ = load_project(built_sample)
    sheets = evaluation_sheets(project)
    speaker_aspects, organisation_aspects = aspect_labels(project.workshop)
    site = built_sample / "site"
    page = html(site / "evaluasi.html")
    assert page.select_one("article h1").get_text(strip=True).startswith("Evaluasi")
    forms = page.select("details.bt-evaluation-form")
    assert [form["id"] for form in forms] == [sheet.anchor for sheet in sheets] + ["evaluasi-penyelenggaraan"], "agenda order"
    assert len(sheets) >= 7 and len({form["id"] for form in forms}) == len(forms), "one form to a session and speaker, each its own id"
    first = forms[0]
    assert sheets[0].person.name in first.select_one("summary").get_text() and sheets[0].slot.lesson.title in first.select_one("summary").get_text()
    assert first["data-person"] == sheets[0].person.name and first["data-kind"] == "speaker"
    legends = [legend.get_text(strip=True) for legend in first.select("fieldset.bt-evaluation-aspect > legend")]
    assert legends == [f"{n}. {aspect}" for n, aspect in enumerate(speaker_aspects, start=1)]
    for aspect in first.select("fieldset.bt-evaluation-aspect"):
        radios = aspect.select("input[type=radio]")
        assert [radio["value"] for radio in radios] == ["1", "2", "3", "4"] and len({radio["name"] for radio in radios}) == 1
        assert [" ".join(label.get_text(" ", strip=True).split()) for label in aspect.select("label")] == \
            ["1 Kurang", "2 Cukup", "3 Baik", "4 Sangat baik"], "each choice says what it means"
    organisation = forms[-1]
    assert organisation["data-kind"] == "organisation" and len(organisation.select("fieldset.bt-evaluation-aspect")) == len(organisation_aspects)
    assert [h.get_text(strip=True) for h in page.select(".bt-evaluation > h2")][0] == "Hari 1: Kamis, 16 September 2021"
    assert page.select_one(".bt-share-evaluation").get_text(strip=True) == "Bagikan evaluasi"
    assert html(site / "index.html").select_one(".bt-home-actions a[href='evaluasi.html']").get_text(strip=True) == "Evaluasi"

    for sheet in sheets:  # each lesson page links its session's forms, and the links land on them
        lesson = html(site / "lessons" / f"{sheet.slot.lesson.id}.html")
        links = [a["href"] for a in lesson.select(".bt-evaluation-link a")]
        assert f"../evaluasi.html#{sheet.anchor}" in links
        assert all(page.find(id=href.split("#")[1]) is not None for href in links)


def test_custom_aspects_and_english(tmp_path):
    workshop = WORKSHOP.replace("language: id", "language: en").replace(
        "venue: Aula\n", "venue: Aula\nevaluation:\n  speaker: [Knows the subject, Keeps time]\n  organisation: [Venue]\n")
    root = write_project(tmp_path, workshop)
    build_site(root)
    page = html(root / "site/evaluasi.html")
    forms = page.select("details.bt-evaluation-form")
    assert [f.get_text(strip=True) for f in forms[0].select("legend")] == ["1. Knows the subject", "2. Keeps time"]
    assert [f.get_text(strip=True) for f in forms[-1].select("legend")] == ["1. Venue"]
    assert [" ".join(label.get_text(" ", strip=True).split()) for label in forms[0].select("label")][:4] == ["1 Poor", "2 Fair", "3 Good", "4 Very good"]
    assert page.select_one(".bt-share-evaluation").get_text(strip=True) == "Share the evaluation"


def test_a_workshop_without_an_agenda_has_no_evaluation_page(tmp_path):
    root = write_project(tmp_path, WORKSHOP[:WORKSHOP.index("days:")])
    build_site(root)
    assert not (root / "site/evaluasi.html").exists()
    assert html(root / "site/index.html").select_one(".bt-home-actions a[href='evaluasi.html']") is None


def test_an_agenda_row_of_kind_evaluation_leads_to_the_days_forms(tmp_path):
    workshop = WORKSHOP.replace("      - lesson: dua\n", "      - lesson: dua\n      - activity: Evaluasi penyelenggaraan\n        minutes: 15\n        kind: evaluation\n")
    root = write_project(tmp_path, workshop)
    build_site(root)
    row = html(root / "site/agenda.html").select_one("tr.bt-kind-evaluation")
    assert row.select_one("a")["href"] == "evaluasi.html#evaluasi-hari-1"
    assert html(root / "site/evaluasi.html").find(id="evaluasi-hari-1") is not None
