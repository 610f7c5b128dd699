"""PyInstaller hook for CTranslate2 (none exists in pyinstaller-hooks-contrib).

The Linux wheel's extension links ``ctranslate2.libs/libctranslate2-*.so`` (auditwheel), which
PyInstaller's dependency analysis follows. On Windows the wheel ships its DLLs inside the
``ctranslate2`` package folder and adds that folder to the DLL search path at import, so they
must stay there: collect them as the package's own libraries.
"""

from PyInstaller.utils.hooks import collect_dynamic_libs, collect_submodules

binaries = collect_dynamic_libs("ctranslate2")
# The converters pull in transformers/torch when present; the app only runs converted models.
hiddenimports = [m for m in collect_submodules("ctranslate2") if ".converters" not in m]
excludedimports = ["ctranslate2.converters", "torch", "transformers"]
