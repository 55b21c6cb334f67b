"""The languages the complexity analysis reads: names, aliases and file extensions.

A file's language comes from its extension (``.kt`` is Kotlin, ``.h`` Objective-C, which is a
superset of C), unless the caller maps extensions to languages itself. The same rules are in
the C core (``ob_language_for_path`` in analyze_file.c, ``lex_brace.c``'s tables).
"""

from __future__ import annotations

import os
from typing import Dict, Mapping, Optional, Sequence, Tuple

from ._python.lex_brace import ALIASES as _BRACE_ALIASES
from ._python.lex_brace import EXTENSIONS as _BRACE_EXTENSIONS
from ._python.lex_brace import LANGUAGES as _BRACE_LANGUAGES

LANGUAGES: Tuple[str, ...] = ("python",) + tuple(_BRACE_LANGUAGES)

LANGUAGE_ALIASES: Dict[str, str] = {"python": "python", "py": "python", "python3": "python",
                                    **{name: name for name in _BRACE_LANGUAGES},
                                    **_BRACE_ALIASES}

# Python's extensions are matched case-sensitively (as the C core does), the others not.
_PYTHON_EXTENSIONS = (".py", ".pyw", ".pyi")

# The extensions a directory analysis picks up by default (".pyi" stubs have no code).
LANGUAGE_EXTENSIONS: Dict[str, Tuple[str, ...]] = {
    "python": (".py", ".pyw"),
    **{name: tuple(ext for ext, (language, _) in _BRACE_EXTENSIONS.items() if language == name)
       for name in _BRACE_LANGUAGES},
}
DEFAULT_EXTENSIONS: Tuple[str, ...] = tuple(ext for name in LANGUAGES
                                            for ext in LANGUAGE_EXTENSIONS[name])


def normalize_language(language: str) -> str:
    """The canonical name of a language or alias, any case ("KT" -> "kotlin")."""
    try:
        return LANGUAGE_ALIASES[language.lower()]
    except (KeyError, AttributeError):
        supported = ", ".join(LANGUAGES)
        raise ValueError(f"unsupported language {language!r} (supported: {supported}; "
                         f"aliases: {', '.join(sorted(set(LANGUAGE_ALIASES) - set(LANGUAGES)))})"
                         ) from None


def normalize_map(language_map: Optional[Mapping[str, str]]) -> Dict[str, str]:
    """``{".inc": "java"}`` checked: extensions start with a dot (lower-cased), languages
    become canonical names."""
    out = {}
    for extension, language in (language_map or {}).items():
        if not isinstance(extension, str) or not extension.startswith(".") or len(extension) < 2:
            raise ValueError(f"an extension starts with a dot: {extension!r}")
        out[extension.lower()] = normalize_language(language)
    return out


def language_for_path(path, language_map: Optional[Mapping[str, str]] = None) -> Optional[str]:
    """The language of a path by extension (``language_map``, normalised, first); None when no
    language claims the extension."""
    name = os.fsdecode(path)
    extension = os.path.splitext(name)[1]
    if language_map and extension.lower() in language_map:
        return language_map[extension.lower()]
    if extension in _PYTHON_EXTENSIONS:
        return "python"
    found = _BRACE_EXTENSIONS.get(extension.lower())
    return found[0] if found else None


def extensions_for(languages: Optional[Sequence[str]],
                   language_map: Optional[Mapping[str, str]] = None) -> Tuple[str, ...]:
    """The extensions a directory analysis walks for these (canonical) languages (None: all),
    the mapped extensions included."""
    chosen = LANGUAGES if languages is None else tuple(languages)
    out = [ext for name in chosen for ext in LANGUAGE_EXTENSIONS[name]
           if not (language_map and ext in language_map and language_map[ext] not in chosen)]
    out += [ext for ext, name in (language_map or {}).items() if name in chosen and ext not in out]
    return tuple(out)
