"""The audits app's writes, one module per area: scoring (assignments, scoring, calibration, publication),
placemat_pdf, grants, visits, reminders."""
