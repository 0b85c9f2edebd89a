"""Kit templates are contained: they see plain data, and the sandbox reads nothing else.

A kit template comes from a client company.  It must not be able to read, write or delete a
file, whatever object reaches its context, in `build` and in `brand check` alike.
"""

from __future__ import annotations

import sysconfig
from pathlib import Path
from typing import ClassVar

import jinja2
import pytest
from click.testing import CliRunner
from conftest import REPO, make_kit
from jinja2.sandbox import SecurityError

from generator.cli import cli
from generator.kits.load import load_brand
from generator.render.context import assert_inert, template_context
from generator.render.job import RenderJob
from generator.source.load import load_source
from generator.templating.sandbox import InertSandbox

# Each of these reached a file through a pathlib.Path in the template context.
FILE_ATTACKS = [
    '{{ (kit.folder / "/etc/passwd").read_text() }}',
    "{{ kit.folders[0].parent.parent.joinpath('etc/hostname').read_text() }}",
    "{{ kit.logo.read_bytes() }}",
    "{{ kit.css[0].read_text() }}",
    "{{ fonts.files[0].read_bytes() | length }}",
    "{{ font_faces[0].path.unlink() }}",
    "{{ (kit.folder / 'PWNED').write_text('x') }}",
    "{{ (kit.folder / '../../coursepack-pwned.pth').write_text('import os') }}",
    "{{ kit.folder.__class__('/tmp/pwned').touch() }}",
    "{{ fonts.files[0] | attr('read_bytes') }}",
    "{{ (fonts.files | first).open }}",
    "{{ kit.items().__iter__ }}",
    "{{ doc.dimensions[0].cell.__call__.__globals__ }}",
    "{{ doc.dimensions[0].cell._cells }}",
]


@pytest.mark.parametrize("attack", FILE_ATTACKS)
def test_kit_templates_cannot_reach_files_in_build_or_brand_check(
        tmp_path: Path, sample_path: Path, attack: str) -> None:
    site = Path(sysconfig.get_paths()["purelib"])
    before = {p.name for p in site.glob("*.pth")}
    kit = make_kit(tmp_path, "name: Evil\ncss: [extra.css]\nfonts: {files: [f.ttf]}\n", {
        "handout.html.j2": '{% extends "default/handout.html.j2" %}{% block intro %}'
                           + attack + "{% endblock %}",
        "extra.css": "body { color: black }",
    })
    (kit / "f.ttf").write_bytes((REPO / "templates" / "northwind"
                                 / "fonts" / "Lato-Regular.ttf").read_bytes())
    out = tmp_path / "out"
    build = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                     "--out", str(out), "--format", "handout"])
    assert build.exit_code == 1, build.output
    assert "handout.html.j2:1" in build.output and "Traceback" not in build.output
    assert not list(out.rglob("*.pdf"))
    if attack in FILE_ATTACKS[:2] + FILE_ATTACKS[6:8]:  # brand check runs the same templates
        check = CliRunner().invoke(cli, ["brand", "check", str(kit)])
        assert check.exit_code == 1 and "\nok" not in check.output, check.output
        assert "handout.html.j2:1" in check.output
    assert not (kit / "PWNED").exists() and not Path("/tmp/pwned").exists()
    assert (kit / "f.ttf").exists()
    assert {p.name for p in site.glob("*.pth")} == before


def test_the_template_context_is_plain_data(tmp_path: Path, sample_path: Path) -> None:
    kit = load_brand("northwind")  # a logo, font files and CSS: every kind of kit file
    job = RenderJob(load_source(sample_path), kit, sample_path, format="handout")
    context = template_context(job)

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                assert isinstance(key, str)
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)
        else:
            assert isinstance(value, (str, int, float, type(None))) or callable(value), value
            assert not isinstance(value, Path)

    walk(context)
    assert context["kit"]["logo_url"].startswith("file://")
    assert all(url.startswith("file://") for url in context["fonts"]["files"])
    assert context["dimensions"][0]["cell"](context["subjects"][0]) == \
        context["dimensions"][0]["cells"][context["subjects"][0]["key"]]
    with pytest.raises(TypeError, match="PosixPath"):
        assert_inert({"doc": {"file": tmp_path}})


class Spy:
    """An object that records any lookup that reaches it."""

    touched: ClassVar[list[str]] = []

    def __getattr__(self, name: str) -> object:
        Spy.touched.append(name)
        return lambda *args: Spy.touched.append(f"called {name}")

    @property
    def name(self) -> str:
        Spy.touched.append("property")
        return "spy"

    def __getitem__(self, key: object) -> object:
        Spy.touched.append(f"item {key}")
        return "item"


