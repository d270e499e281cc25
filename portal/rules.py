"""Named permissions of the portal (the pages that compose the other apps)."""

import rules

# Mijn taken: every signed-in person sees what waits for them (the object is the person, or none).
rules.add_perm("portal.view_own_tasks", rules.is_authenticated)
