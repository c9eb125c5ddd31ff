"""The HTML report: one self-contained page a reviewer opens in a browser.

Charts of the kinds of artifact and the most frequent terms (inline SVG), then the
segments the job changed, before and after with the change marked, then segments left
for a person with what was found in them. No scripts, fonts or styles from elsewhere.
"""

from __future__ import annotations

import difflib
import os
import re
from html import escape
from pathlib import Path

from ...text import CJK_CHAR
from ..units import PLACEHOLDER
from .jsonreport import summary
from .svg import KIND_COLOURS, NEUTRAL, kind_chart, term_chart
from .tally import Tally

# Words, runs of CJK (kept apart from Latin words they touch), spaces, single marks.
_TOKEN = re.compile(rf"{CJK_CHAR}+|(?:(?!{CJK_CHAR})\w)+|\s+|[^\w\s]")

_STYLE = """
:root { --ink:#212529; --muted:#6c757d; --line:#dee2e6; --paper:#f8f9fa; --del:#ffe3e3;
  --del-ink:#c92a2a; --ins:#d3f9d8; --ins-ink:#2b8a3e; --mark:#fff3bf; }
* { box-sizing: border-box; }
body { margin:0; font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",
  "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif; color:var(--ink);
  background:var(--paper); }
main { max-width:1120px; margin:0 auto; padding:32px 28px 48px; }
header h1 { font-size:26px; margin:0 0 4px; letter-spacing:-.01em; }
header p { margin:0; color:var(--muted); }
code, .mono { font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace; font-size:13px; }
.cards { display:grid; grid-template-columns:repeat(5,1fr); gap:14px; margin:24px 0; }
.card { background:#fff; border:1px solid var(--line); border-radius:10px; padding:14px 16px; }
.card .n { font-size:26px; font-weight:650; display:block; }
.card .l { color:var(--muted); font-size:13px; text-transform:uppercase; letter-spacing:.04em; }
.charts { display:grid; grid-template-columns:1fr 1fr; gap:16px; }
section.panel { background:#fff; border:1px solid var(--line); border-radius:10px;
  padding:16px 18px; margin-bottom:16px; overflow:hidden; }
h2 { font-size:18px; margin:0 0 12px; }
h2 small { font-weight:400; color:var(--muted); font-size:14px; }
svg.chart .label { font-size:13px; fill:var(--ink); }
svg.chart .value { font-size:12px; fill:var(--muted); }
table.rules { border-collapse:collapse; width:100%; font-size:14px; }
table.rules td, table.rules th { text-align:left; padding:6px 8px; border-bottom:1px solid var(--line); }
table.rules td.num, table.rules th.num { text-align:right; }
.seg { border:1px solid var(--line); border-radius:8px; margin:0 0 12px; overflow:hidden; }
.seg .meta { background:var(--paper); padding:6px 12px; font-size:13px; color:var(--muted);
  display:flex; gap:14px; flex-wrap:wrap; border-bottom:1px solid var(--line); }
.seg .meta b { color:var(--ink); font-weight:600; }
.seg .meta .more { margin-left:auto; color:#f08c00; font-weight:600; }
.seg .row { display:grid; grid-template-columns:72px 1fr; border-bottom:1px solid var(--line); }
.seg .row:last-child { border-bottom:0; }
.seg .row > span { padding:8px 12px; }
.seg .row > span:first-child { color:var(--muted); font-size:12px; text-transform:uppercase;
  letter-spacing:.05em; padding-top:10px; }
.seg .text { white-space:pre-wrap; word-break:break-word; }
.seg .src { color:#495057; }
del { background:var(--del); color:var(--del-ink); text-decoration:line-through;
  text-decoration-thickness:1px; border-radius:3px; padding:0 1px; }
ins { background:var(--ins); color:var(--ins-ink); text-decoration:none; border-radius:3px;
  padding:0 1px; font-weight:600; }
mark { background:var(--mark); border-bottom:2px solid #f08c00; border-radius:2px; padding:0 1px; }
.tag { display:inline-block; font-size:11px; color:var(--muted); border:1px solid var(--line);
  border-radius:4px; padding:0 4px; margin:0 1px; vertical-align:1px; }
ul.findings { list-style:none; margin:0; padding:0; }
ul.findings li { padding:2px 0; font-size:14px; }
ul.findings .msg { color:var(--muted); font-size:13px; margin-left:2px; }
.chip { display:inline-block; color:#fff; border-radius:10px; padding:0 8px; font-size:12px;
  margin-right:6px; vertical-align:1px; }
.state { font-size:12px; color:var(--muted); margin-left:6px; }
.empty { color:var(--muted); font-style:italic; }
footer { color:var(--muted); font-size:13px; margin-top:24px; }
"""


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


