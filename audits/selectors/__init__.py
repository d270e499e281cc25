"""The audits app's reads shaped for pages, one module per area: scoring, grants, visits, reminders."""
