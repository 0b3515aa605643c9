"""``autoui export``: what the bundle holds (the pages themselves run in tests/client)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from autoui.cli import app
from autoui.export import export_bundle, normalize_base_path
from autoui.export.bundler import BundleError, bundle_modules

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
API = "http://127.0.0.1:7860"

SPEC = {
    "title": "Tricky </script><b>title</b>",
    "description": "",
    "theme": "glass",
    "functions": [{"name": "f", "description": "<!-- </script> -->", "inputs": [], "outputs": []}],
}


def config_of(page: str) -> dict[str, object]:
    match = re.search(r"window\.AUTOUI_CONFIG = (\{.*?\});\n", page)
    assert match, "no AUTOUI_CONFIG in the page"
    return dict(json.loads(match.group(1)))


def test_folder_bundle(tmp_path: Path) -> None:
    written = export_bundle(SPEC, tmp_path / "dist", API)
    index = tmp_path / "dist" / "index.html"
    assert written[0] == index
    page = index.read_text()
    assert "__AUTOUI_" not in page and "<!--autoui:custom-->" not in page
    assert "<title>Tricky &lt;/script&gt;&lt;b&gt;title&lt;/b&gt;</title>" in page
    assert 'data-theme="glass"' in page and 'href="static/themes/glass.css"' in page
    assert config_of(page) == {"apiUrl": API + "/", "specUrl": "spec.json"}
    assert json.loads((tmp_path / "dist" / "spec.json").read_text()) == SPEC
    static = tmp_path / "dist" / "static"
    assert (static / "app.js").is_file() and (static / "themes" / "soft.css").is_file()
    assert (static / "autoui.bundle.js").is_file() and not (static / "index.html").exists()
    spec_js = (tmp_path / "dist" / "spec.js").read_text()
    assert "</script" not in spec_js and "\\u003c/script>" in spec_js


def test_base_path_prefixes_asset_urls(tmp_path: Path) -> None:
    export_bundle(SPEC, tmp_path, API, base_path="tools/demo")
    page = (tmp_path / "index.html").read_text()
    assert 'src="/tools/demo/static/app.js"' in page
    assert 'href="/tools/demo/static/app.css"' in page
    assert config_of(page)["specUrl"] == "/tools/demo/spec.json"


@pytest.mark.parametrize(
    ("given", "expected"),
    [(None, ""), ("", ""), (".", ""), ("/", "/"), ("app", "/app/"), ("/a/b/", "/a/b/")],
)
def test_normalize_base_path(given: str | None, expected: str) -> None:
    assert normalize_base_path(given) == expected


def test_single_file_holds_everything(tmp_path: Path) -> None:
    target = tmp_path / "app.html"
    assert export_bundle(SPEC, target, API, single_file=True) == [target]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.html"]
    page = target.read_text()
    assert 'src="static/' not in page and 'href="static/' not in page
    assert "modulepreload" not in page and 'type="module"' not in page
    assert page.count("</script>") == page.count("<script")  # nothing closes a script early
    config = config_of(page)
    assert config["apiUrl"] == API + "/" and config["spec"] == SPEC


def test_bad_api_url_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="--api-url: expected an http"):
        export_bundle(SPEC, tmp_path, "ftp://host")


def test_cli_exports_a_sample(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "site"
    result = runner.invoke(
        app, ["export", str(SAMPLES / "hello.py"), "-o", str(out), "--api-url", API]
    )
    assert result.exit_code == 0, result.output
    assert "--cors-origin" in result.stderr
    spec = json.loads((out / "spec.json").read_text())
    assert [fn["name"] for fn in spec["functions"]] == ["greet"]
    single = runner.invoke(
        app,
        ["export", str(SAMPLES / "hello.py"), "-o", str(tmp_path / "one.html"),
         "--api-url", API, "--single-file", "--title", "Hi"],
    )  # fmt: skip
    assert single.exit_code == 0 and "--cors-origin null" in single.stderr
    assert "<title>Hi</title>" in (tmp_path / "one.html").read_text()


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    missing = runner.invoke(app, ["export", str(SAMPLES / "hello.py"), "-o", str(tmp_path)])
    assert missing.exit_code == 2 and "--api-url is required" in missing.stderr
    bad = runner.invoke(app, ["export", "no_such_module_xyz", "--api-url", API])
    assert bad.exit_code == 1 and "Traceback" not in bad.output  # as every command's bad target
    assert bad.stderr.startswith("error: ")


def write_modules(root: Path, files: dict[str, str]) -> Path:
    for name, code in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(code)
    return root


def test_bundler_rewrites_the_forms_it_knows(tmp_path: Path) -> None:
    root = write_modules(
        tmp_path,
        {
            "main.js": 'import def, { a as b } from "./lib/a.js";\nimport * as ns from "./b.js";\n'
            'import "./c.js";\nexport { b };\nexport const x = 1;\n',
            "lib/a.js": 'export default function named() {}\nexport let a = 2;\n',
            "b.js": 'export * from "./lib/a.js";\nexport { a as z } from "./lib/a.js";\n',
            "c.js": "console.log(import.meta.url);\nconst m = () => import(`./b.js`);\n",
        },
    )
    code = bundle_modules(root, "main.js")
    assert sorted(re.findall(r'__autoui_modules\.set\("([^"]+)"', code)) == [
        "b.js", "c.js", "lib/a.js", "main.js"
    ]  # fmt: skip
    assert "\nimport " not in code and "\nexport " not in code
    assert 'const { default: def, a: b } = await __autoui_require("lib/a.js");' in code
    assert '__autoui_load("", `./b.js`)' in code and '__autoui_url("c.js")' in code


@pytest.mark.parametrize(
    ("code", "words"),
    [
        ('import x from "https://cdn.example/x.js";\n', "only relative imports"),
        ('import x from "../../outside.js";\n', "outside the web folder"),
        ("export const { a, b } = obj;\n", "cannot bundle"),
    ],
)
def test_bundler_refuses_what_it_cannot_rewrite(tmp_path: Path, code: str, words: str) -> None:
    root = write_modules(tmp_path, {"main.js": code})
    with pytest.raises(BundleError, match=words):
        bundle_modules(root, "main.js")
