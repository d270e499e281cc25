"""Permissions on a peer review's content (learning questions, outcomes, meetings, sessions, reports)."""
