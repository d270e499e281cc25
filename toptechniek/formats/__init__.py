"""The project's date formats (settings.FORMAT_MODULE_PATH); whatever is not named here comes from Django's locale.

Templates write `|date:"SHORT_DATE_FORMAT"` (tables, lists, histories) or `"DATE_FORMAT"`/`"j F Y"` (a date in a
sentence), never a literal with `M`: Django's `M` title-cases the Dutch month ("1 Mrt 2013").
"""
