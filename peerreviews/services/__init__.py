"""The peerreviews app's writes, one module per area: good_practices, reviews (the workflow), content
(learning questions, meetings, sessions, reports), attachments, conflicts (independence checks), actions (the
daily sweep of follow-up actions)."""
