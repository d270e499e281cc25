"""The API's plumbing on Django REST Framework, in one place: the token in the Authorization header, the
throttle, pagination with links and counts, problem+json errors, query-parameter filters, the audit log of
every call and the version header. The resources themselves are in api/resources.py."""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator as DjangoPaginator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.utils.urls import replace_query_param

from toptechniek.accounts.throttle import throttle_hit
from toptechniek.common.audit import audit_record, client_ip
from toptechniek.common.models import AuditEvent

from .services import token_authenticate

API_VERSION = "1.0.0"
PROBLEM_JSON = "application/problem+json"


class TokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer tt_…`: a personal token, active and unexpired, of an active person."""

    keyword = b"bearer"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword:
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Give the token after 'Bearer', with one space between."))
        try:
            raw = parts[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked.")) from None
        token = token_authenticate(raw=raw)
        if token is None:
            # Guessing tokens from one address: past API_BAD_TOKEN_LIMIT refusals an hour, the address waits.
            if not throttle_hit(
                scope="api-bad-token",
                value=client_ip(request._request) or "",
                limit=settings.API_BAD_TOKEN_LIMIT,
                period=3600,
            ):
                raise exceptions.Throttled(wait=3600)
            raise exceptions.AuthenticationFailed(_("This token is unknown, expired or revoked."))
        return token.user, token

    def authenticate_header(self, request):
        return 'Bearer realm="Toptechniek API"'


class TokenRateThrottle(SimpleRateThrottle):
    """Calls per person (all of their tokens together), in the shared cache (Redis): `API_THROTTLE_RATE`."""

    scope = "api"

    def get_rate(self):
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class KeysFirstPaginator(DjangoPaginator):
    """A page in two steps: the page's keys (the filter and the order over the keys alone, so the rows before the
    page cost an index scan, not their joins and per-row subqueries), then those rows with everything they
    carry. Deep pages of hundreds of thousands of rows stay as cheap as the first."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = min(bottom + self.per_page, self.count)
        keys = list(self.object_list.values_list("pk", flat=True)[bottom:top])
        if not keys:
            return self._get_page([], number, self)
        if tuple(self.object_list.query.order_by) in (("pk",), ("id",)):
            # Ordered by key: the page is every row of the list between its first and last key.
            chosen = self.object_list.filter(pk__gte=keys[0], pk__lte=keys[-1])
        else:
            chosen = self.object_list.filter(pk__in=keys)
        rows = {(row["id"] if isinstance(row, dict) else row.pk): row for row in chosen}
        return self._get_page([rows[key] for key in keys if key in rows], number, self)


class Pagination(PageNumberPagination):
    """`page` and `page_size` (at most API_MAX_PAGE_SIZE); the body carries `_links` (self, first, prev, next,
    last) and the count, the headers X-Total-Count, X-Pagination-Page, X-Pagination-Limit and Link."""

    page_query_param = "page"
    page_size_query_param = "page_size"
    django_paginator_class = KeysFirstPaginator

    @property
    def max_page_size(self):
        return settings.API_MAX_PAGE_SIZE

    @property
    def page_size(self):
        return settings.API_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        if not raw.isdigit() or not 1 <= int(raw) <= self.max_page_size:
            raise InvalidParams({"page_size": _("A whole number from 1 to %(max)s.") % {"max": self.max_page_size}})
        return int(raw)

    def paginate_queryset(self, queryset, request, view=None):
        raw = request.query_params.get(self.page_query_param, "1")
        if not raw.isdigit() or int(raw) < 1:
            raise InvalidParams({"page": _("A whole number from 1.")})
        return super().paginate_queryset(queryset, request, view)

    def _link(self, number: int) -> str:
        return replace_query_param(self.request.build_absolute_uri(), self.page_query_param, number)

    def get_paginated_response(self, data):
        page = self.page
        paginator = page.paginator
        links = {"self": {"href": self._link(page.number)}, "first": {"href": self._link(1)}}
        if page.has_previous():
            links["prev"] = {"href": self._link(page.previous_page_number())}
        if page.has_next():
            links["next"] = {"href": self._link(page.next_page_number())}
        links["last"] = {"href": self._link(paginator.num_pages)}
        headers = {
            "X-Total-Count": str(paginator.count),
            "X-Pagination-Page": str(page.number),
            "X-Pagination-Limit": str(paginator.per_page),
            "Link": ", ".join(f'<{link["href"]}>; rel="{rel}"' for rel, link in links.items() if rel != "self"),
        }
        body = {
            "_links": links,
            "count": paginator.count,
            "page": page.number,
            "page_size": paginator.per_page,
            "results": data,
        }
        return Response(body, headers=headers)

    def get_paginated_response_schema(self, schema):
        link = {"type": "object", "properties": {"href": {"type": "string", "format": "uri"}}}
        return {
            "type": "object",
            "required": ["_links", "count", "page", "page_size", "results"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": {rel: link for rel in ("self", "first", "prev", "next", "last")},
                },
                "count": {"type": "integer", "example": 1234},
                "page": {"type": "integer", "example": 1},
                "page_size": {"type": "integer", "example": settings.API_PAGE_SIZE},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "Page number, from 1.",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Items per page, 1 to {settings.API_MAX_PAGE_SIZE} (default {settings.API_PAGE_SIZE}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE},
            },
        ]


class InvalidParams(exceptions.ValidationError):
    """A query parameter that cannot be read: 400 with `invalidParams` (name, reason)."""


def problem_handler(exc, context):
    """Every error as RFC 9457 problem details (`application/problem+json`): type, title, status, detail,
    instance, and for unreadable parameters `invalidParams`."""
    from rest_framework.views import exception_handler  # not at import: DRF's views read these settings

    response = exception_handler(exc, context)
    if response is None:
        return None
    request = context.get("request")
    problem = {
        "type": "about:blank",
        "title": PROBLEM_TITLES.get(response.status_code, str(exc.__class__.__name__)),
        "status": response.status_code,
    }
    detail = response.data if isinstance(response.data, dict) else {"detail": response.data}
    if isinstance(exc, exceptions.ValidationError):
        problem["detail"] = _("One or more query parameters cannot be read.")
        problem["invalidParams"] = [
            {"name": name, "reason": " ".join(str(m) for m in (messages if isinstance(messages, list) else [messages]))}
            for name, messages in detail.items()
        ]
    elif "detail" in detail:
        problem["detail"] = str(detail["detail"])
    if request is not None:
        problem["instance"] = request.get_full_path()
    headers = {key: value for key, value in response.items() if key in ("WWW-Authenticate", "Retry-After")}
    return Response(problem, status=response.status_code, headers=headers, content_type=PROBLEM_JSON)


PROBLEM_TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Not signed in"),
    403: gettext_lazy("Not allowed"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    429: gettext_lazy("Too many requests"),
}


@dataclass(frozen=True)
class Filter:
    """A query parameter that narrows a list: `name=value`, read by `parse`, applied as `lookup`."""

    name: str
    lookup: str
    parse: Callable[[str], object]
    description: str
    kind: str = OpenApiTypes.STR

    def parameter(self) -> OpenApiParameter:
        return OpenApiParameter(
            self.name,
            self.kind,
            OpenApiParameter.QUERY,
            description=self.description,
            enum=getattr(self.parse, "choices", None),
        )


def whole_number(raw: str) -> int:
    if not raw.isdigit():
        raise ValueError
    return int(raw)


def year_number(raw: str) -> int:
    year = whole_number(raw)
    if not 1900 <= year <= 2200:
        raise ValueError
    return year


def choice_of(*values: str) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        if raw not in values:
            raise ValueError
        return raw

    parse.choices = values
    return parse


def text(raw: str) -> str:
    if not raw or len(raw) > 100:
        raise ValueError
    return raw


FILTER_REASONS = {
    whole_number: gettext_noop("A whole number."),
    year_number: gettext_noop("A year, e.g. 2026."),
    text: gettext_noop("A short text (at most 100 characters)."),
}


def apply_filters(queryset, request, filters: tuple[Filter, ...]):
    """Narrow the queryset by the filters given; unknown values of a known parameter give a 400 that names it."""
    invalid = {}
    for f in filters:
        raw = request.query_params.get(f.name)
        if raw is None:
            continue
        try:
            value = f.parse(raw.strip())
        except ValueError:
            choices = getattr(f.parse, "choices", None)
            invalid[f.name] = (
                _("One of: %(choices)s.") % {"choices": ", ".join(choices)}
                if choices
                else _(FILTER_REASONS.get(f.parse, gettext_noop("Not a valid value.")))
            )
            continue
        queryset = queryset.filter(**{f.lookup: value})
    if invalid:
        raise InvalidParams(invalid)
    return queryset


class AuditedApiMixin:
    """Every call, answered or refused, goes into the audit log (kind "API call"); every answer says the API's
    version (`API-Version`). The URL needs no session: the token is checked by the view."""

    @classmethod
    def as_view(cls, *args, **kwargs):
        return login_not_required(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["API-Version"] = API_VERSION
        user = getattr(request, "_user", None)
        audit_record(
            kind=AuditEvent.Kind.API,
            request=request._request,
            user=user,
            action=f"api.{getattr(self, 'basename', None) or self.__class__.__name__}",
            object_label=request._request.get_full_path()[:300],
            status=response.status_code,
            message=gettext_noop("API: %(object)s, answered %(status)s"),
            params={"object": request._request.get_full_path()[:200], "status": str(response.status_code)},
        )
        return response


PROBLEM_SCHEMA = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "example": "about:blank"},
        "title": {"type": "string", "example": "Not found"},
        "status": {"type": "integer", "example": 404},
        "detail": {"type": "string"},
        "instance": {"type": "string", "example": "/api/v1/regions/999"},
        "invalidParams": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
PROBLEM_RESPONSES = {
    "400": "A query parameter cannot be read (invalidParams names it).",
    "401": "No token, or a token that is unknown, expired or revoked.",
    "404": "No such item, or not yours to see.",
    "429": "Too many calls: wait the seconds in Retry-After.",
}


def problem_responses_hook(result, generator, request, public):
    """drf-spectacular post-processing: every data operation documents its problem+json errors."""
    result.setdefault("components", {}).setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for operation in operations.values():
            if not operation.get("security", True) == []:
                for code, description in PROBLEM_RESPONSES.items():
                    if code == "400" and "{" in path:
                        continue
                    operation.setdefault("responses", {}).setdefault(
                        code,
                        {
                            "description": description,
                            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}},
                        },
                    )
    return result
