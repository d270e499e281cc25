"""The audits app's views, one module per area: scoring, pdf, reminders, grants, visits."""
