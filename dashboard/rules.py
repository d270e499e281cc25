"""Who reads the national dashboard: the programme office and the viewer (OCW); a region's own picture
also its members. Only the programme office may switch on the provisional view (drafts' figures
included, labelled as such); everyone else always sees settled figures."""

import rules

from regions.rules import is_region_member
from toptechniek.accounts.rules import is_programme_office, is_viewer

rules.add_perm("dashboard.view_dashboard", is_programme_office | is_viewer)
rules.add_perm("dashboard.view_region_overview", is_programme_office | is_viewer | is_region_member)  # object: region
rules.add_perm("dashboard.view_provisional", is_programme_office)
