"""Every service that changes something logs it: each public function of a services module calls
`audit_change` (itself or through another service function that does), or is listed below with the reason
it does not. A new service that forgets the log fails here."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Public service functions that log nothing, and why. Reads, helpers and the worker's own bookkeeping (mails
# sent, PDFs rendered, facts recomputed) are not changes a person made; a person's change that causes them
# is logged by the service the person called.
NOT_AUDITED: dict[str, str] = {
    # --- monitoring, regions, governance, dashboard, accounts
    # --- audits
    # --- peerreviews
    "peerreviews.services.reviews.readiness_missing": "read: what the readiness check lacks, for the page",
    "peerreviews.services.conflicts.assignment_peer_conflict": "read: the audits app's conflict check",
    "peerreviews.services.conflicts.peer_assessor_conflicts": "read: conflicts that block a confirmation",
    "peerreviews.services.actions.action_mails": "read: the action mails due today",
    "peerreviews.services.actions.action_sweep": "the worker's daily sweep: queues reminder mails",
}


def _service_modules() -> list[Path]:
    paths = []
    for pattern in ("*/services.py", "*/services/*.py", "toptechniek/*/services.py", "toptechniek/*/services/*.py"):
        paths.extend(path for path in ROOT.glob(pattern) if ".venv" not in path.parts)
    return sorted(set(paths))


def _functions() -> dict[str, tuple[str, set[str]]]:
    """qualified name -> (bare name, names it calls), for every top-level function of every services module."""
    found = {}
    for path in _service_modules():
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text())
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                calls = set()
                for inner in ast.walk(node):
                    if isinstance(inner, ast.Call):
                        func = inner.func
                        if isinstance(func, ast.Name):
                            calls.add(func.id)
                        elif isinstance(func, ast.Attribute):
                            calls.add(func.attr)
                found[f"{module}.{node.name}"] = (node.name, calls)
    return found


def test_every_public_service_logs_its_change_or_says_why_not():
    functions = _functions()
    assert len(functions) > 50, "the services modules were not found"
    audited = {"audit_change"}
    grew = True
    while grew:
        grew = False
        for name, calls in functions.values():
            if name not in audited and calls & audited:
                audited.add(name)
                grew = True
    missing = sorted(
        qualified
        for qualified, (name, _calls) in functions.items()
        if not name.startswith("_") and name not in audited and qualified not in NOT_AUDITED
    )
    assert missing == [], "services that change data without audit_change (or add them to NOT_AUDITED): " + ", ".join(
        missing
    )


def test_the_exceptions_name_existing_functions():
    assert set(NOT_AUDITED) <= set(_functions())
