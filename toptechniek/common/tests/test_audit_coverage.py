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
    "toptechniek.accounts.email_signin.browser_value_new": "helper: a random value for the asking browser",
    "toptechniek.accounts.email_signin.sign_in_code_use": "the sign-in is logged as a login (auth signal)",
    "toptechniek.accounts.email_signin.sign_in_link_allowed": "read",
    "toptechniek.accounts.email_signin.sign_in_link_request": "anonymous, throttled; the worker sends",
    "toptechniek.accounts.email_signin.sign_in_link_send": "the worker's mail",
    "toptechniek.accounts.email_signin.sign_in_link_state": "read",
    "toptechniek.accounts.email_signin.sign_in_link_url": "helper",
    "toptechniek.accounts.email_signin.sign_in_link_use": "the sign-in is logged as a login (auth signal)",
    "toptechniek.accounts.email_signin.sign_in_links_prune": "the worker's cleanup of spent links",
    "toptechniek.accounts.lockouts.address_failures": "read",
    "toptechniek.accounts.lockouts.client_addresses_known": "read of the settings",
    "toptechniek.accounts.lockouts.axes_username": "helper for django-axes",
    "toptechniek.accounts.lockouts.current_address_lockouts": "read",
    "toptechniek.accounts.lockouts.current_lockouts": "read",
    "toptechniek.accounts.password_reset.access_mail_allowed": "the throttle's counter",
    "toptechniek.accounts.password_reset.password_reset_allowed": "read",
    "toptechniek.accounts.password_reset.password_reset_link": "helper",
    "toptechniek.accounts.password_reset.password_reset_request": "anonymous, throttled; the worker sends",
    "toptechniek.accounts.password_reset.password_reset_send": "the worker's mail",
    "toptechniek.accounts.two_factor.has_confirmed_device": "read",
    "toptechniek.accounts.two_factor.is_required_for": "read",
    "toptechniek.accounts.two_factor.pending_totp_device": "a device to confirm; confirming is logged",
    "toptechniek.accounts.two_factor.qr_svg": "helper",
    "toptechniek.accounts.two_factor.recovery_codes_left": "read",
    "toptechniek.accounts.two_factor.secret_of": "helper",
    "toptechniek.accounts.two_factor.totp_device": "read",
    "toptechniek.accounts.two_factor.verify": "a verification, logged by the security logger when it fails",
    "regions.services.vision_agenda_open": "read: whether the regioagenda is asked for (the programme's final year)",
    "monitoring.services.report_start_refusal": "read: why a report cannot be started (the region page asks too)",
    "monitoring.services.report_missing": "read: what the report still lacks before it can be submitted",
    "selection.services.application_missing": "read: what the application still lacks before it can be submitted",
    "monitoring.services.report_pdf_stamp": "pure: the PDF's freshness stamp",
    "monitoring.services.report_pdf_is_fresh": "read: whether the stored PDF is current",
    "monitoring.services.report_pdf_request": "queues the PDF's render for a download",
    "monitoring.services.report_pdf_make": "renders a PDF in memory",
    "monitoring.services.report_pdf_render": "the worker renders and stores the PDF",
    "monitoring.services.report_pdf_fail": "the worker records a failed render",
    "regions.services.framework_install": "installs the default framework (programme_create logs it; seeding)",
    "regions.services.frozen_years": "read: the years whose targets are frozen",
    "regions.services.framework_item_refusal": "read: why a framework item cannot be removed",
    "regions.services.programme_check_open": "read: refuses a change in a closed programme",
    "regions.services.programme_reported_years": "read: the years of a programme with a submitted report",
    "governance.services.meeting_grant": "read: the meeting's grant",
    "dashboard.services.unit_key": "pure: a unit's grouping key",
    "analysis.services.analysis_missing": "read: what the draft analysis lacks before it can be published",
    "analysis.services.analysis_pdf_make": "renders the published analysis as a PDF in memory",
    "dashboard.services.is_percentage": "pure: whether a unit is a percentage",
    "dashboard.services.facts_compute": "read: the facts computed afresh",
    "dashboard.services.facts_refresh": "bookkeeping: derived facts after a change its service logs",
    "dashboard.services.facts_rebuild": "bookkeeping: every derived fact rebuilt (command, admin)",
    "dashboard.services.facts_bootstrap": "bookkeeping: the facts built after migrate",
    "dashboard.services.facts_check": "read: stored facts against a fresh computation",
    "toptechniek.accounts.services.invitation_link": "pure: the set-password link",
    "toptechniek.accounts.services.invitation_send": "the worker mails the invitation user_invite logged",
    # --- audits
    "audits.services.grants.grant_compute": "pure: the proposal's arithmetic",
    "audits.services.scoring.assignment_conflict": "read: the independence check of an assignment",
    "audits.services.scoring.region_role_conflict": "read: regions' conflict check for a new role",
    "audits.services.scoring.placemat_get_or_create": "creates the empty placemat a page shows; no content",
    "audits.services.scoring.scoring_open": "creates the assessor's empty scoring a page shows; no content",
    "audits.services.scoring.scoring_missing": "read: what a submission still lacks",
    "audits.services.visits.visit_missing": "read: what the visit report still lacks",
    "audits.services.reminders.report_object_key": "pure: a reminder's key",
    "audits.services.reminders.scoring_object_key": "pure: a reminder's key",
    "audits.services.reminders.reminder_candidates": "read: the reminders due today",
    "audits.services.reminders.reminder_queue": "the worker's sweep: queues a reminder mail",
    "audits.services.reminders.reminder_sweep": "the worker's daily sweep: creates reminders, queues mails",
    "audits.services.reminders.reminder_prepare": "read: the outbox's check at send time",
    "audits.services.reminders.reminder_after_send": "the outbox's bookkeeping: the reminder marked sent",
    "audits.services.reminders.reminder_send": "sends one reminder mail (the shell and the tests)",
    "audits.services.placemat_pdf.clip": "pure: PDF layout",
    "audits.services.placemat_pdf.condition_row_mm": "pure: PDF layout",
    "audits.services.placemat_pdf.indicator_row_mm": "pure: PDF layout",
    "audits.services.placemat_pdf.lines_needed": "pure: PDF layout",
    "audits.services.placemat_pdf.dots": "pure: PDF layout",
    "audits.services.placemat_pdf.score_labels": "pure: PDF layout",
    "audits.services.placemat_pdf.placemat_sheet": "read: the placemat's PDF layout",
    "audits.services.placemat_pdf.placemat_pdf_stamp": "pure: the PDF's freshness stamp",
    "audits.services.placemat_pdf.placemat_pdf_file_name": "pure: the stored PDF's name",
    "audits.services.placemat_pdf.placemat_pdf_make": "renders a PDF in memory",
    "audits.services.placemat_pdf.placemat_pdf_is_fresh": "read: whether the stored PDF is current",
    "audits.services.placemat_pdf.placemat_pdf_on_its_way": "read: whether a render is pending",
    "audits.services.placemat_pdf.placemat_pdf_failure": "read: why the PDF could not be made",
    "audits.services.placemat_pdf.placemat_pdf_render": "the worker renders and stores the PDF",
    "audits.services.placemat_pdf.placemat_pdf_fail": "the worker records a failed render",
    "audits.services.placemat_pdf.placemat_pdf_request": "queues the PDF's render for a download",
    "audits.services.placemat_pdf.placemats_render_year": "renders or queues the year's PDFs; no content",
    "audits.services.placemat_pdf.published_placemats": "read: the year's published placemats",
    "audits.services.placemat_pdf.placemat_pdfs_for_year": "read: the year's PDFs and their state",
    # --- peerreviews
    "monitoring.services.opendata_refusal": "read: why a year cannot be published as open data yet",
    "peerreviews.services.reviews.readiness_missing": "read: what the readiness check lacks, for the page",
    "peerreviews.services.reviews.facilitator_refusal": "read: why a person cannot guide a peer review",
    "peerreviews.services.conflicts.assignment_peer_conflict": "read: the audits app's conflict check",
    "peerreviews.services.conflicts.peer_assessor_conflicts": "read: conflicts that block a confirmation",
    "peerreviews.services.actions.action_mails": "read: the action mails due today",
    "peerreviews.services.actions.action_sweep": "the worker's daily sweep: queues reminder mails",
    # --- api
    "api.services.token_authenticate": "every API call is logged as such (api.rest.AuditedApiMixin)",
}


# Modules outside the services rooms that change data for a person: the access services of the accounts app.
ACCESS_MODULES = [
    "toptechniek/accounts/two_factor.py",
    "toptechniek/accounts/lockouts.py",
    "toptechniek/accounts/password_reset.py",
    "toptechniek/accounts/email_signin.py",
]


def _service_modules() -> list[Path]:
    paths = [ROOT / module for module in ACCESS_MODULES]
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
