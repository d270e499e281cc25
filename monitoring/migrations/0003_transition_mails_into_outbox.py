"""Report-transition mails move into the one outbox (common.Notification); TransitionMail goes.

Every TransitionMail row becomes a Notification with the key, kind and context the workflow writes now
(monitoring/mails.py), so the history of sent mails stays in one place and a mail that was still unsent
is sent by the outbox (its sweep picks up rows younger than three days).
"""

from django.conf import settings
from django.db import migrations
from django.urls import reverse

KEY_PREFIX = {
    "report_awaiting_endorsement": "report-awaiting-endorsement",
    "report_returned": "report-returned",
    "report_submitted": "report-submitted",
    "report_endorsed": "report-endorsed",
    "report_accepted": "report-accepted",
}


def _kind(step, recipient) -> str | None:
    if step.to_status == "awaiting_endorsement":
        return "report_awaiting_endorsement"
    if step.to_status in ("returned", "draft"):
        return "report_returned"
    if step.to_status == "submitted":
        return "report_submitted" if recipient.global_role == "programme_office" else "report_endorsed"
    if step.to_status == "accepted":
        return "report_accepted"
    return None


def forwards(apps, schema_editor):
    TransitionMail = apps.get_model("monitoring", "TransitionMail")
    Notification = apps.get_model("common", "Notification")
    rows = TransitionMail.objects.select_related(
        "recipient", "transition__actor", "transition__report__region", "transition__report__programme_year"
    ).order_by("pk")
    for mail in rows.iterator():
        step, recipient = mail.transition, mail.recipient
        kind = _kind(step, recipient)
        if kind is None:
            continue
        report = step.report
        year = report.programme_year
        path = reverse("monitoring:report_detail", kwargs={"slug": f"{report.region.pk}-{report.region.slug}", "year": year.year})
        actor = step.actor
        who = (actor.full_name or actor.email) if actor else ""
        context = {
            "region_name": report.region.name,
            "year": year.year,
            "who": who,
            "comment": step.comment,
            "link": settings.SITE_URL.rstrip("/") + path,
        }
        if kind == "report_awaiting_endorsement":
            context["due"] = year.report_due_date.isoformat()
        elif kind == "report_returned":
            context.update(
                by_office=step.to_status == "returned",
                reopened=step.from_status == "accepted",
                due=None,
                due_passed=year.report_due_date.isoformat(),
            )
        elif kind == "report_submitted":
            context.update(
                endorser=who if step.from_status == "awaiting_endorsement" else "",
                late=report.is_late,
                report_due=year.report_due_date.isoformat(),
            )
        notification, created = Notification.objects.get_or_create(
            key=f"{KEY_PREFIX[kind]}:{step.pk}:user={recipient.pk}",
            defaults={
                "kind": kind,
                "recipient": recipient,
                "template": f"mail/{kind}",
                "context": context,
                "delivery": "immediate",
                "status": "sent" if mail.sent_at else "pending",
                "sent_at": mail.sent_at,
                "attempts": 1 if mail.sent_at else 0,
            },
        )
        if created:  # auto_now_add set it to now: keep the time of the transition
            Notification.objects.filter(pk=notification.pk).update(created_at=step.at)


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0002_reportattachment"),
        ("common", "0003_mail_preferences_and_digest"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="TransitionMail",
        ),
    ]
