"""PyInstaller hook for llama-cpp-python (none exists in pyinstaller-hooks-contrib).

llama_cpp loads libllama/libggml*/libmtmd with ctypes from its own ``llama_cpp/lib`` folder
(``llama_cpp._ctypes_extensions.load_shared_library``), so they must land there in the bundle,
not at the top level where PyInstaller puts shared libraries it finds by itself; otherwise the
frozen app fails with "Shared library with base name 'llama' not found". The libraries find
each other through RUNPATH $ORIGIN, which that layout keeps.
"""

from PyInstaller.utils.hooks import collect_dynamic_libs

binaries = collect_dynamic_libs("llama_cpp")
# The chat formats import jinja2 lazily; the server extras are not part of the app.
hiddenimports = ["jinja2"]
excludedimports = ["llama_cpp.server", "uvicorn", "fastapi", "starlette", "sse_starlette"]
