"""Contributions (bijdragen): the project leader hands a process theme or a sub-project paragraph to a
partner, sub-project leader or penvoerder; they write it in the editor and deliver it; the leader submits."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from monitoring import services
from monitoring.models import MonitorReport, ReportContribution
from monitoring.selectors import todos_for_user
from monitoring.services import StaleSaveError
from regions.models import GuidingQuestion, PlacematTheme, SubProject
from regions.tests.world import world_build
from toptechniek.common.models import Notification

pytestmark = pytest.mark.django_db
C = ReportContribution.Status


@pytest.fixture
def w():
    w = world_build(
        years=({"year": 2013, "future": True},),
        regions=("twente", "drenthe"),
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"}),
            "partner": ("twente", "partner", {"email": "partner@t.example", "full_name": "Paul Partner"}),
            "sub_leader": ("twente", "subproject_leader", {"email": "sub@t.example", "full_name": "Sanne Sub"}),
            "stranger": ("drenthe", "partner", {"email": "other@t.example"}),
        },
    )
    w.region = w.regions["twente"]
    w.report = services.report_get_or_create(region=w.region, year=2013, user=w.leader)
    themes = list(PlacematTheme.objects.filter(programme=w.programme, kind=PlacematTheme.Kind.PROCESS))
    w.theme, w.other_theme = themes[0], themes[1]
    w.question = GuidingQuestion.objects.filter(theme=w.theme).first()
    w.other_question = GuidingQuestion.objects.filter(theme=w.other_theme).first()
    w.subproject = SubProject.objects.create(region=w.region, name="Techniek in de klas", leader=w.sub_leader)
    return w


def assign(w, **kwargs):
    kwargs.setdefault("theme", w.theme)
    return services.contribution_assign(report=w.report, assignee=w.partner, actor=w.leader, **kwargs)


def test_assign_deliver_reopen_withdraw_each_with_one_mail(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        c = assign(w, note="Graag de communicatie")
    assert (c.status, c.assigned_by, c.assignee) == (C.ASSIGNED, w.leader, w.partner)
    assert [m.to for m in mail.outbox] == [["partner@t.example"]]
    assert Notification.objects.filter(kind="contribution_assigned").count() == 1
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        c = services.contribution_deliver(contribution=c, actor=w.partner)
    assert c.status == C.DELIVERED and c.delivered_at
    assert [m.to for m in mail.outbox] == [["pl@t.example"]]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        c = services.contribution_reopen(contribution=c, actor=w.leader)
    assert c.status == C.ASSIGNED and c.delivered_at is None
    assert [m.to for m in mail.outbox] == [["partner@t.example"]]  # back to the writer: a new hand-over
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        c = services.contribution_withdraw(contribution=c, actor=w.leader)
    assert c.status == C.WITHDRAWN and mail.outbox == []
    # Withdrawn: the theme can be assigned anew.
    again = services.contribution_assign(report=w.report, theme=w.theme, assignee=w.sub_leader, actor=w.leader)
    assert again.status == C.ASSIGNED


def test_refusals(w):
    with pytest.raises(ValidationError, match="not a partner, sub-project leader or penvoerder of Twente"):
        services.contribution_assign(report=w.report, theme=w.theme, assignee=w.stranger, actor=w.leader)
    with pytest.raises(ValidationError, match="not a partner"):  # the project leader is not a contributor
        services.contribution_assign(report=w.report, theme=w.theme, assignee=w.leader, actor=w.leader)
    c = assign(w)
    with pytest.raises(ValidationError, match="already assigned to Paul Partner"):
        services.contribution_assign(report=w.report, theme=w.theme, assignee=w.sub_leader, actor=w.leader)
    with pytest.raises(ValidationError, match="Only the region's project leader"):
        services.contribution_assign(report=w.report, theme=w.other_theme, assignee=w.sub_leader, actor=w.partner)
    with pytest.raises(ValidationError, match="Only the person it is assigned to"):
        services.contribution_deliver(contribution=c, actor=w.sub_leader)
    with pytest.raises(ValidationError, match="Only a delivered contribution"):
        services.contribution_reopen(contribution=c, actor=w.leader)
    with pytest.raises(ValidationError, match="Only the region's project leader"):
        services.contribution_withdraw(contribution=c, actor=w.partner)
    with pytest.raises(ValidationError, match="either a theme or a sub-project"):
        services.contribution_assign(report=w.report, assignee=w.partner, actor=w.leader)
    MonitorReport.objects.filter(pk=w.report.pk).update(status=MonitorReport.Status.SUBMITTED)
    w.report.refresh_from_db()
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.contribution_assign(report=w.report, theme=w.other_theme, assignee=w.partner, actor=w.leader)
    with pytest.raises(ValidationError, match="can no longer be changed"):
        services.contribution_deliver(contribution=c, actor=w.partner)


def test_closed_programme_refuses(w):
    from regions.services import programme_close

    c = assign(w)
    programme_close(programme=w.programme, actor=w.office)
    with pytest.raises(ValidationError, match="programme is closed"):
        services.contribution_deliver(contribution=c, actor=w.partner)


def test_contributor_writes_exactly_their_theme_with_the_version_check(w):
    assign(w)
    version = services.report_save_qualitative(
        report=w.report, base_version=0, answers={w.question.pk: "Onze communicatie"}, user=w.partner
    )
    assert version == 1
    assert w.report.answers.get(question=w.question).answer == "Onze communicatie"
    with pytest.raises(ValidationError, match="only write the parts of this report that are assigned to you"):
        services.report_save_qualitative(
            report=w.report, base_version=1, answers={w.other_question.pk: "Niet van mij"}, user=w.partner
        )
    assert not w.report.answers.filter(question=w.other_question).exists()
    # Someone else (the project leader) saved meanwhile: the contributor's stale save is a conflict.
    services.report_save_qualitative(
        report=w.report, base_version=1, answers={w.other_question.pk: "Van de leider"}, user=w.leader
    )
    with pytest.raises(StaleSaveError):
        services.report_save_qualitative(
            report=w.report, base_version=1, answers={w.question.pk: "Oud"}, user=w.partner
        )
    # Not assigned to someone else at all.
    with pytest.raises(ValidationError, match="assigned to you"):
        services.report_save_qualitative(
            report=w.report, base_version=2, answers={w.question.pk: "x"}, user=w.sub_leader
        )


def test_delivered_theme_is_no_longer_writable_by_the_contributor(w):
    c = assign(w)
    services.contribution_deliver(contribution=c, actor=w.partner)
    with pytest.raises(ValidationError, match="assigned to you"):
        services.report_save_qualitative(
            report=w.report, base_version=0, answers={w.question.pk: "Later"}, user=w.partner
        )


def test_subproject_paragraph_with_its_own_version(w):
    c = services.contribution_assign(report=w.report, subproject=w.subproject, assignee=w.sub_leader, actor=w.leader)
    assert (
        services.contribution_save_text(contribution=c, base_version=0, text="Het deelproject", user=w.sub_leader) == 1
    )
    c.refresh_from_db()
    assert (c.text, c.version) == ("Het deelproject", 1)
    with pytest.raises(StaleSaveError):
        services.contribution_save_text(contribution=c, base_version=0, text="Oud", user=w.sub_leader)
    with pytest.raises(ValidationError, match="assigned to you"):
        services.contribution_save_text(contribution=c, base_version=1, text="Niet van mij", user=w.partner)
    with pytest.raises(ValidationError):
        services.contribution_save_text(contribution=c, base_version=1, text="x" * 20_001, user=w.sub_leader)
    # Withdrawn and assigned anew: the next writer starts from the paragraph written so far.
    services.contribution_withdraw(contribution=c, actor=w.leader)
    again = services.contribution_assign(report=w.report, subproject=w.subproject, assignee=w.partner, actor=w.leader)
    assert again.text == "Het deelproject"


def test_a_contributor_cannot_submit(w):
    assign(w)
    with pytest.raises(ValidationError, match="Only the region's project leader can submit"):
        services.report_submit(report=w.report, actor=w.partner)
    w.report.refresh_from_db()
    assert w.report.status == MonitorReport.Status.DRAFT


def test_rules(w):
    c = assign(w)
    report = w.report
    assert w.leader.has_perm("monitoring.assign_contribution", report)
    assert w.office.has_perm("monitoring.assign_contribution", report)
    assert not w.partner.has_perm("monitoring.assign_contribution", report)
    assert w.partner.has_perm("monitoring.view_report", report)  # the draft they write for
    assert not w.sub_leader.has_perm("monitoring.view_report", report)  # no part of it: not before it is settled
    assert w.partner.has_perm("monitoring.contribute_report", report)
    assert not w.partner.has_perm("monitoring.edit_report", report)
    assert not w.partner.has_perm("monitoring.submit_report", report)
    assert w.partner.has_perm("monitoring.write_contribution", c)
    assert not w.leader.has_perm("monitoring.write_contribution", c)
    assert w.leader.has_perm("monitoring.withdraw_contribution", c)
    assert not w.leader.has_perm("monitoring.reopen_contribution", c)
    services.contribution_deliver(contribution=c, actor=w.partner)
    c.refresh_from_db()
    assert not w.partner.has_perm("monitoring.write_contribution", c)
    assert not w.partner.has_perm("monitoring.contribute_report", report)
    assert w.partner.has_perm("monitoring.view_report", report)
    assert w.leader.has_perm("monitoring.reopen_contribution", c)


def test_mijn_taken(w):
    c = assign(w)
    (todo,) = [
        t for t in todos_for_user(user=w.partner, today=w.years[2013].report_due_date) if "contribution" in t.kind
    ]
    assert todo.kind == "contribution_write" and todo.subject == "Twente"
    assert f"#contribution-{c.pk}" in todo.url
    assert not [
        t for t in todos_for_user(user=w.leader, today=w.years[2013].report_due_date) if "contribution" in t.kind
    ]
    services.contribution_deliver(contribution=c, actor=w.partner)
    assert not [
        t for t in todos_for_user(user=w.partner, today=w.years[2013].report_due_date) if "contribution" in t.kind
    ]
    (review,) = [
        t for t in todos_for_user(user=w.leader, today=w.years[2013].report_due_date) if "contribution" in t.kind
    ]
    assert review.kind == "contribution_review" and "Paul Partner" in review.state


def test_one_open_per_section_in_the_database(w):
    from django.db import IntegrityError, transaction

    assign(w)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportContribution.objects.create(report=w.report, theme=w.theme, assignee=w.sub_leader)
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportContribution.objects.create(
            report=w.report, theme=w.other_theme, subproject=w.subproject, assignee=w.sub_leader
        )


def test_the_mails_say_what_and_where(w, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://tt.example"
    w.partner.language = "en"
    w.partner.save()
    with django_capture_on_commit_callbacks(execute=True):
        c = assign(w, note="Graag de communicatie")
    (message,) = mail.outbox
    assert message.subject == f'Please write "{w.theme}" for the monitor report Twente 2013'
    assert "Pia Leider asks you to write" in message.body and "Graag de communicatie" in message.body
    assert "https://tt.example/regions/" in message.body and "/reports/2013/edit/" in message.body
    # Queued again for the same hand-over (a retry): nothing more.
    from monitoring.mails import contribution_mail_queue

    assert contribution_mail_queue(contribution=c, event="assigned", actor=w.leader) == 0
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.contribution_deliver(contribution=c, actor=w.partner)
    assert Notification.objects.filter(kind="contribution_delivered").count() == 1
    (message,) = mail.outbox
    assert message.to == ["pl@t.example"] and str(w.theme) in message.subject
