"""The peerreviews app's reads shaped for pages, one module per area: good_practices, reviews, content,
attachments, suggestions (peer matching), report_context (the panel on the next monitor report)."""
