"""The web: the site's pages, its search index and feeds."""
