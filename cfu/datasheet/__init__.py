"""The design's datasheet (HTML and Markdown) from the files the other commands wrote."""
