"""The office's read-only view of the audit log (append-only; nothing here changes it)."""

from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.forms import StyledFormMixin
from toptechniek.common.models import AuditEvent
from toptechniek.common.views import require_perm


class AuditFilterForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All"))] + AuditEvent.Kind.choices)
    who = forms.CharField(label=_("Who (e-mail contains)"), required=False, max_length=254)
    what = forms.CharField(label=_("Region, year or object (contains)"), required=False, max_length=120)


def audit_events(*, kind: str = "", who: str = "", what: str = ""):
    """The log, newest first, filtered; one query per page (plus the count)."""
    qs = AuditEvent.objects.all()
    if kind:
        qs = qs.filter(kind=kind)
    if who:
        qs = qs.filter(actor_label__icontains=who)
    if what:
        qs = qs.filter(action__icontains=what) | qs.filter(object_label__icontains=what)
    return qs.order_by("-at", "-pk")


@require_safe
def audit_log(request):
    require_perm(request, "accounts.view_audit_log")
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events(**{k: v for k, v in filters.items() if v})
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    for event in page.object_list:
        event.text = audit_text(event)
        event.fields = audit_fields(event)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/audit_log.html",
        {"form": form, "page": page, "events": page.object_list, "query": query.urlencode()},
    )
