"""The peerreviews app's forms, one module per area: good_practices, reviews, content."""
