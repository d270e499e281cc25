"""Who reads the national dashboard: the programme office and the viewer (OCW); a region's own picture
also its members."""

import rules

from regions.rules import is_region_member
from toptechniek.accounts.rules import is_programme_office, is_viewer

rules.add_perm("dashboard.view_dashboard", is_programme_office | is_viewer)
rules.add_perm("dashboard.view_region_overview", is_programme_office | is_viewer | is_region_member)  # object: region
