"""Everything tuinews does without a terminal: network, cache, parsing, config.

Nothing in this package imports Textual or `tuinews.ui` (a test proves it).
"""
