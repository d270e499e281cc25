"""What the tests of every app share: the query-count helpers and the World namespace.

Query counts are pinned the same way everywhere: a page costs a fixed number of queries whatever the data
size, checked at one and at three items (`assert_flat_queries`), and pinned with
`django_assert_max_num_queries` where a number is part of the design. `queries_of` counts one request,
`queries_in` the queries of any block of code. The World itself is built by `regions.tests.world.world_build`.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import SimpleNamespace

from django.db import connection
from django.test.utils import CaptureQueriesContext


class World(SimpleNamespace):
    """The objects a test module builds once per test (programme, years, regions, people), by name."""


@contextmanager
def queries_in() -> Iterator[list[str]]:
    """The SQL of every query the block runs: a list, filled in when the block ends."""
    sql: list[str] = []
    with CaptureQueriesContext(connection) as ctx:
        yield sql
    sql.extend(query["sql"] for query in ctx.captured_queries)


def queries_of(client, url: str, *, status: int = 200, method: str = "get", data: dict | None = None) -> int:
    """How many SQL queries one request costs; the request must answer `status`."""
    with queries_in() as sql:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == status, f"{method.upper()} {url}: {response.status_code}, expected {status}"
    return len(sql)


def assert_flat_queries(client, url: str, *, grow: Callable[[], object], times: int = 2, status: int = 200) -> int:
    """The page costs as many queries with one item as after `grow()` added `times` more; returns the count."""
    one = queries_of(client, url, status=status)
    for _ in range(times):
        grow()
    more = queries_of(client, url, status=status)
    assert more == one, f"{url}: {one} queries with one item, {more} with {times + 1}"
    return one
