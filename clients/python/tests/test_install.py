"""pip install ./clients/python works offline (setuptools and wheel of the interpreter, no index) and installs an importable package."""

import os
import shutil
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PROBE = "import setuptools, wheel, pip, venv"


def _builder():
    """An interpreter with setuptools, wheel and pip: this one, else the system's."""
    for python in (sys.executable, shutil.which("python3"), "/usr/bin/python3"):
        if python and os.path.exists(python) and subprocess.run([python, "-c", PROBE], capture_output=True).returncode == 0:
            return python
    return None


class InstallTests(unittest.TestCase):
    def test_pip_install_of_the_folder(self):
        python = _builder()
        if python is None:
            message = "SKIPPED LOUDLY: no Python here has setuptools, wheel and pip to build the package offline (apt-get install python3-wheel)"
            print(message, file=sys.stderr)
            self.skipTest(message)
        with tempfile.TemporaryDirectory() as folder:
            # Installed from a copy, so the build leaves nothing in the repository.
            source = shutil.copytree(ROOT, os.path.join(folder, "source"), ignore=shutil.ignore_patterns("tests", "build", "*.egg-info", "__pycache__"))
            folder = os.path.join(folder, "venv")
            subprocess.run([python, "-m", "venv", "--system-site-packages", "--without-pip", folder], check=True, capture_output=True)
            inside = os.path.join(folder, "bin", "python")
            install = subprocess.run([inside, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps", "--quiet", source],
                                     capture_output=True, text=True, cwd=folder)
            self.assertEqual(install.returncode, 0, install.stdout + install.stderr)
            environment = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
            where = subprocess.run([inside, "-c", "import magg_orleans; print(magg_orleans.__file__); print(callable(magg_orleans.agg))"],
                                   capture_output=True, text=True, cwd=folder, env=environment)
            self.assertEqual(where.returncode, 0, where.stderr)
            path, agg = where.stdout.split()
            self.assertTrue(path.startswith(folder), path)
            self.assertEqual(agg, "True")


if __name__ == "__main__":
    unittest.main()
