"""``autoui export --wasm`` from the command line, and the README's commands for it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def autoui(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "autoui", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=300, check=False)  # fmt: skip


def test_the_readme_commands_write_a_folder_and_a_single_file(
    tmp_path: Path, runtime_dir: Path
) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### In the browser, no server: `autoui export --wasm`")[1]
    block = re.search(r"```bash\n(.*?)```", section, re.S)
    assert block is not None
    commands = [line.split("#")[0].strip() for line in block.group(1).splitlines()]
    exports = [c.removeprefix("autoui ").split() for c in commands if c.startswith("autoui export")]
    assert len(exports) == 2
    (tmp_path / "samples").symlink_to(ROOT / "samples")
    (tmp_path / "package").symlink_to(runtime_dir)
    for args in exports:
        result = autoui(*args, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
    assert "the functions run in the visitor's browser" in result.stderr
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "wasm" / "manifest.json").is_file()
    assert (tmp_path / "hello.html").stat().st_size > 5_000_000  # the runtime is inside


def test_refusals_are_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "tools.py").write_text(
        "import subprocess\n\ndef run(cmd: str) -> str:\n"
        "    return subprocess.check_output(cmd, shell=True, text=True)\n"
    )
    refused = autoui("export", "tools.py", "--wasm", cwd=tmp_path)
    assert refused.returncode == 2
    assert "run: starts a process" in refused.stderr and "subprocess.check_output" in refused.stderr
    url = autoui("export", "http://127.0.0.1:9", "--wasm", cwd=tmp_path)
    assert url.returncode == 2 and "--wasm needs the functions' source" in url.stderr
    alone = autoui("export", "tools.py", "--vendor-runtime", str(tmp_path), cwd=tmp_path)
    assert alone.returncode == 2 and "--vendor-runtime goes with --wasm" in alone.stderr
    api = autoui("export", "tools.py", "--wasm", "--api-url", "http://x", cwd=tmp_path)
    assert api.returncode == 2 and "--api-url does not apply to --wasm" in api.stderr


def test_help_explains_the_flags(tmp_path: Path) -> None:
    help_text = autoui("export", "--help", cwd=tmp_path).stdout
    assert "--wasm" in help_text and "--vendor-runtime" in help_text
    assert "visitor's browser" in help_text
