"""Comparing a translation with other texts: sentence alignment, the source-language
text (numbers, omissions, additions) and human references (sacrebleu scores)."""
