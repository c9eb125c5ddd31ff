"""TMX translation memories: in each ``<tu>``, the ``<seg>`` of the target language.

The source language is the header's ``srclang`` (or ``--source-lang``); the target
language is English (or ``--target-lang``), matched exactly or else on the primary
subtag, so ``en`` takes ``en-US`` and ``EN-GB`` while ``en-GB`` prefers ``EN-GB``. A ``<tu>`` with two variants and no English one takes the
variant that is not the source. A ``<tuv>`` holding more than one ``<seg>`` (which TMX
does not allow) has each checked, the second as "ID (seg 2)".
"""

from __future__ import annotations

from .xmldump import XmlDump, local, plain_text

_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(tuv) -> str:
    return (tuv.get(_XML_LANG) or tuv.get("lang") or "").lower()


def _pick(variants, wanted: str | None, other_than=None):
    """The variant in language ``wanted``: exactly ("en-GB"), else by its primary
    subtag ("en" takes "en-US")."""
    if not wanted:
        return None
    wanted = wanted.lower()
    candidates = [tuv for tuv, _ in variants if tuv is not other_than]
    for tuv in candidates:
        if _lang(tuv) == wanted:
            return tuv
    primary = wanted.split("-")[0]
    return next((tuv for tuv in candidates if _lang(tuv).split("-")[0] == primary), None)


class TmxDump(XmlDump):
    name = "tmx"
    target_name = "seg"
    unit_names = frozenset({"tu"})

    def __init__(self, path, options) -> None:
        super().__init__(path, options)
        self.source_lang = options.source_lang
        self.target_lang = options.target_lang or "en"

    def on_start(self, elem) -> None:
        if local(elem.tag) == "header" and not self.source_lang:
            srclang = elem.get("srclang", "")
            if srclang and srclang != "*all*":
                self.source_lang = srclang

    def select(self, elem, number: int):
        variants = [(tuv, _lang(tuv)) for tuv in elem if local(tuv.tag) == "tuv"]
        target = _pick(variants, self.target_lang)
        source = _pick(variants, self.source_lang, other_than=target)
        if target is None and len(variants) == 2 and source is not None:
            target = next(tuv for tuv, _ in variants if tuv is not source)
        if target is None:
            return []
        if source is None:
            source = next((tuv for tuv, _ in variants if tuv is not target), None)
        segs = _segs(target)
        source_segs = _segs(source) if source is not None else []
        source_text = plain_text(source_segs[0]) if source_segs else None
        ident = elem.get("tuid") or f"tu {number}"
        # TMX has one <seg> a <tuv>; a file with more is checked whole all the same.
        return [(seg, ident if k == 1 else f"{ident} (seg {k})", source_text)
                for k, seg in enumerate(segs, 1)]


def _segs(tuv):
    return [child for child in tuv if local(child.tag) == "seg"]
