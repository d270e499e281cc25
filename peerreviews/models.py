"""Models arrive with their issues; see docs/DESIGN.md."""
