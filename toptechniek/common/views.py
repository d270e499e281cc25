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
