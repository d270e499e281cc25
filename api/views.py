"""The API's pages: the guide (public, like the OpenAPI description) and one's own tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from toptechniek.common.views import form_submit, get_object_with_perm, require_perm

from . import selectors, services
from .forms import TokenCreateForm
from .models import ApiToken
from .rest import API_VERSION


@login_not_required
@require_safe
def guide(request):
    """How to open the API: a token, the header, the resources, paging, filters, errors."""
    base = request.build_absolute_uri("/api/v1/")
    return render(
        request,
        "api/guide.html",
        {
            "base": base,
            "version": API_VERSION,
            "rate": settings.API_THROTTLE_RATE,
            "page_size": settings.API_PAGE_SIZE,
            "max_page_size": settings.API_MAX_PAGE_SIZE,
            "max_days": settings.API_TOKEN_MAX_DAYS,
        },
    )


@never_cache  # the answer to the form holds the secret
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    """One's own tokens, and a new one: its secret is shown once, on the answer to the form."""
    require_perm(request, "api.manage_tokens")
    form = TokenCreateForm(request.POST if request.method == "POST" else None)
    created = form_submit(
        request,
        form,
        lambda data: services.token_create(user=request.user, name=data["name"], valid_days=data["valid_days"]),
        success=_("Your token is made. Copy it now: it is shown only once."),
    )
    context = {
        "form": form,
        "tokens": selectors.tokens_of_user(user=request.user),
        "base": request.build_absolute_uri("/api/v1/"),
    }
    if created:
        token, raw = created
        context.update(new_token=token, secret=raw, form=TokenCreateForm())
    return render(request, "api/tokens.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def token_revoke(request, pk: int):
    token = get_object_with_perm(request, "api.revoke_token", ApiToken.objects.all(), pk=pk)
    if request.method == "POST":
        services.token_revoke(token=token, actor=request.user)
        messages.success(
            request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name}
        )
        return redirect("api:tokens")
    return render(
        request,
        "regions/confirm_delete.html",
        {
            "title": _("Revoke token “%(name)s”") % {"name": token.name},
            "question": _(
                "A script or dashboard that uses this token stops working at once. This cannot be undone; you can "
                "make a new token."
            ),
            "confirm_label": _("Yes, revoke"),
            "back_url": reverse("api:tokens"),
        },
    )