def _show(text: str) -> str:
    """Escaped text, with inline-markup placeholders drawn as small tags."""
    return escape(text).replace(PLACEHOLDER, '<span class="tag">tag</span>')


def diff_html(before: str, after: str) -> tuple[str, str]:
    """``before`` with what was removed marked <del>, ``after`` with what was added <ins>."""
    old, new = _tokens(before), _tokens(after)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    left, right = [], []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        removed, added = "".join(old[a1:a2]), "".join(new[b1:b2])
        if op == "equal":
            left.append(_show(removed))
            right.append(_show(added))
            continue
        if removed:
            left.append(f"<del>{_show(removed)}</del>")
        if added:
            right.append(f"<ins>{_show(added)}</ins>")
    return "".join(left), "".join(right)


def marked_html(text: str, findings: list[dict]) -> str:
    """``text`` with the spans of its remaining findings marked."""
    spans = sorted({(f["start"], f["end"]) for f in findings if not f["fixed"]
                    and 0 <= f["start"] < f["end"] <= len(text)})
    parts, pos = [], 0
    for start, end in spans:
        if start < pos:
            continue
        parts.append(_show(text[pos:start]))
        parts.append(f"<mark>{_show(text[start:end])}</mark>")
        pos = end
    parts.append(_show(text[pos:]))
    return "".join(parts)


def _chip(finding: dict) -> str:
    colour = KIND_COLOURS.get(finding["kind"], NEUTRAL)
    return f'<span class="chip" style="background:{colour}">{escape(finding["kind"])}</span>'


def _finding_list(findings: list[dict], target: str) -> str:
    items = []
    for f in findings:
        what = ""
        if f["text"].strip() != target.strip():  # the whole segment needs no quoting
            what = f' &lsquo;{_show(f["text"])}&rsquo;'
            if f.get("suggestion") is not None:
                what += f' &rarr; <b>{_show(f["suggestion"]) or "(nothing)"}</b>'
        state = "fixed" if f["fixed"] else "left for review"
        items.append(
            f'<li>{_chip(f)}<code>{escape(f["rule"])}</code> {escape(f["name"])}{what}'
            f'<span class="state">{state}</span><br><span class="msg">'
            f'{_show(f["message"])}</span></li>')
    return f'<ul class="findings">{"".join(items)}</ul>'


def _segment(entry: dict, *, changed: bool) -> str:
    repeats = entry.get("repeats", 0)
    more = f'<span class="more">and {repeats:,} more like it</span>' if repeats else ""
    meta = (f'<div class="meta"><span>unit <b>{escape(str(entry["id"]))}</b></span>'
            f'<span>line {escape(str(entry["line"]))}</span>'
            f'<span>#{entry["index"] + 1:,}</span>{more}</div>')
    rows = []
    if entry.get("source"):
        rows.append(("source", f'<span class="text src">{_show(entry["source"])}</span>'))
    if changed:
        before, after = diff_html(entry["target"], entry["fixed_target"])
        rows.append(("before", f'<span class="text">{before}</span>'))
        rows.append(("after", f'<span class="text">{after}</span>'))
    else:
        rows.append(("target", f'<span class="text">'
                               f'{marked_html(entry["target"], entry["findings"])}</span>'))
    rows.append(("found", f"<span>{_finding_list(entry['findings'], entry['target'])}</span>"))
    body = "".join(f'<div class="row"><span>{label}</span>{_han_lang(cell)}</div>'
                   for label, cell in rows)
    return f'<div class="seg">{meta}{body}</div>'


