"""The system libraries a Qt platform plugin of the installed PySide6 needs, found with ``ldd``,
named as Debian/Ubuntu (apt) and Fedora (dnf) packages, and installed when this can be done
without asking.

    python tools/qt_system_deps.py xcb            # the window on an X11 (or XWayland) desktop
    python tools/qt_system_deps.py offscreen      # what the test suite needs
    python tools/qt_system_deps.py xcb --no-install   # only say what is missing (exit 1 if any)

Why it exists: the PySide6 wheel ships Qt itself but not the X11 helper libraries, and a fresh
Debian 12 desktop lacks two of them (libxcb-icccm4, libxcb-keysyms1). Qt then aborts with
"could not load the Qt platform plugin xcb" (exit 134) after the demo has spent a minute
building its database. tools/demo.sh runs this first, tools/test.sh runs it for the offscreen
plugin, and gem.spec takes the xcb helper libraries listed here into the bundle.

It installs only as root, or through ``sudo -n`` (sudo that needs no password); otherwise it
prints the exact command and exits 1, so a script never stops at a password prompt. Messages
are in English like every other tool here: this runs before GEM itself can be trusted to start.
Standard library only; nothing happens on macOS or Windows, whose wheels are self-contained.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

# soname -> (Debian/Ubuntu package, Fedora package). Debian names hold on Debian 12 and Ubuntu
# 22.04/24.04 (24.04's "t64" renames provide the old names, which apt resolves).
PACKAGES: dict[str, tuple[str, str]] = {
    # The xcb helper libraries ("xcb-util"): the ones a fresh desktop lacks.
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil"),
    "libxcb-util.so.1": ("libxcb-util1", "xcb-util"),
    # libxcb and its protocol extensions: one package per library on Debian, one on Fedora.
    "libxcb.so.1": ("libxcb1", "libxcb"),
    "libxcb-glx.so.0": ("libxcb-glx0", "libxcb"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb"),
    "libxcb-xinerama.so.0": ("libxcb-xinerama0", "libxcb"),
    "libxcb-xinput.so.0": ("libxcb-xinput0", "libxcb"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb"),
    "libX11.so.6": ("libx11-6", "libX11"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb"),
    "libXau.so.6": ("libxau6", "libXau"),
    "libXdmcp.so.6": ("libxdmcp6", "libXdmcp"),
    "libXext.so.6": ("libxext6", "libXext"),
    "libXrender.so.1": ("libxrender1", "libXrender"),
    "libSM.so.6": ("libsm6", "libSM"),
    "libICE.so.6": ("libice6", "libICE"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    # OpenGL through glvnd (Qt Gui links it even when nothing is drawn with it).
    "libGL.so.1": ("libgl1", "libglvnd-glx"),
    "libGLX.so.0": ("libglx0", "libglvnd-glx"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl"),
    "libGLdispatch.so.0": ("libglvnd0", "libglvnd"),
    # Fonts, GLib, D-Bus and what they pull in.
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig"),
    "libfreetype.so.6": ("libfreetype6", "freetype"),
    "libpng16.so.16": ("libpng16-16", "libpng"),
    "libharfbuzz.so.0": ("libharfbuzz0b", "harfbuzz"),
    "libexpat.so.1": ("libexpat1", "expat"),
    "libbrotlicommon.so.1": ("libbrotli1", "libbrotli"),
    "libbrotlidec.so.1": ("libbrotli1", "libbrotli"),
    "libglib-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so.0": ("libglib2.0-0", "glib2"),
    "libpcre2-8.so.0": ("libpcre2-8-0", "pcre2"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs"),
    "libsystemd.so.0": ("libsystemd0", "systemd-libs"),
    "libbsd.so.0": ("libbsd0", "libbsd"),
    "libmd.so.0": ("libmd0", "libmd"),
    "libz.so.1": ("zlib1g", "zlib"),
    "libzstd.so.1": ("libzstd1", "libzstd"),
    "liblz4.so.1": ("liblz4-1", "lz4-libs"),
    "liblzma.so.5": ("liblzma5", "xz-libs"),
    "libgcrypt.so.20": ("libgcrypt20", "libgcrypt"),
    "libgpg-error.so.0": ("libgpg-error0", "libgpg-error"),
    "libcap.so.2": ("libcap2", "libcap"),
    "libstdc++.so.6": ("libstdc++6", "libstdc++"),
    "libgcc_s.so.1": ("libgcc-s1", "libgcc"),
}

BUNDLED = ("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0",
           "libxcb-image.so.0", "libxcb-render-util.so.0", "libxcb-util.so.1",
           "libxkbcommon-x11.so.0")
"""What gem.spec copies into the bundle: the window's libraries a desktop may lack. Not libxcb,
libX11 or libGL themselves: those belong to the machine's display stack (and PyInstaller
leaves them out on purpose)."""

QT_LIBRARIES = ("libQt6Core.so.6", "libQt6Gui.so.6", "libQt6Widgets.so.6", "libQt6DBus.so.6")
"""The Qt libraries GEM loads whatever the plugin (QtCore, QtGui, QtWidgets; Gui needs DBus)."""

PLUGIN_LIBRARIES = {"xcb": ("libQt6XcbQpa.so.6",)}
"""Qt libraries a plugin loads besides those above (ldd follows them too; named so a missing
one is reported even when the plugin file itself cannot be read)."""

_NOT_FOUND = re.compile(r"^\s*(\S+)\s+=>\s+not found\s*$")
_DAMAGED = re.compile(r"error while loading shared libraries: (\S+): (.+?)\s*$")
_RESOLVED = re.compile(r"^\s*(\S+)\s+=>\s+(/\S+)\s+\(0x[0-9a-fA-F]+\)\s*$")


@dataclass(frozen=True)
class Missing:
    """Missing libraries and the packages that provide them (None: no package known)."""

    libraries: tuple[str, ...]

    def packages(self, family: str) -> list[str]:
        """Package names for ``family`` ("apt" or "dnf"), in order, without repeats; a
        library with no known package is asked for by soname on dnf (RPM provides it)."""
        names: list[str] = []
        for soname in self.libraries:
            known = PACKAGES.get(soname)
            if known is not None:
                name = known[0] if family == "apt" else known[1]
            elif family == "dnf":
                name = f"{soname}()(64bit)" if _is_64bit() else soname
            else:
                continue
            if name not in names:
                names.append(name)
        return names

    def unknown(self) -> list[str]:
        """Libraries with no known Debian package (dnf can always ask for a soname)."""
        return [s for s in self.libraries if s not in PACKAGES]


def _is_64bit() -> bool:
    return sys.maxsize > 2**32


def missing_libraries(ldd_output: str) -> list[str]:
    """The sonames ``ldd`` reports as "not found", in order, without repeats."""
    found: list[str] = []
    for line in ldd_output.splitlines():
        match = _NOT_FOUND.match(line)
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def damaged_libraries(ldd_output: str) -> dict[str, str]:
    """soname -> reason, for libraries that are there but cannot be loaded (truncated,
    another architecture): installing does not repair them, reinstalling does."""
    found: dict[str, str] = {}
    for line in ldd_output.splitlines():
        match = _DAMAGED.search(line)
        if match:
            found.setdefault(Path(match.group(1)).name, match.group(2))
    return found


def resolved_libraries(ldd_output: str) -> dict[str, str]:
    """soname -> the file the dynamic loader picked, for every library ``ldd`` resolved."""
    found: dict[str, str] = {}
    for line in ldd_output.splitlines():
        match = _RESOLVED.match(line)
        if match:
            found.setdefault(match.group(1), match.group(2))
    return found


def bundled_libraries(qt: Path) -> list[Path]:
    """The ``BUNDLED`` libraries as the loader finds them for the xcb plugin on this machine,
    for gem.spec; SystemExit naming the packages when one is missing, since a bundle built
    without it would abort on a desktop that lacks it too."""
    paths = resolved_libraries(run_ldd(files_to_check(qt, "xcb")))
    absent = tuple(soname for soname in BUNDLED if soname not in paths)
    if absent:
        raise SystemExit(f"The bundle must carry {', '.join(absent)}, missing on this build "
                         "machine (python tools/qt_system_deps.py xcb installs them):\n"
                         + advice(Missing(absent)))
    return [Path(paths[soname]) for soname in BUNDLED]


def qt_directory() -> Path:
    """PySide6's Qt folder, located without importing PySide6 (importing it may load the very
    libraries that are missing)."""
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("PySide6 is not installed in this Python environment "
                         f"({sys.executable}): run tools/demo.sh or pip install -e . first")
    return Path(next(iter(spec.submodule_search_locations))) / "Qt"


def files_to_check(qt: Path, plugin: str) -> list[Path]:
    """The plugin, the Qt libraries it loads and those GEM loads; ldd follows the rest."""
    platforms = qt / "plugins" / "platforms"
    plugin_file = platforms / f"libq{plugin}.so"
    if not plugin_file.exists():
        known = sorted(p.name[4:-3] for p in platforms.glob("libq*.so"))
        raise SystemExit(f"no Qt platform plugin {plugin!r} in {platforms} "
                         f"(this PySide6 has: {', '.join(known) or 'none'})")
    libraries = [qt / "lib" / name for name in (*PLUGIN_LIBRARIES.get(plugin, ()),
                                                 *QT_LIBRARIES)]
    return [plugin_file, *(p for p in libraries if p.exists())]


def run_ldd(files: Iterable[Path]) -> str:
    """ldd's output and errors for every file (one run per file: ldd stops at an unreadable
    library, and says so on stderr)."""
    chunks = []
    for path in files:
        result = subprocess.run(["ldd", str(path)], capture_output=True, text=True)
        chunks += [result.stdout, result.stderr]
    return "\n".join(chunks)


def check(plugin: str, qt: Path) -> tuple[Missing, dict[str, str]]:
    """What is missing, and what is there but damaged."""
    output = run_ldd(files_to_check(qt, plugin))
    return Missing(tuple(missing_libraries(output))), damaged_libraries(output)


def package_manager() -> str | None:
    if shutil.which("apt-get"):
        return "apt"
    if shutil.which("dnf"):
        return "dnf"
    return None


def privilege_prefix() -> list[str] | None:
    """[] as root, ["sudo", "-n"] when sudo works without a password, None otherwise."""
    if os.geteuid() == 0:
        return []
    if shutil.which("sudo") and subprocess.run(
            ["sudo", "-n", "true"], capture_output=True).returncode == 0:
        return ["sudo", "-n"]
    return None


def install_commands(family: str, packages: Sequence[str], prefix: Sequence[str]
                     ) -> list[list[str]]:
    """The command to run, then (apt) the same after refreshing the package lists: a fresh
    container has none, and ``apt-get install`` then knows no package at all."""
    if family == "apt":
        # env: sudo resets the environment, and debconf must never wait for an answer.
        apt = [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get"]
        install = [*apt, "install", "-y", "--no-install-recommends", *packages]
        return [install, [*apt, "update"], install]
    return [[*prefix, "dnf", "install", "-y", *packages]]


def install(family: str, packages: Sequence[str], prefix: Sequence[str]) -> bool:
    """Run the install, refreshing apt's lists only when the first attempt fails."""
    first, *retry = install_commands(family, packages, prefix)
    if subprocess.run(first).returncode == 0:
        return True
    return bool(retry) and all(subprocess.run(c).returncode == 0 for c in retry)


