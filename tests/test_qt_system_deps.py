"""tools/qt_system_deps.py: ldd's "not found" lines become the right Debian and Fedora packages,
installed through the system's package manager when that needs no password, named otherwise;
demo.sh and test.sh run it, gem.spec bundles what it lists, the README shows the same names."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tools" / "qt_system_deps.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("qt_system_deps", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


deps = _load()

# What ldd printed for PySide6 6.11's xcb plugin on a fresh Debian 12 (abridged).
LDD_DEBIAN_12 = """\
\tlinux-vdso.so.1 (0x00007ffd5a9e4000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/plugins/platforms/../../lib/libQt6XcbQpa.so.6 \
(0x00007f0d2a000000)
\tlibxkbcommon-x11.so.0 => /lib/x86_64-linux-gnu/libxkbcommon-x11.so.0 (0x00007f0d29ff5000)
\tlibxcb-cursor.so.0 => /lib/x86_64-linux-gnu/libxcb-cursor.so.0 (0x00007f0d29fee000)
\tlibxcb-icccm.so.4 => not found
\tlibxcb-util.so.1 => /lib/x86_64-linux-gnu/libxcb-util.so.1 (0x00007f0d29fe6000)
\tlibxcb-keysyms.so.1 => not found
\tlibxcb-icccm.so.4 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f0d29c00000)
\t/lib64/ld-linux-x86-64.so.2 (0x00007f0d2a7b5000)
"""


def test_not_found_lines_become_debian_and_fedora_packages():
    missing = deps.Missing(tuple(deps.missing_libraries(LDD_DEBIAN_12)))
    assert missing.libraries == ("libxcb-icccm.so.4", "libxcb-keysyms.so.1")
    assert missing.packages("apt") == ["libxcb-icccm4", "libxcb-keysyms1"]
    assert missing.packages("dnf") == ["xcb-util-wm", "xcb-util-keysyms"]


def test_one_package_for_several_libraries_and_unknown_ones_by_soname():
    missing = deps.Missing(("libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-randr.so.0",
                            "libxcb-shm.so.0", "libmystery.so.3"))
    assert missing.packages("apt") == ["libglib2.0-0", "libxcb-randr0", "libxcb-shm0"]
    assert missing.packages("dnf") == ["glib2", "libxcb", "libmystery.so.3()(64bit)"]
    assert missing.unknown() == ["libmystery.so.3"]
    assert "no Debian package known for libmystery.so.3" in deps.advice(missing)


def test_resolved_paths_for_the_bundle():
    paths = deps.resolved_libraries(LDD_DEBIAN_12)
    assert paths["libxcb-cursor.so.0"] == "/lib/x86_64-linux-gnu/libxcb-cursor.so.0"
    assert "libxcb-icccm.so.4" not in paths and "linux-vdso.so.1" not in paths


LDD_TRUNCATED = ("/venv/PySide6/Qt/plugins/platforms/libqxcb.so: error while loading shared "
                 "libraries: /lib/x86_64-linux-gnu/libxcb-icccm.so.4: file too short\n")


def test_a_damaged_library_is_named_for_reinstalling(monkeypatch, capsys, tmp_path):
    assert deps.damaged_libraries(LDD_TRUNCATED) == {"libxcb-icccm.so.4": "file too short"}
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "plugins" / "platforms" / "libqxcb.so").write_bytes(b"")
    monkeypatch.setattr(deps, "run_ldd", lambda files: LDD_TRUNCATED)
    monkeypatch.setattr(deps.subprocess, "run", _no_process)
    monkeypatch.setattr(deps.sys, "platform", "linux")
    monkeypatch.setattr(deps.shutil, "which", lambda name: f"/usr/bin/{name}")
    assert deps.main(["xcb", "--qt-dir", str(qt)]) == 1
    err = capsys.readouterr().err
    assert "libxcb-icccm.so.4 is damaged (file too short)" in err
    assert "sudo apt-get install --reinstall libxcb-icccm4" in err
    assert "sudo dnf reinstall xcb-util-wm" in err


def test_every_bundled_library_has_its_packages():
    for soname in deps.BUNDLED:
        assert soname in deps.PACKAGES


# ---------------------------------------------------------------------- the script itself
@pytest.fixture
def fake_system(tmp_path) -> dict[str, Path]:
    """A Qt folder with the xcb plugin, and a PATH whose ldd reports two libraries missing
    until "installed" exists; apt-get and sudo record their calls (sudo runs the rest)."""
    qt = tmp_path / "Qt"
    (qt / "plugins" / "platforms").mkdir(parents=True)
    (qt / "lib").mkdir()
    for name in ("plugins/platforms/libqxcb.so", "plugins/platforms/libqoffscreen.so",
                 "lib/libQt6XcbQpa.so.6", "lib/libQt6Gui.so.6"):
        (qt / name).write_bytes(b"")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    calls = tmp_path / "calls"
    installed = tmp_path / "installed"
    lists = tmp_path / "lists"
    scripts = {
        "ldd": f"""#!/bin/sh
printf '\\tlibc.so.6 => /lib/libc.so.6 (0x0001)\\n'
case "$1" in
  *xcb*|*Xcb*)
    if [ -e "{installed}" ]; then
      printf '\\tlibxcb-icccm.so.4 => /lib/libxcb-icccm.so.4 (0x0001)\\n'
    else
      printf '\\tlibxcb-icccm.so.4 => not found\\n\\tlibxcb-keysyms.so.1 => not found\\n'
    fi ;;
