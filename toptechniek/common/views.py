"""Small helpers every view uses: object-level permission checks that answer 404."""

from django.http import Http404
from django.shortcuts import get_object_or_404


def require_perm(request, perm: str, obj=None) -> None:
    """Raise 404 (not 403) when the user lacks the permission, so forbidden objects stay invisible."""
    if not request.user.has_perm(perm, obj):
        raise Http404


def get_object_with_perm(request, perm: str, queryset, **lookup):
    obj = get_object_or_404(queryset, **lookup)
    require_perm(request, perm, obj)
    return obj
