"""Permissions on monitor reports (object: a MonitorReport; 'open' and exports take a region/None)."""

import rules

from regions.rules import (
    CRITICAL_FRIEND,
    PARTNER,
    PENVOERDER,
    PROJECT_LEADER,
    is_region_project_leader,
    programme_is_open,
)
from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer

from .selectors import SETTLED_STATUSES


@rules.predicate
def is_report_region_lead(user, report) -> bool:
    """The people who write, endorse or advise on the report: they read it in every state."""
    return report is not None and has_region_role(user, report.region_id, PROJECT_LEADER, PENVOERDER, CRITICAL_FRIEND)


@rules.predicate
def is_report_partner(user, report) -> bool:
    return report is not None and has_region_role(user, report.region_id, PARTNER)


@rules.predicate
def report_is_settled(user, report) -> bool:
    """Submitted to the programme office or accepted (monitoring.selectors.SETTLED_STATUSES)."""
    return report is not None and report.status in SETTLED_STATUSES


@rules.predicate
def is_report_project_leader(user, report) -> bool:
    return report is not None and has_region_role(user, report.region_id, PROJECT_LEADER)


@rules.predicate
def is_report_penvoerder(user, report) -> bool:
    return report is not None and has_region_role(user, report.region_id, PENVOERDER)


@rules.predicate
def is_not_submitter(user, report) -> bool:
    return report is not None and report.submitted_by_id != user.pk


@rules.predicate
def report_is_editable(user, report) -> bool:
    return report is not None and report.status in ("draft", "returned")


@rules.predicate
def report_is_accepted(user, report) -> bool:
    return report is not None and report.status == "accepted"


@rules.predicate
def report_awaits_endorsement(user, report) -> bool:
    return report is not None and report.status == "awaiting_endorsement"


@rules.predicate
def report_is_submitted(user, report) -> bool:
    return report is not None and report.status == "submitted"


# More readers of a settled report, named by apps above monitoring (registered in their AppConfig.ready()):
# a predicate (user, report) -> bool, e.g. the peer region of a peer review in preparation (peerreviews).
REPORT_READERS: list = []


@rules.predicate
def is_other_report_reader(user, report) -> bool:
    return report is not None and report_is_settled(user, report) and any(p(user, report) for p in REPORT_READERS)


@rules.predicate
def is_report_contributor(user, report) -> bool:
    """Writes (or wrote) a part of this report: an open contribution is assigned to them. Only people with a
    role in the report's region can be (answered from the cached roles, so lists cost no query per report)."""
    if report is None or not user.is_authenticated or not has_region_role(user, report.region_id):
        return False
    from .models import ReportContribution

    return ReportContribution.objects.filter(report=report, assignee=user, status__in=ReportContribution.OPEN).exists()


@rules.predicate
def has_contribution_to_write(user, report) -> bool:
    """A contribution to this report waits for this person's writing (assigned, not yet delivered)."""
    if report is None or not user.is_authenticated or not has_region_role(user, report.region_id):
        return False
    from .models import ReportContribution

    return ReportContribution.objects.filter(
        report=report, assignee=user, status=ReportContribution.Status.ASSIGNED
    ).exists()


# Object: a ReportContribution.
@rules.predicate
def is_contribution_assignee(user, contribution) -> bool:
    return contribution is not None and contribution.assignee_id == user.pk


@rules.predicate
def contribution_is_assigned(user, contribution) -> bool:
    return contribution is not None and contribution.status == "assigned"


@rules.predicate
def contribution_is_delivered(user, contribution) -> bool:
    return contribution is not None and contribution.status == "delivered"


@rules.predicate
def contribution_is_open(user, contribution) -> bool:
    return contribution is not None and contribution.status in ("assigned", "delivered")


@rules.predicate
def contribution_report_is_editable(user, contribution) -> bool:
    return contribution is not None and contribution.report.status in ("draft", "returned")


@rules.predicate
def is_contribution_project_leader(user, contribution) -> bool:
    return contribution is not None and has_region_role(user, contribution.report.region_id, PROJECT_LEADER)


# Partners read a report once it has been submitted, not while it is being written or endorsed; a partner
# (or sub-project leader) who writes a part of it reads the draft they write for.
rules.add_perm(
    "monitoring.view_report",
    is_programme_office
    | is_report_region_lead
    | (is_report_partner & report_is_settled)
    | is_report_contributor
    | (is_viewer & report_is_accepted)
    | is_other_report_reader,
)
rules.add_perm("monitoring.open_report", programme_is_open & is_region_project_leader)  # object: region
rules.add_perm("monitoring.edit_report", programme_is_open & (is_report_project_leader & report_is_editable))
rules.add_perm("monitoring.submit_report", programme_is_open & (is_report_project_leader & report_is_editable))
rules.add_perm(
    "monitoring.endorse_report",
    programme_is_open & (is_report_penvoerder & report_awaits_endorsement & is_not_submitter),
)
rules.add_perm("monitoring.return_report", programme_is_open & (is_programme_office & report_is_submitted))
rules.add_perm("monitoring.accept_report", programme_is_open & (is_programme_office & report_is_submitted))
rules.add_perm("monitoring.reopen_report", programme_is_open & (is_programme_office & report_is_accepted))
rules.add_perm("monitoring.export_realisations", is_programme_office)
# The office proposes a year's figures for many regions from one file (object: the programme year).
rules.add_perm("monitoring.import_figures", programme_is_open & is_programme_office)
# Publishing a closed year's settled figures as open data (object: the programme year; also for history).
rules.add_perm("monitoring.publish_open_data", is_programme_office)
rules.add_perm("monitoring.list_reports", is_programme_office | is_viewer)
# Attachments (object: the report): read and downloaded by whoever reads the report; added and removed
# by the project leader while the report is a draft or returned (the services check the state again).
rules.add_perm("monitoring.add_report_attachment", programme_is_open & (is_report_project_leader & report_is_editable))
rules.add_perm(
    "monitoring.delete_report_attachment", programme_is_open & (is_report_project_leader & report_is_editable)
)
# Contributions (bijdragen). assign_contribution: object the report; the others: the contribution.
rules.add_perm(
    "monitoring.assign_contribution",
    programme_is_open & ((is_report_project_leader | is_programme_office) & report_is_editable),
)
# The writer opens the editor of a report while a part of it waits for their writing.
rules.add_perm("monitoring.contribute_report", programme_is_open & (has_contribution_to_write & report_is_editable))
rules.add_perm(
    "monitoring.write_contribution",
    programme_is_open & (is_contribution_assignee & contribution_is_assigned & contribution_report_is_editable),
)
rules.add_perm(
    "monitoring.withdraw_contribution",
    programme_is_open
    & ((is_contribution_project_leader | is_programme_office) & contribution_is_open & contribution_report_is_editable),
)
rules.add_perm(
    "monitoring.reopen_contribution",
    programme_is_open
    & (
        (is_contribution_project_leader | is_programme_office)
        & contribution_is_delivered
        & contribution_report_is_editable
    ),
)
