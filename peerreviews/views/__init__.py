"""The peerreviews app's views, one module per area: good_practices, reviews, content."""
