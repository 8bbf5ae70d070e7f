"""The follow-up plan (rencana tindak lanjut, RTL): its page on the site (read back from the built
HTML), its printed sheet (read back from the PDF) and the checks a trainer gets for it."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfReader

from bimtek.build import build_site
from bimtek.editions import plan_handouts
from bimtek.handouts import make_handouts
from bimtek.project import check_project, load_project
from minimal import WORKSHOP, write_project
from test_assessment import pdf_pages

FIELDS = ["Kegiatan", "Tujuan dan sasaran", "Waktu pelaksanaan", "Pihak yang dilibatkan", "Indikator keberhasilan"]

PLANNED = WORKSHOP.replace("venue: Aula\n", "venue: Aula\nfollow_up:\n  intro: RENCANA-30-HARI di instansi.\n  steps: 4\n").replace(
    "      - lesson: dua\n", "      - lesson: dua\n      - activity: Menyusun RTL\n        minutes: 20\n        kind: follow-up\n")


def html(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_the_sample_site_has_a_plan_page_with_a_fieldset_per_step(built_sample):
    import yaml

    from conftest import REPO_ROOT

    steps = yaml.safe_load((REPO_ROOT / "content/workshop.yml").read_text(encoding="utf-8"))["follow_up"]["steps"]
    site = built_sample / "site"
    page = html(site / "rtl.html")
    assert page.select_one("article h1").get_text(strip=True).startswith("Rencana Tindak Lanjut (RTL)")
    assert "audit akun media sosial instansi" in page.select_one("article .bt-md").get_text(), "the workshop's own intro"
    who = [label.get_text(strip=True) for label in page.select(".bt-follow-up > .bt-prompt label")]
    assert who == ["Nama", "Jabatan / Instansi"]
    fieldsets = page.select("fieldset.bt-follow-up-step")
    assert [f.select_one("legend").get_text(strip=True) for f in fieldsets] == [f"Langkah {n}" for n in range(1, steps + 1)]
    for number, fieldset in enumerate(fieldsets, start=1):
        labels = fieldset.select(".bt-prompt label")
        assert [" ".join(label.get_text().split()) for label in labels] == [f"Langkah {number} · {field}" for field in FIELDS]
        assert all(label.select_one(".bt-visually-hidden") for label in labels), "the step is read out, not shown twice"
        for label in labels:
            area = fieldset.select_one(f"textarea#{label['for']}")
            assert area is not None and area["data-note"].startswith(f"rtl/{number}/")
    assert page.select_one(".bt-share-answers").get_text(strip=True) == "Bagikan RTL"

    agenda = html(site / "agenda.html")
    rows = agenda.select("tr.bt-kind-follow-up")
    assert rows and all(row.select_one("a")["href"] == "rtl.html" for row in rows)
    assert html(site / "index.html").select_one(".bt-home-actions a[href='rtl.html']").get_text(strip=True) == "Rencana Tindak Lanjut (RTL)"
    assert "rtl.pdf" not in [h.name for h in plan_handouts(load_project(built_sample)[0])], "online: written on the site, no sheet"


def test_an_offline_workshop_prints_one_landscape_sheet_to_sign(tmp_path):
    root = write_project(tmp_path, PLANNED)
    project, _ = load_project(root)
    plan = {h.name: h for h in plan_handouts(project)}
    assert plan["rtl.pdf"].for_organisers
    make_handouts(project, root / "site", progress=False, only={"rtl.pdf"})
    path = root / "site/handouts/rtl.pdf"
    box = PdfReader(path).pages[0].mediabox
    assert float(box.width) > float(box.height), "landscape: room for six columns"
    (page,) = pdf_pages(path)
    for expected in ("Bimtek Uji Rencana Tindak Lanjut (RTL)", "Nama", "NIP", "Jabatan / Instansi", "RENCANA-30-HARI di instansi.",
                     "No. Kegiatan Tujuan dan sasaran Waktu pelaksanaan Pihak yang dilibatkan Indikator keberhasilan",
                     "1 2 3 4", "Mengetahui, Atasan Langsung,", "Peserta,"):
        assert expected in page, (expected, page)
    assert " 5 " not in page.split("keberhasilan", 1)[1], "four steps, four rows"


def test_without_follow_up_there_is_no_page_and_the_agenda_warns(tmp_path):
    root = write_project(tmp_path, PLANNED.replace("follow_up:\n  intro: RENCANA-30-HARI di instansi.\n  steps: 4\n", ""))
    result = check_project(root)
    lines = (root / "content/workshop.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "kind: follow-up" in text)
    assert [str(d).split("content/", 1)[1] for d in result.warnings] == [
        f"workshop.yml:{line}:15: warning: day 1 has a follow-up plan (RTL) on the agenda, but workshop.yml has no 'follow_up': "
        "add 'follow_up: {steps: 3}' for its page on the site and its printed sheet"]
    _, _, site = build_site(root)
    assert not (site / "rtl.html").exists()
    assert html(site / "agenda.html").select_one("tr.bt-kind-follow-up a") is None
    assert "rtl.pdf" not in [h.name for h in plan_handouts(load_project(root)[0])]


def test_too_many_steps_is_an_error_on_its_line(tmp_path):
    root = write_project(tmp_path, PLANNED.replace("  steps: 4\n", "  steps: 11\n"))
    lines = (root / "content/workshop.yml").read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, start=1) if "steps: 11" in text)
    errors = [str(d) for d in check_project(root).errors]
    assert len(errors) == 1 and f"workshop.yml:{line}:10: error: field 'follow_up.steps'" in errors[0] and "10" in errors[0], errors


def test_english_names_the_plan(tmp_path):
    root = write_project(tmp_path, PLANNED.replace("language: id", "language: en"))
    project, _ = load_project(root)
    assert "follow-up-plan.pdf" in [h.name for h in plan_handouts(project)]
    _, _, site = build_site(root, strict=True)
    page = html(site / "rtl.html")
    assert page.select_one("fieldset legend").get_text(strip=True) == "Step 1"
    assert page.select_one(".bt-share-answers").get_text(strip=True) == "Share the plan"
