"""Per-language knowledge: language profiles, language identification, numbers as each
language writes them, names and transliteration, and where the bundled data lives.
Imports nothing from the rest of mtcheck but `mtcheck.files`."""
