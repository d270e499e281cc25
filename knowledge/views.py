"""Thin views of the kennisprogramma: check the permission (404 when not allowed), call a selector or a
service, render. A refused save shows the page again with everything the user typed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from regions.models import Programme
from toptechniek.common.views import form_submit, get_object_with_perm, require_perm

from . import selectors, services
from .forms import AttendanceForm, EventForm, LinkForm, RegistrationForm
from .models import Event

FORM_METHODS = ["GET", "POST"]


def _event(request, perm: str, pk: int) -> Event:
    return get_object_with_perm(request, perm, selectors.EVENTS, pk=pk)


def _event_fields(data: dict) -> dict:
    return {key: data.get(key) for key in services.EVENT_FIELDS}


@require_safe
def event_list(request):
    require_perm(request, "knowledge.view_events")
    lists = selectors.event_lists(user=request.user, today=timezone.localdate(), page=request.GET.get("page"))
    return render(request, "knowledge/event_list.html", {"lists": lists, "page": lists.past})


@require_http_methods(FORM_METHODS)
def event_create(request):
    require_perm(request, "knowledge.add_event")
    initial = {}
    if slug := request.GET.get("programme"):
        initial["programme"] = Programme.objects.filter(slug=slug, closed_at__isnull=True).first()
    form = EventForm(request.POST or None, initial=initial)
    event = form_submit(
        request,
        form,
        lambda d: services.event_create(actor=request.user, programme=d["programme"], **_event_fields(d)),
        success=_("Event saved as a draft; publish it to send the invitations."),
    )
    if event:
        return redirect(event)
    return render(request, "knowledge/event_form.html", {"form": form, "title": _("New event")})


@require_http_methods(FORM_METHODS)
def event_update(request, pk):
    event = _event(request, "knowledge.change_event", pk)
    form = EventForm(request.POST or None, instance=Event.objects.get(pk=event.pk), programme=event.programme)
    saved = form_submit(
        request,
        form,
        lambda d: services.event_update(actor=request.user, event=event, **_event_fields(d)),
        success=_("Event saved."),
    )
    if saved:
        return redirect(event)
    return render(request, "knowledge/event_form.html", {"form": form, "title": _("Edit event"), "event": event})


@require_safe
def event_detail(request, pk):
    event = _event(request, "knowledge.view_event", pk)
    from django.urls import reverse

    from toptechniek.common.uploads import attachment_context

    page = selectors.event_page(event=event, user=request.user)
    can_add = request.user.has_perm("knowledge.add_material", event)
    return render(
        request,
        "knowledge/event_detail.html",
        {
            "event": event,
            "page": page,
            "registration_form": RegistrationForm(regions=page.regions),
            **attachment_context(
                attachments=page.attachments,
                download_url=lambda a: reverse("knowledge:attachment_download", args=[event.pk, a.pk]),
                delete_url=lambda a: reverse("knowledge:attachment_delete", args=[event.pk, a.pk]) if can_add else None,
                upload_url=reverse("knowledge:attachment_add", args=[event.pk]) if can_add else None,
                empty_text=_("No files yet."),
            ),
        },
    )


def _confirm(request, *, event, perm: str, action, title: str, question: str, button: str, success: str):
    event = _event(request, perm, event)
    if request.method == "POST":
        try:
            action(event)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, success)
        return redirect(event)
    return render(
        request,
        "knowledge/event_confirm.html",
        {"event": event, "title": title, "question": question, "button": button},
    )


@require_http_methods(FORM_METHODS)
def event_publish(request, pk):
    return _confirm(
        request,
        event=pk,
        perm="knowledge.publish_event",
        action=lambda e: services.event_publish(actor=request.user, event=e),
        title=_("Publish event"),
        question=_(
            "Publish the event? Everyone in its audience is invited by mail, once; from then on everyone of the "
            "programme sees it and can register."
        ),
        button=_("Publish and invite"),
        success=_("The event is published and the invitations are on their way."),
    )


@require_http_methods(FORM_METHODS)
def event_cancel(request, pk):
    return _confirm(
        request,
        event=pk,
        perm="knowledge.cancel_event",
        action=lambda e: services.event_cancel(actor=request.user, event=e),
        title=_("Cancel event"),
        question=_("Cancel the event? Everyone who was invited or registered gets a mail. This cannot be undone."),
        button=_("Cancel the event"),
        success=_("The event is cancelled."),
    )


@require_http_methods(FORM_METHODS)
def event_register(request, pk):
    event = _event(request, "knowledge.register_event", pk)
    regions = selectors.registration_regions(user=request.user, event=event)
    form = RegistrationForm(request.POST if request.method == "POST" else None, regions=regions)
    registered = form_submit(
        request,
        form,
        lambda d: services.registration_create(actor=request.user, event=event, region=d.get("region")),
        success=_("You are registered for %(event)s.") % {"event": event.title},
    )
    if registered:
        return redirect(event)
    return render(request, "knowledge/event_register.html", {"event": event, "form": form})


@require_POST
def event_unregister(request, pk):
    event = _event(request, "knowledge.register_event", pk)
    try:
        services.registration_cancel(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You are no longer registered for %(event)s.") % {"event": event.title})
    return redirect(event)


@require_POST
def event_decline(request, pk):
    event = _event(request, "knowledge.register_event", pk)
    try:
        services.invitation_decline(actor=request.user, event=event)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("You declined the invitation."))
    return redirect(event)


@require_http_methods(FORM_METHODS)
def attendance(request, pk):
    event = _event(request, "knowledge.record_attendance", pk)
    registrations, invitees = selectors.attendance_rows(event=event)
    initial = {"attended": [str(r.pk) for r in registrations if r.attended]}
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        registrations=registrations,
        invitees=invitees,
    )
    saved = form_submit(
        request,
        form,
        lambda d: services.attendance_record(
            actor=request.user, event=event, attended=d["attended"], walk_ins=d["walk_ins"]
        ),
        success=_("Attendance recorded."),
    )
    if saved:
        return redirect(event.get_absolute_url() + "#attendance")
    return render(
        request,
        "knowledge/attendance.html",
        {"event": event, "form": form, "registrations": registrations},
    )


# --- Material ---------------------------------------------------------------------------------------------


@require_http_methods(FORM_METHODS)
def link_add(request, pk):
    event = _event(request, "knowledge.add_material", pk)
    form = LinkForm(request.POST or None)
    saved = form_submit(
        request,
        form,
        lambda d: services.material_link_add(actor=request.user, event=event, title=d["title"], url=d["url"]),
        success=_("Link added."),
    )
    if saved:
        return redirect(event.get_absolute_url() + "#material")
    return render(request, "knowledge/link_form.html", {"event": event, "form": form})


@require_POST
def link_delete(request, pk, link):
    event = _event(request, "knowledge.add_material", pk)
    item = get_object_or_404(event.links, pk=link)
    item.event = event
    try:
        services.material_link_delete(actor=request.user, link=item)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s removed.") % {"name": item.title})
    return redirect(event.get_absolute_url() + "#material")


@require_http_methods(FORM_METHODS)
def attachment_add(request, pk):
    from toptechniek.common.views import attachment_upload_page

    event = _event(request, "knowledge.add_material", pk)
    return attachment_upload_page(
        request,
        create=lambda upload, description: services.material_add(
            actor=request.user, event=event, upload=upload, description=description
        ),
        back_urls=[event.get_absolute_url()],
        title=_("Add material to %(event)s") % {"event": event.title},
        attachments=event.attachments.all(),
    )


@require_safe
def attachment_download(request, pk, attachment):
    from toptechniek.common.uploads import attachment_response

    event = _event(request, "knowledge.view_event", pk)
    return attachment_response(attachment=get_object_or_404(event.attachments, pk=attachment))


@require_http_methods(FORM_METHODS)
def attachment_delete(request, pk, attachment):
    from toptechniek.common.views import attachment_delete_page

    event = _event(request, "knowledge.add_material", pk)
    item = get_object_or_404(event.attachments, pk=attachment)
    item.event = event
    return attachment_delete_page(
        request,
        attachment=item,
        delete=lambda: services.material_delete(actor=request.user, attachment=item),
        back_url=event.get_absolute_url(),
    )
