# Dutch style: "1 mrt 2013" (`b` is the lower-case abbreviation, as Dutch writes it; `M` would give "Mrt").
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y H:i"
