"""mtclean: find and mend the artifacts machine translation leaves in Chinese-to-English text.

The library API is small::

    from mtclean import check_text, fix_text, Config

    findings = check_text("the critical舆论环境 (public opinion environment)")
    result = fix_text("up 12%，mainly")
    result.text  # 'up 12%, mainly'
"""

from .config import Config, GlossaryEntry
from .engine import check_text
from .fixer import FixResult, apply_edits, apply_plan, fix_text
from .model import KINDS, Edit, Finding, Suggestion

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Edit",
    "Finding",
    "FixResult",
    "GlossaryEntry",
    "KINDS",
    "Suggestion",
    "apply_edits",
    "apply_plan",
    "check_text",
    "fix_text",
]
