"""The JSON Schemas shipped for editors say what the loaders accept."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

import mtcheck
from mtcheck.engine import packs
from mtcheck.language.resources import load_yaml, rules_root
from mtcheck.run import config

jsonschema = pytest.importorskip("jsonschema", reason="jsonschema is a test dependency")
if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

SCHEMAS = Path(mtcheck.__file__).parent / "schemas"
PACK = json.loads((SCHEMAS / "rule-pack.schema.json").read_text(encoding="utf-8"))
CONFIG = json.loads((SCHEMAS / "config.schema.json").read_text(encoding="utf-8"))
README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_the_schemas_are_valid_schemas():
    jsonschema.Draft202012Validator.check_schema(PACK)
    jsonschema.Draft202012Validator.check_schema(CONFIG)


@pytest.mark.parametrize("path", sorted(rules_root().glob("*/*.yaml")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_bundled_pack_validates(path):
    jsonschema.validate(load_yaml(path), PACK)


def test_the_schemas_name_exactly_the_keys_the_loaders_accept():
    assert set(PACK["properties"]) == set(packs._PACK_FIELDS)
    rule_keys = set(packs._RULE_FIELDS).union(*(set(fields) for fields in packs._KIND_FIELDS.values()))
    assert set(PACK["$defs"]["rule"]["properties"]) == rule_keys
    assert set(PACK["$defs"]["example"]["oneOf"][1]["properties"]) == packs._EXAMPLE_FIELDS
    assert set(CONFIG["properties"]) == set(config._KEYS)


@pytest.mark.parametrize(
    "change",
    [
        lambda rule: rule.update(severty="minor"),
        lambda rule: rule.update(severity="high"),
        lambda rule: rule.update(kind="magic"),
        lambda rule: rule.pop("examples"),
    ],
)
def test_malformed_rules_fail_the_schema_as_they_fail_the_loader(change):
    pack = load_yaml(rules_root() / "en" / "casing.yaml")
    change(pack["rules"][0])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(pack, PACK)


def test_the_readme_configuration_validates():
    block = re.search(r"## Configuration.*?```toml\n(.*?)```", README, re.S).group(1)
    jsonschema.validate(tomllib.loads(block), CONFIG)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"sellect": ["MT1"]}, CONFIG)


def test_the_schema_command_prints_the_shipped_schemas_and_explain_lists_options():
    from typer.testing import CliRunner

    from mtcheck.cli import app

    assert json.loads(CliRunner().invoke(app, ["schema", "pack"]).stdout) == PACK
    assert json.loads(CliRunner().invoke(app, ["schema", "config"]).stdout) == CONFIG
    explained = CliRunner().invoke(app, ["explain", "MT901"]).stdout
    assert "options:   max-n (number, default 8, set by the pack), idioms (list of words, set by the pack)" in explained
