"""Permission-matrix rows of the programme analysis (see regions/tests/matrix_base.py).

The world's programme has a published analysis of 2013 and a draft of 2014. Everyone signed in reads the
list and the published analysis (page and PDF); the draft, its editor and its publish page are the office's.
"""

from django.urls import reverse

from analysis.models import AnalysisSection, ProgrammeAnalysis
from regions.tests.matrix_base import OFFICE, OFFICE_FORM_GET, READ_ONLY_POST, everyone, expect


def build(world) -> None:
    from django.utils import timezone

    theme = world.theme
    for year, status in ((2013, "published"), (2014, "draft")):
        analysis = ProgrammeAnalysis.objects.create(
            programme_year=world.years[year],
            status=status,
            introduction=f"Inleiding {year}",
            published_at=timezone.now() if status == "published" else None,
            published_by=world.users[OFFICE] if status == "published" else None,
        )
        AnalysisSection.objects.create(analysis=analysis, theme=theme, success_factors="Sterke stuurgroep")
        world.extra[f"analysis_{status}"] = analysis


def snapshot():
    return tuple(ProgrammeAnalysis.objects.order_by("pk").values_list("status", "version", "introduction"))


def _url(name: str, year: int):
    return lambda w: reverse(f"analysis:{name}", args=[w.programme.slug, year])


ROWS = {
    "analysis:list": (lambda w: reverse("analysis:list", args=[w.programme.slug]), everyone(200), READ_ONLY_POST),
    "analysis:detail": (_url("detail", 2013), everyone(200), READ_ONLY_POST),
    "analysis:detail[draft]": (_url("detail", 2014), OFFICE_FORM_GET, READ_ONLY_POST),
    "analysis:pdf": (_url("pdf", 2013), everyone(200), READ_ONLY_POST),
    "analysis:pdf[draft]": (_url("pdf", 2014), expect(set(), 200), READ_ONLY_POST),  # a draft has no PDF
    # The editor: an empty POST saves an emptied draft (a redirect); a published analysis is final (404).
    "analysis:edit": (_url("edit", 2014), OFFICE_FORM_GET, expect({OFFICE}, 302)),
    "analysis:edit[published]": (_url("edit", 2013), expect(set(), 200), expect(set(), 200)),
    # The confirmation page; the draft is complete, so the office's POST publishes it.
    "analysis:publish": (_url("publish", 2014), OFFICE_FORM_GET, expect({OFFICE}, 302)),
    "analysis:publish[published]": (_url("publish", 2013), expect(set(), 200), expect(set(), 200)),
}
