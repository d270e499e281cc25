"""Small helpers every view uses: object-level permission checks that answer 404."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404

from .forms import apply_validation_error


def require_perm(request, perm: str, obj=None) -> None:
    """Raise 404 (not 403) when the user lacks the permission, so forbidden objects stay invisible."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def get_object_with_perm(request, perm: str, queryset, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    require_perm(request, perm, obj)
    return obj


def form_submit(request, form, save, *, success: str):
    """For a valid POSTed form, call `save(cleaned_data)` (a service) and flash `success`.

    A service's ValidationError lands on the form (field errors on their fields), so the page is
    shown again with what the user typed. Returns the service's result (True when it returns
    nothing), or None when the form must be shown again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = save(form.cleaned_data)
    except ValidationError as exc:
        apply_validation_error(form, exc)
        return None
    messages.success(request, success)
    return True if result is None else result


# --- Attachments: the same three pages for every kind of owner (report, peer review) -------------


def safe_next(request, allowed: list[str]) -> str:
    """The `next` the page was posted with, when it is one of the owner's own pages; else the first."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    return target if target in allowed else allowed[0]


def attachment_upload_page(request, *, create, back_urls: list[str], title: str, attachments):
    """GET: the upload form beside the current attachments. POST: `create(upload=, description=)` (a service)
    and back to the page it came from; a refused file is shown on the form with the description kept."""
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    from .uploads import AttachmentForm

    posted = request.method == "POST"
    form = AttachmentForm(request.POST if posted else None, request.FILES if posted else None, request=request)
    back = safe_next(request, back_urls)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            attachment = create(upload=upload, description=form.cleaned_data["description"])
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            messages.success(request, _("%(name)s attached.") % {"name": attachment.name})
            return redirect(f"{back}#attachments")
    if form.errors:
        form.add_error(None, _("The file was not attached. Choose the file again after correcting the problem."))
    return render(
        request,
        "common/attachment_upload.html",
        {"form": form, "title": title, "back_url": back, "attachments": attachments},
    )


def attachment_delete_page(request, *, attachment, delete, back_url: str):
    """GET: are you sure? POST: `delete()` (a service) and back."""
    from django.shortcuts import redirect, render
    from django.utils.translation import gettext as _

    if request.method == "POST":
        try:
            delete()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(name)s removed.") % {"name": attachment.name})
        return redirect(f"{back_url}#attachments")
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "title": _("Remove attachment"),
            "question": _("Remove the attachment %(name)s? This cannot be undone.") % {"name": attachment.name},
            "back_url": f"{back_url}#attachments",
        },
    )
