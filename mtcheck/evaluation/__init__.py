"""Measuring mtcheck itself: annotated corpora, and artifacts injected into clean text."""
