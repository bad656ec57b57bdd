"""``cronica watch``: keep a database current from feeds, URLs and folders, cycle after cycle."""
