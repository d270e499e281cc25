"""Permission-matrix rows of the monitoring app's attachments (see regions/tests/matrix_base.py).

Region A's draft (2013) and accepted (2012) reports each have an attachment, and so has the submitted
report (2015). The project leader adds and removes them while the report is a draft; whoever reads the
report downloads them (the viewer: accepted reports only).
"""

from django.urls import reverse

from monitoring.models import ReportAttachment
from regions.tests.matrix_base import CF, OFFICE, PARTNER, PL, PL_OTHER, PV, READ_ONLY_POST, VIEWER, everyone, expect
from toptechniek.common.samples import store_sample_attachment

REPORT_READERS = {PL, PV, PARTNER, CF, OFFICE}


def build(world) -> None:
    from monitoring.models import OpenDataRelease

    OpenDataRelease.objects.create(programme_year=world.years[2012])
    for state in ("draft", "accepted", "submitted"):
        world.extra[f"report_attachment_{state}"] = store_sample_attachment(
            ReportAttachment, report=world.reports[state], user=world.users[PL], name=f"{state}.pdf"
        )


def snapshot():
    from monitoring.models import OpenDataRelease, ProposedRealisation, Realisation

    return (
        tuple(ReportAttachment.objects.order_by("pk").values_list("pk", "name", "description")),
        tuple(ProposedRealisation.objects.order_by("pk").values_list("pk", "value")),
        tuple(Realisation.objects.order_by("pk").values_list("pk", "value", "not_applicable")),
        tuple(OpenDataRelease.objects.order_by("pk").values_list("programme_year_id", flat=True)),
    )


def _year_url(name):
    return lambda w: reverse(f"monitoring:{name}", args=[w.programme.slug, 2013])


def _report_url(name, state):
    def build_url(w):
        report = w.reports[state]
        return reverse(f"monitoring:{name}", args=[w.region_a, report.year])

    return build_url


def _attachment_url(name, state):
    def build_url(w):
        attachment = w.extra[f"report_attachment_{state}"]
        return reverse(f"monitoring:{name}", args=[w.region_a, w.reports[state].year, attachment.pk])

    return build_url


NOBODY = expect(set(), 200)

ROWS = {
    "monitoring:report_attachment_add": (
        _report_url("report_attachment_add", "draft"),
        expect({PL}, 200),
        expect({PL}, 200),  # a POST without a file re-renders the form
    ),
    "monitoring:report_attachment_add[submitted]": (_report_url("report_attachment_add", "submitted"), NOBODY, NOBODY),
    "monitoring:report_attachment_download": (
        _attachment_url("report_attachment_download", "draft"),
        expect(REPORT_READERS - {PARTNER}, 200),  # partners: once the report is submitted
        READ_ONLY_POST,
    ),
    "monitoring:report_attachment_download[submitted]": (
        _attachment_url("report_attachment_download", "submitted"),
        expect(REPORT_READERS, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_attachment_download[accepted]": (
        _attachment_url("report_attachment_download", "accepted"),
        expect(
            REPORT_READERS | {VIEWER, PL_OTHER}, 200
        ),  # region B held a peer review with A in 2013: its peer reads A's 2012 report
        READ_ONLY_POST,
    ),
    "monitoring:report_attachment_delete": (
        _attachment_url("report_attachment_delete", "draft"),
        expect({PL}, 200),  # are you sure?
        expect({PL}, 302),
    ),
    # Figures from a spreadsheet: the project leader who edits the report; a POST without a file re-renders the form, a
    # confirm without a preview goes back to the upload page.
    "monitoring:report_import": (_report_url("report_import", "draft"), expect({PL}, 200), expect({PL}, 200)),
    "monitoring:report_import[submitted]": (_report_url("report_import", "submitted"), NOBODY, NOBODY),
    "monitoring:report_import_template": (
        _report_url("report_import_template", "draft"),
        expect({PL}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_import_confirm": (
        _report_url("report_import_confirm", "draft"),
        everyone(405),
        expect({PL}, 302),
    ),
    # The office proposes a year's figures for many regions; the region's project leader takes them over or sets
    # them aside (nothing proposed in the world: both go back to the editor with a message).
    "monitoring:office_import": (_year_url("office_import"), expect({OFFICE}, 200), expect({OFFICE}, 200)),
    "monitoring:office_import_template": (_year_url("office_import_template"), expect({OFFICE}, 200), READ_ONLY_POST),
    "monitoring:office_import_confirm": (_year_url("office_import_confirm"), everyone(405), expect({OFFICE}, 302)),
    "monitoring:report_proposals_accept": (
        _report_url("report_proposals_accept", "draft"),
        everyone(405),
        expect({PL}, 302),
    ),
    "monitoring:report_proposals_discard": (
        _report_url("report_proposals_discard", "draft"),
        everyone(405),
        expect({PL}, 302),
    ),
    # Open data: public pages (no login); the office publishes a closed year (2013 is not closed: refused).
    "monitoring:opendata_list": (
        lambda w: reverse("monitoring:opendata_list"),
        everyone(200, anon=200),
        everyone(405, anon=405),
    ),
    "monitoring:opendata_dictionary": (
        lambda w: reverse("monitoring:opendata_dictionary"),
        everyone(200, anon=200),
        everyone(405, anon=405),
    ),
    "monitoring:opendata_download": (
        lambda w: reverse("monitoring:opendata_download", args=[w.programme.slug, 2012]),
        everyone(200, anon=200),
        everyone(405, anon=405),
    ),
    "monitoring:opendata_download[unpublished]": (
        lambda w: reverse("monitoring:opendata_download", args=[w.programme.slug, 2013]),
        everyone(404, anon=404),
        everyone(405, anon=405),
    ),
    "monitoring:opendata_publish": (_year_url("opendata_publish"), expect({OFFICE}, 200), expect({OFFICE}, 200)),
    "monitoring:report_attachment_delete[submitted]": (
        _attachment_url("report_attachment_delete", "submitted"),
        NOBODY,
        NOBODY,
    ),
}
