"""Mail of the programme analysis, queued through the outbox (toptechniek/common/notifications.py).

- published → the programme's project leaders and critical friends, once per analysis.
"""

from django.utils.translation import gettext_lazy as _

from regions.models import RegionRole
from toptechniek.common.notifications import MailKind, kind_register, notify, site_link

from .models import ProgrammeAnalysis

PL, CF = RegionRole.Role.PROJECT_LEADER, RegionRole.Role.CRITICAL_FRIEND

kind_register(
    MailKind(
        code="analysis_published",
        label=_("The programme's yearly analysis is published"),
        template="mail/analysis_published",
        audience=frozenset({PL, CF}),
        order=70,
    ),
)


def analysis_published_queue(*, analysis: ProgrammeAnalysis) -> int:
    """Tell the programme's project leaders and critical friends (each person once; key per analysis)."""
    from toptechniek.accounts.models import User

    programme_year = analysis.programme_year
    recipients = User.objects.filter(
        is_active=True,
        region_roles__region__programme_id=programme_year.programme_id,
        region_roles__role__in=[PL, CF],
    ).distinct()
    return notify(
        kind="analysis_published",
        recipients=recipients,
        key=f"analysis-published:{analysis.pk}",
        context={
            "programme_name": programme_year.programme.name,
            "year": programme_year.year,
            "link": site_link(analysis.get_absolute_url()),
        },
    )
