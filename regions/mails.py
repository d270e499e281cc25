"""Mails of the regions app, queued through the outbox (toptechniek/common/notifications.py).

- target amendment decided (approved or refused) → whoever proposed it and the region's project leaders,
  once per amendment; queued by ``target_amendment_decide`` in its transaction.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

from .models import Indicator, RegionRole, TargetAmendment


def _number(value: str | None) -> str:
    if value in (None, ""):
        return "–"
    shown = f"{Decimal(value).normalize():f}"
    return shown.replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def _target(direction: str, value: str | None, target_max: str | None) -> str:
    """A target as the region page writes it ("110", "≤ 5", "10–20"), with the recipient's decimal sign."""
    if value in (None, ""):
        return "–"
    if direction == Indicator.Direction.LOWER:
        return f"≤ {_number(value)}"
    if direction == Indicator.Direction.RANGE and target_max not in (None, ""):
        return f"{_number(value)}–{_number(target_max)}"
    return _number(value)


def amendment_lines(notification) -> dict:
    """Outbox hook: the changed targets per year, written at send time in the recipient's number format."""
    c = notification.context
    return {
        "lines": [
            {
                "year": line["year"],
                "old": _target(c["direction"], line["old"], line["old_max"]),
                "new": _target(c["direction"], line["new"], line["new_max"]),
            }
            for line in c.get("raw_lines", [])
        ]
    }


kind_register(
    MailKind(
        code="amendment_decided",
        label=_("A proposed change of the agreements is decided"),
        template="mail/amendment_decided",
        audience=frozenset({"programme_office", RegionRole.Role.PROJECT_LEADER}),
        order=60,
        prepare=amendment_lines,
    ),
)


def _text(value) -> str | None:
    return None if value is None else str(value)


def amendment_decided_queue(*, amendment: TargetAmendment) -> int:
    """Tell the proposer and the region's project leaders what the office decided (not the decider)."""
    User = get_user_model()
    indicator = amendment.indicator
    region = indicator.region
    recipients = User.objects.filter(
        Q(pk=amendment.proposed_by_id)
        | Q(region_roles__region_id=region.pk, region_roles__role=RegionRole.Role.PROJECT_LEADER),
        is_active=True,
    ).distinct()
    return notify(
        kind="amendment_decided",
        recipients=recipients,
        key=f"amendment-decided:{amendment.pk}",
        context={
            "region_name": region.name,
            "indicator": f"{indicator.code} {indicator.name}",
            "approved": amendment.status == TargetAmendment.Status.APPROVED,
            "note": amendment.decision_note,
            "direction": indicator.direction,
            "raw_lines": [
                {
                    "year": line.year,
                    "old": _text(line.old_value),
                    "old_max": _text(line.old_max),
                    "new": _text(line.new_value),
                    "new_max": _text(line.new_max),
                }
                for line in amendment.lines.order_by("year")
            ],
            "link": site_link(region.get_absolute_url() + f"#amendment-{amendment.pk}"),
        },
        exclude=[amendment.decided_by_id],
    )