def advice(missing: Missing) -> str:
    apt = " ".join(missing.packages("apt"))
    dnf = " ".join(missing.packages("dnf"))
    lines = [f"  Debian/Ubuntu: sudo apt-get install {apt}" if apt else "",
             f"  Fedora:        sudo dnf install {dnf}"]
    unknown = missing.unknown()
    if unknown:
        lines.append(f"  (no Debian package known for {', '.join(unknown)}: "
                     "apt-file search names it)")
    return "\n".join(line for line in lines if line)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("plugin", nargs="?", default="xcb",
                        help="Qt platform plugin: xcb (the window), offscreen (the tests)")
    parser.add_argument("--no-install", action="store_true",
                        help="only report what is missing (exit 1 if anything is)")
    parser.add_argument("--qt-dir", type=Path, help="PySide6's Qt folder (default: found)")
    args = parser.parse_args(argv)
    if not sys.platform.startswith("linux"):
        return 0
    if shutil.which("ldd") is None:
        print("qt_system_deps: no ldd on this system; cannot check Qt's system libraries",
              file=sys.stderr)
        return 0
    plugin = args.plugin.split(":", 1)[0]  # QT_QPA_PLATFORM may carry options
    qt = args.qt_dir or qt_directory()
    missing, damaged = check(plugin, qt)
    if damaged:
        broken = Missing(tuple(damaged))
        print(f"Qt platform plugin {plugin!r} cannot load: "
              + "; ".join(f"{name} is damaged ({why})" for name, why in damaged.items())
              + ".\nReinstall:\n"
              + f"  Debian/Ubuntu: sudo apt-get install --reinstall "
                f"{' '.join(broken.packages('apt'))}\n"
              + f"  Fedora:        sudo dnf reinstall {' '.join(broken.packages('dnf'))}",
              file=sys.stderr)
        return 1
    if not missing.libraries:
        return 0
    family = package_manager()
    print(f"Qt platform plugin {plugin!r} cannot load: missing "
          f"{', '.join(missing.libraries)}.", file=sys.stderr)
    prefix = None if args.no_install or family is None else privilege_prefix()
    packages = missing.packages(family) if family else []
    if family is None or prefix is None or not packages:
        reason = ("" if args.no_install else
                  "no apt-get or dnf here" if family is None else
                  "no known package" if not packages else
                  "not root and sudo needs a password")
        print(("Install them" + (f" ({reason})" if reason else "") + ":\n") + advice(missing),
              file=sys.stderr)
        return 1
    print(f"Installing with {'apt-get' if family == 'apt' else 'dnf'}"
          f"{' through sudo' if prefix else ''}: {' '.join(packages)}", file=sys.stderr)
    if not install(family, packages, prefix):
        print("The installation failed. Install them by hand:\n" + advice(missing),
              file=sys.stderr)
        return 1
    still, _ = check(plugin, qt)
    if still.libraries:
        print(f"Still missing after the installation: {', '.join(still.libraries)}.\n"
              + advice(still), file=sys.stderr)
        return 1
    print(f"Qt platform plugin {plugin!r}: every system library is now present.",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
