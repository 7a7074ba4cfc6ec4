"""The GUI on a real X11 display (Xvfb), not the offscreen plugin the other tests use.

Qt's xcb platform plugin needs system libraries the offscreen one does not (README "Start here",
.ci/run): without them Qt aborts with "Could not load the Qt platform plugin xcb". This test starts
Ranoat's main window in a subprocess under `xvfb-run` with QT_QPA_PLATFORM=xcb and fails (never
skips) when the plugin cannot load or the window is not shown on the display.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SCRIPT = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from ranoat.rules.rulebook import load_all
    from ui.app import create_application
    from ui.main_window import MainWindow

    app = create_application(sys.argv)
    window = MainWindow(load_all(), database=None)
    window.show()

    def report():
        handle = window.windowHandle()
        print("platform:", app.platformName())
        print("exposed:", bool(handle is not None and handle.isExposed()))
        app.quit()

    QTimer.singleShot(1500, report)
    sys.exit(app.exec())
    """
)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 exists only on Linux")
def test_main_window_opens_on_a_real_x11_display(tmp_path: Path) -> None:
    xvfb_run = shutil.which("xvfb-run")
    assert xvfb_run is not None, (
        "xvfb-run is missing: install the packages of README 'Start here' (apt-get install xvfb …)"
    )
    env = dict(os.environ)
    env.update(
        QT_QPA_PLATFORM="xcb",
        QT_DEBUG_PLUGINS="0",
        HOME=str(tmp_path),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_DATA_HOME=str(tmp_path / "data"),
    )
    env.pop("DISPLAY", None)
    result = subprocess.run(
        [xvfb_run, "-a", "-s", "-screen 0 1280x800x24", sys.executable, "-c", SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert "Could not load the Qt platform plugin" not in output, output
    assert result.returncode == 0, output
    assert "platform: xcb" in result.stdout, output
    assert "exposed: True" in result.stdout, output
