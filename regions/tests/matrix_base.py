"""Shared vocabulary of the permission matrix: roles and expectation builders.

Apps add their own rows in `<app>/tests/matrix_rows.py` (ROWS, an optional `build(world)` that adds
objects to `world.extra`, and an optional `snapshot()` of the data a refused request must not change).
"""

ANON, PL, PL_OTHER, PV, PARTNER, CF, OFFICE, VIEWER = (
    "anonymous",
    "project_leader",
    "project_leader_other_region",
    "penvoerder",
    "partner",
    "critical_friend",
    "office",
    "viewer",
)
ROLES = [ANON, PL, PL_OTHER, PV, PARTNER, CF, OFFICE, VIEWER]
LOGGED_IN = [r for r in ROLES if r != ANON]
REGION_A_READERS = {PL, PV, PARTNER, CF, OFFICE, VIEWER}


def expect(ok: set | list, status: int, *, others: int = 404, anon: int = 302, overrides: dict | None = None) -> dict:
    table = {role: (status if role in ok else others) for role in LOGGED_IN}
    table[ANON] = anon
    table.update(overrides or {})
    return table


def everyone(status: int, anon: int = 302) -> dict:
    return expect(LOGGED_IN, status, anon=anon)


OFFICE_FORM_GET = expect({OFFICE}, 200)
OFFICE_FORM_POST = expect({OFFICE}, 200)  # an empty POST re-renders the form with errors
READ_ONLY_POST = everyone(405)  # read pages accept GET only (anonymous: login first)
