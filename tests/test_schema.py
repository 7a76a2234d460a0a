"""The configuration's JSON Schema: generated from the settings, committed, and in step."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from notelint.config import ConfigError, config_from_mapping, load_file
from notelint.registry import default_registry
from notelint.schema import SCHEMA_ID, attribute_docs, config_schema, render

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
COMMITTED = ROOT / "notelint" / "data" / "notelint.schema.json"


@pytest.fixture(scope="module")
def validator() -> Any:
    schema = config_schema()
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(validator: Any, data: dict[str, Any]) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(data))


def test_committed_schema_is_in_step_with_the_settings() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == render(), (
        "regenerate it: python -m notelint.schema > notelint/data/notelint.schema.json")
    proc = subprocess.run([sys.executable, "-m", "notelint.schema"], capture_output=True,
                          text=True, encoding="utf-8", check=True)
    assert proc.stdout == render()
    assert json.loads(render())["$id"] == SCHEMA_ID
    assert SCHEMA_ID.endswith("/" + COMMITTED.relative_to(ROOT).as_posix())


def toml_blocks(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    return [m.group(1) for m in re.finditer(r"^```toml\n(.*?)^```", text, re.M | re.S)]


def documented_configurations() -> list[tuple[str, str]]:
    out = []
    for path in [ROOT / "README.md", *sorted((ROOT / "rules").glob("*.md")),
                 ROOT / "docs" / "integrations.md"]:
        for i, block in enumerate(toml_blocks(path)):
            if "[project" in block or "[tool.notelint" in block:
                continue  # pyproject.toml snippets (entry points)
            out.append((f"{path.name}#{i}", block))
    return out


@pytest.mark.parametrize(("where", "block"), documented_configurations())
def test_documented_configurations_match_the_schema(validator: Any, where: str,
                                                    block: str) -> None:
    data = tomllib.loads(block)
    assert errors(validator, data) == []
    config_from_mapping(data, ROOT, default_registry())  # and notelint agrees


@pytest.mark.parametrize(("data", "expected"), [
    ({"selct": ["FN"]}, ": Additional properties are not allowed ('selct' was unexpected)"),
    ({"select": "FN,DT", "max-file-size": 0}, "max-file-size: 0 is less than the minimum of 1"),
    ({"math": {"pipeline": "jekyll"}}, "math/pipeline: 'jekyll' is not one of"),
    ({"rules": {"FN001": {"severity": "fatal"}}}, "rules/FN001/severity: 'fatal' is not one of"),
    ({"rules": {"entry-out-of-order": {"order": "sideways"}}},
     "rules/entry-out-of-order/order: 'sideways' is not one of"),
    ({"rules": {"XX001": {}}}, "rules: Additional properties are not allowed ('XX001'"),
    ({"links": {"timeout": "soon"}}, "links/timeout: 'soon' is not of type 'number'"),
    ({"links": {"slug-style": "hugo"}}, "links/slug-style: 'hugo' is not one of"),
    ({"duplicates": {"min-entry-size": True}}, "duplicates/min-entry-size: True is not of type"),
    ({"respect-gitignore": "yes"}, "respect-gitignore: 'yes' is not of type 'boolean'"),
])
def test_schema_rejects_what_notelint_rejects(validator: Any, data: dict[str, Any],
                                              expected: str) -> None:
    found = errors(validator, data)
    assert len(found) == 1 and found[0].startswith(expected), found
    with pytest.raises(ConfigError):
        config_from_mapping(data, ROOT, default_registry())


def test_schema_hint_in_the_file_is_accepted(tmp_path: Path, validator: Any) -> None:
    path = tmp_path / ".notelint.toml"
    path.write_text(f'#:schema {SCHEMA_ID}\n"$schema" = "{SCHEMA_ID}"\nselect = ["FN"]\n',
                    encoding="utf-8")
    cfg = load_file(path, default_registry())
    assert cfg is not None and cfg.select == ("FN",)
    assert errors(validator, tomllib.loads(path.read_text(encoding="utf-8"))) == []


def test_descriptions_come_from_the_docstrings() -> None:
    schema = config_schema()
    links = schema["properties"]["links"]["properties"]
    assert links["allow-networks"]["description"].startswith("addresses or CIDR networks")
    from notelint.links.settings import LinkSettings

    assert links["timeout"]["default"] == LinkSettings().timeout
    assert links["timeout"]["type"] == "number"
    dt001 = schema["definitions"]["rules"]["properties"]["DT001"]["properties"]["order"]
    assert dt001 == {"description": dt001["description"], "default": "auto",
                     "enum": ["auto", "ascending", "descending"]}
    ma001 = schema["definitions"]["rules"]["properties"]["MA001"]["properties"]["pipeline"]
    assert ma001["description"].startswith("this rule's pipeline")  # documented on the base

    class Sample:
        """A sample.

        Attributes:
            first, second: two things
                on two lines.
            third: one thing.

        Raises:
            nothing: really.
        """

    assert attribute_docs(Sample) == {"first": "two things on two lines.",
                                      "second": "two things on two lines.",
                                      "third": "one thing."}