esac
""",
        "apt-get": f"""#!/bin/sh
echo "apt-get $* DEBIAN_FRONTEND=$DEBIAN_FRONTEND" >> "{calls}"
case "$1" in
  update) touch "{lists}" ;;
  install) [ -e "{lists}" ] || exit 100; touch "{installed}" ;;
esac
""",
        "sudo": f"""#!/bin/sh
echo "sudo $*" >> "{calls}"
[ "$1" = "-n" ] && shift
exec "$@"
""",
    }
    for name, body in scripts.items():
        (bin_dir / name).write_text(body)
        (bin_dir / name).chmod(0o755)
    return {"qt": qt, "bin": bin_dir, "calls": calls, "lists": lists}


def _run(fake: dict[str, Path], *args: str) -> subprocess.CompletedProcess:
    # Only the fakes and the basic tools: no real apt-get, dnf or sudo can be reached.
    basic = [d for d in ("/usr/bin", "/bin") if Path(d, "env").exists()]
    env = dict(os.environ, PATH=os.pathsep.join([str(fake["bin"]), *basic]))
    return subprocess.run([sys.executable, str(SCRIPT), *args, "--qt-dir", str(fake["qt"])],
                          capture_output=True, text=True, env=env, timeout=60)


linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"),
                                reason="the script does nothing off Linux")


@linux_only
def test_names_the_packages_and_fails_when_it_may_not_install(fake_system):
    result = _run(fake_system, "xcb", "--no-install")
    assert result.returncode == 1
    assert "missing libxcb-icccm.so.4, libxcb-keysyms.so.1" in result.stderr
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in result.stderr
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in result.stderr
    assert not fake_system["calls"].exists()  # nothing was run


@linux_only
def test_installs_what_is_missing_refreshing_apt_lists_when_needed(fake_system):
    result = _run(fake_system, "xcb")
    assert result.returncode == 0, result.stderr
    assert "Installing with apt-get" in result.stderr
    assert "libxcb-icccm4 libxcb-keysyms1" in result.stderr
    apt = [line for line in fake_system["calls"].read_text().splitlines()
           if line.startswith("apt-get")]
    install = ("apt-get install -y --no-install-recommends libxcb-icccm4 libxcb-keysyms1 "
               "DEBIAN_FRONTEND=noninteractive")
    # No package lists yet (a fresh container): install fails, update, install again.
    assert apt == [install, "apt-get update DEBIAN_FRONTEND=noninteractive", install]
    if os.geteuid() != 0:
        assert "through sudo" in result.stderr


@linux_only
def test_nothing_missing_nothing_said(fake_system):
    result = _run(fake_system, "offscreen")
    assert result.returncode == 0 and result.stderr == "" and result.stdout == ""


@linux_only
def test_without_root_or_password_less_sudo_it_only_names_them(fake_system, monkeypatch,
                                                               capsys):
    monkeypatch.setattr(deps.os, "geteuid", lambda: 1000)
    monkeypatch.setattr(deps.shutil, "which",
                        lambda name: None if name == "sudo" else f"/usr/bin/{name}")
    monkeypatch.setattr(deps, "run_ldd", lambda files: LDD_DEBIAN_12)
    monkeypatch.setattr(deps.subprocess, "run", _no_process)
    assert deps.privilege_prefix() is None
    assert deps.main(["xcb", "--qt-dir", str(fake_system["qt"])]) == 1
    err = capsys.readouterr().err
    assert "not root and sudo needs a password" in err
    assert "sudo apt-get install libxcb-icccm4 libxcb-keysyms1" in err


def _no_process(*args, **kwargs):
    raise AssertionError(f"nothing may be run here: {args}")


@linux_only
def test_an_unknown_plugin_is_named():
    result = subprocess.run([sys.executable, str(SCRIPT), "nosuchplugin"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode != 0 and "nosuchplugin" in result.stderr


# ---------------------------------------------------------------------- where it is used
def test_demo_sh_checks_the_window_before_building_and_test_sh_the_offscreen_plugin():
    demo_sh = (ROOT / "tools" / "demo.sh").read_text()
    assert demo_sh.index("tools/qt_system_deps.py xcb") < demo_sh.index('demo "$@"')
    assert "tools/qt_system_deps.py offscreen" in (ROOT / "tools" / "test.sh").read_text()


def test_gem_spec_bundles_the_listed_libraries():
    tree = ast.parse((ROOT / "gem.spec").read_text(encoding="utf-8"))
    analysis = next(node for node in ast.walk(tree) if isinstance(node, ast.Call)
                    and getattr(node.func, "id", "") == "Analysis")
    assert "binaries" in {k.arg for k in analysis.keywords}
    assert "bundled_libraries" in (ROOT / "gem.spec").read_text(encoding="utf-8")


def test_readme_lists_the_same_packages():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### System packages"):]
    section = section[:section.index("\n## ")]
    apt = re.search(r"sudo apt-get install ([^\n`]+)", section)
    dnf = re.search(r"sudo dnf install ([^\n`]+)", section)
    assert apt and dnf
    apt_names, dnf_names = set(apt.group(1).split()), set(dnf.group(1).split())
    assert apt_names <= {debian for debian, _ in deps.PACKAGES.values()}
    assert dnf_names <= {fedora for _, fedora in deps.PACKAGES.values()}
    window = deps.Missing(deps.BUNDLED)
    assert set(window.packages("apt")) <= apt_names
    assert set(window.packages("dnf")) <= dnf_names
