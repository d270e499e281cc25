"""Permission-matrix rows of the API's pages and of /api/v1/ (see regions/tests/matrix_base.py).

The guide, the OpenAPI description and its two browsable renderings are public. Everyone signed in manages their
own tokens; only the owner revokes one (the project leader's token here). The API itself opens with a token
only: a signed-in browser's session gets 401 for every resource and item, whatever its role (what each role's
token reads is the API matrix: api/tests/test_api_matrix.py)."""

from django.urls import reverse

from api import services
from api.models import ApiToken
from regions.tests.matrix_base import PL, everyone, expect

PUBLIC = everyone(200, anon=200)
PUBLIC_READ_ONLY = everyone(405, anon=405)
TOKEN_ONLY = everyone(401, anon=401)


def build(world) -> None:
    token, _raw = services.token_create(user=world.users[PL], name="Power BI", valid_days=30)
    world.extra["api_token"] = token


def snapshot():
    return tuple(ApiToken.objects.order_by("pk").values_list("name", "revoked_at"))


def _v1(name, key=None):
    def build_url(w):
        if key is None:
            return reverse(f"apiv1:{name}")
        return reverse(f"apiv1:{name}", args=[key(w)])

    return build_url


ITEM_KEYS = {
    "programme": lambda w: w.programme.slug,
    "programme-year": lambda w: w.years[2013].pk,
    "region": lambda w: w.region_a.pk,
    "indicator": lambda w: w.extra["indicator_agreed"].pk,
    "realisation": lambda w: 1,
    "report-status": lambda w: w.reports["accepted"].pk,
    "placemat-score": lambda w: w.audits["placemat_published"].pk,
    "audit-judgement": lambda w: w.audits["visit_reported"].pk,
    "grant": lambda w: w.audits["grant"].pk,
}

ROWS = {
    "api:guide": (lambda w: reverse("api:guide"), PUBLIC, PUBLIC_READ_ONLY),
    # An empty form is shown again with its errors; nothing is made.
    "api:tokens": (lambda w: reverse("api:tokens"), everyone(200), everyone(200)),
    "api:token_revoke": (
        lambda w: reverse("api:token_revoke", args=[w.extra["api_token"].pk]),
        expect({PL}, 200),  # confirmation page
        expect({PL}, 302),
    ),
    "apiv1:schema": (_v1("schema"), PUBLIC, PUBLIC_READ_ONLY),
    "apiv1:swagger": (_v1("swagger"), PUBLIC, PUBLIC_READ_ONLY),
    "apiv1:redoc": (_v1("redoc"), PUBLIC, PUBLIC_READ_ONLY),
}
for _basename, _key in ITEM_KEYS.items():
    ROWS[f"apiv1:{_basename}-list"] = (_v1(f"{_basename}-list"), TOKEN_ONLY, TOKEN_ONLY)
    ROWS[f"apiv1:{_basename}-detail"] = (_v1(f"{_basename}-detail", _key), TOKEN_ONLY, TOKEN_ONLY)
