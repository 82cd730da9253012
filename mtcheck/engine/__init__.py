"""The rule engine: findings, settings, rule kinds and packs, the checker that runs a
rule set over a document, suppressions, fixes, CPU budgets and the rules' self-test."""
