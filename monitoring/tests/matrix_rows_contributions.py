"""Permission-matrix rows of contributions to the monitor report (see regions/tests/matrix_base.py).

Region A's draft report (2013) has two contributions, both written by the penvoerder (who reads the draft
anyway, so the report's own rows stay as they are except that the penvoerder now opens the editor): process
theme 1, assigned; and a sub-project paragraph, delivered. The project leader and the office assign, withdraw
and reopen; the writer delivers and saves; everyone else gets a 404.
"""

from django.urls import reverse

from monitoring.models import ReportContribution
from regions.models import SubProject
from regions.tests.matrix_base import OFFICE, PL, PV, everyone, expect


def build(world) -> None:
    report = world.reports["draft"]
    writer = world.users[PV]
    world.extra["contribution_theme"] = ReportContribution.objects.create(
        report=report, theme=world.theme, assignee=writer, assigned_by=world.users[PL]
    )
    subproject = SubProject.objects.create(region=world.region_a, name="Deelproject A")
    world.extra["contribution_paragraph"] = ReportContribution.objects.create(
        report=report,
        subproject=subproject,
        assignee=writer,
        assigned_by=world.users[PL],
        status=ReportContribution.Status.DELIVERED,
        text="Het deelproject",
    )


def snapshot():
    return tuple(ReportContribution.objects.order_by("pk").values_list("pk", "status", "text", "version"))


def _url(name, key=None, action=None):
    def build_url(w):
        report = w.reports["draft"]
        args = [w.region_a, report.year]
        if key:
            args.append(w.extra[key].pk)
        if action:
            args.append(action)
        return reverse(f"monitoring:{name}", args=args)

    return build_url


ROWS = {
    "monitoring:contribution_assign": (
        _url("contribution_assign"),
        everyone(405),
        expect(
            {PL, OFFICE}, 302
        ),  # an empty POST is refused with its reasons, back to the editor (the office: the report)
    ),
    "monitoring:contribution_action[withdraw]": (
        _url("contribution_action", "contribution_theme", "withdraw"),
        everyone(405),
        expect({PL, OFFICE}, 302),
    ),
    "monitoring:contribution_action[deliver]": (
        _url("contribution_action", "contribution_theme", "deliver"),
        everyone(405),
        expect({PV}, 302),  # the writer only
    ),
    "monitoring:contribution_action[reopen]": (
        _url("contribution_action", "contribution_paragraph", "reopen"),
        everyone(405),
        expect({PL, OFFICE}, 302),
    ),
    "monitoring:contribution_action[deliver, delivered]": (
        _url("contribution_action", "contribution_paragraph", "deliver"),
        everyone(405),
        expect(set(), 302),  # delivered already: nobody
    ),
    "monitoring:contribution_action[no such action]": (
        _url("contribution_action", "contribution_theme", "approve"),
        everyone(405),
        expect(set(), 302),
    ),
    "monitoring:contribution_save": (
        _url("contribution_save", "contribution_paragraph"),
        everyone(405),
        expect({PL}, 409),  # a save without its version is stale; the writer delivered it: no longer theirs
    ),
}