@pytest.mark.parametrize("template", [
    "{{ p.write_text('x') }}", "{{ p.read_text() }}", "{{ p.parent.name }}", "{{ p.name }}",
    "{{ p['write_text'] }}", "{{ p | attr('unlink') }}", "{{ [p] | map(attribute='name') | list }}",
    "{{ spy.name }}", "{{ spy.anything() }}", "{{ spy['key'] }}",
    "{{ spy | attr('name') }}", "{{ [spy] | map(attribute='name') | join }}",
    "{{ 'x'.format }}", "{{ 'x'.encode() }}", "{{ {'a': 1}.update(b=2) }}",
    "{{ [1].append(2) }}", "{{ (1).__class__ }}", "{{ ''.__class__.__mro__ }}",
])
def test_the_sandbox_reads_nothing_of_objects_that_are_not_data(tmp_path: Path,
                                                                 template: str) -> None:
    """The allow-list holds for objects nobody meant to pass: refused before Python looks."""
    target = tmp_path / "victim.txt"
    target.write_text("intact")
    Spy.touched = []
    env = InertSandbox(undefined=jinja2.StrictUndefined)
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        env.from_string(template).render(p=target, spy=Spy())
    assert target.read_text() == "intact" and not (tmp_path / "x").exists()
    assert Spy.touched == []


@pytest.mark.parametrize(("template", "expected"), [
    ("{{ 'a,b'.split(',') | join('+') }}", "a+b"),
    ("{{ d.items() | list | length }}{{ d.get('k') }}{{ d.k }}{{ d['k'] }}", "1vvv"),
    ("{% for x in xs %}{{ loop.index }}{{ loop.last }}{% endfor %}", "1False2True"),
    ("{% set ns = namespace(n=0) %}{% for x in xs %}{% set ns.n = ns.n + x %}{% endfor %}"
     "{{ ns.n }}", "3"),
    ("{% for g in rows | groupby('k') %}{{ g.grouper }}{{ g.list | length }}{% endfor %}", "a2"),
    ("{% macro m() %}{{ caller() }}{% endmacro %}{% call m() %}in{% endcall %}", "in"),
    ("{{ d['items'] }}", "v2"),  # a key named like a method is still reachable as an item
])
def test_the_sandbox_still_offers_what_templates_use(template: str, expected: str) -> None:
    env = InertSandbox(undefined=jinja2.StrictUndefined)
    data = {"k": "v"} if "'items'" not in template else {"items": "v2"}
    result = env.from_string(template).render(d=data, xs=[1, 2],
                                              rows=[{"k": "a"}, {"k": "a"}])
    assert result == expected


def test_blocks_super_and_self_work_in_overrides(tmp_path: Path, sample_path: Path) -> None:
    kit = make_kit(tmp_path, "name: X\n", {"handout.html.j2": (
        '{% extends "default/handout.html.j2" %}'
        "{% block intro %}BEFORE-INTRO {{ super() }} {{ self.sources() | length > 0 }}"
        "{% endblock %}")})
    result = CliRunner().invoke(cli, ["build", str(sample_path), "--brand", str(kit),
                                      "--out", str(tmp_path / "out"), "--format", "handout"])
    assert result.exit_code == 0, result.output
    from pypdf import PdfReader

    text = " ".join(p.extract_text() for p in PdfReader(
        next((tmp_path / "out").rglob("*.pdf"))).pages)
    assert "BEFORE-INTRO" in text and "True" in text


@pytest.mark.slow
def test_kit_text_cannot_drive_the_trainers_terminal(tmp_path: Path, sample_path: Path) -> None:
    """An escape sequence in a refused image URL (or a template file name) erased the warning
    line and printed a green "verified OK" in its place."""
    import subprocess
    import sys

    url = "http://e/%1B%5B2K%0D%1B%5B32mhandout%20verified%20OK%1B%5B8m"
    name = "x\x1b[2K\r\x1b[32mall good\x1b[8m.j2"
    kit = make_kit(tmp_path, "name: Shady\n", {
        "handout.html.j2": '{% extends "default/handout.html.j2" %}{% block intro %}'
                           f"{{{{ '![x]({url})' | md }}}}{{{{ super() }}}}{{% endblock %}}",
        "cheatsheet.html.j2": f'{{% include "{name}" %}}',
        name: "{% if %}",
    })
    result = subprocess.run([sys.executable, "-m", "generator", "build", str(sample_path),
                             "--brand", str(kit), "--out", str(tmp_path / "out")],
                            capture_output=True, text=True, timeout=300)
    assert "\x1b" not in result.stderr + result.stdout and "\r" not in result.stderr
    assert "\\x1b[2K" in result.stderr  # shown, not obeyed
    assert "verified OK" in result.stderr and "all good" in result.stderr