_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _han_lang(html: str) -> str:
    """Chinese runs marked as simplified Chinese: Han characters are shared with
    Japanese, and a browser picks their font by the language of the text, which on an
    English page is its default CJK font, Japanese on some systems."""
    return _HAN_RUN.sub(lambda m: f'<span lang="zh-Hans">{m.group()}</span>', html)


def _rules_table(data: dict) -> str:
    if not data["by_rule"]:
        return '<p class="empty">No findings.</p>'
    rows = "".join(
        f'<tr><td><code>{escape(rule)}</code></td><td>{escape(info["name"])}</td>'
        f'<td class="num">{info["count"]:,}</td></tr>'
        for rule, info in sorted(data["by_rule"].items(), key=lambda kv: -kv[1]["count"]))
    return ('<table class="rules"><thead><tr><th>Rule</th><th>Name</th>'
            f'<th class="num">Findings</th></tr></thead><tbody>{rows}</tbody></table>')


def render(meta: dict, tally: Tally) -> str:
    """The report page as one string."""
    data = summary(meta, tally)
    cards = [("units", tally.units), ("changed", tally.changed),
             ("findings", tally.findings), ("fixed", tally.fixed),
             ("left for review", tally.remaining)]
    cards_html = "".join(f'<div class="card"><span class="n">{n:,}</span>'
                         f'<span class="l">{escape(label)}</span></div>' for label, n in cards)
    what = escape(Path(meta["input"]).name)
    subtitle = f'{what} &middot; {escape(meta["format"])} &middot; {escape(meta["mode"])}'
    if meta.get("output"):
        subtitle += f' &rarr; {escape(Path(meta["output"]).name)}'
    changed = "".join(_segment(e, changed=True) for e in tally.changed_samples)
    flagged = "".join(_segment(e, changed=False) for e in tally.flagged_samples)

    def shown(samples: list, total: int) -> str:
        if total <= len(samples):
            return f"<small>{total:,}</small>"
        first = "the first " if len(samples) >= tally.sample_cap else ""
        return f"<small>{total:,}; {first}{len(samples):,} different ones shown</small>"

    flagged_total = tally.flagged_units - tally.changed
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>mtclean report: {what}</title>
<style>{_STYLE}</style></head>
<body><main>
<header><h1>mtclean batch report</h1><p>{subtitle}</p></header>
<div class="cards">{cards_html}</div>
<div class="charts">
<section class="panel"><h2>Findings by kind</h2>{kind_chart(dict(tally.by_kind))}</section>
<section class="panel"><h2>Most frequent terms</h2>{term_chart(data["top_terms"])}</section>
</div>
<section class="panel"><h2>Rules</h2>{_rules_table(data)}</section>
<section class="panel"><h2>Changed segments {shown(tally.changed_samples, tally.changed)}</h2>
{changed or '<p class="empty">No segment was changed.</p>'}</section>
<section class="panel"><h2>Left for review {shown(tally.flagged_samples, flagged_total)}</h2>
{flagged or '<p class="empty">Nothing is left for a person to look at.</p>'}</section>
<footer>mtclean {escape(meta["mtclean"])} &middot; {tally.units:,} units in
{meta["seconds"]:,.1f} s</footer>
</main></body></html>
"""


def write_html_report(path: Path, meta: dict, tally: Tally) -> None:
    path = Path(path)
    # A lone surrogate (JSONL may escape one) is shown as its escape, not refused.
    data = render(meta, tally).encode("utf-8", "backslashreplace")
    temporary = path.with_name(path.name + ".tmp")
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
