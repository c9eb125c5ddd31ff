"""Write the throughput corpus: native English prose with machine-translated lines mixed in.

    python benchmarks/make_corpus.py                    # benchmarks/data/corpus-20mb.txt
    python benchmarks/make_corpus.py --size-mb 100 -o big.txt

The native English is Debian's fortune cookies (``fortunes`` and ``fortunes-min``,
``/usr/share/games/fortunes``, about 2.5 MB), installed with apt-get when missing. The
ASCII-art files are left out, and backspace overstrikes (``_\\bw``, old underlining)
are removed. The cookies are shuffled and repeated until the corpus reaches the size
asked for; after each native line, one time in twenty, comes a line of machine
translation carrying one artifact, drawn from the templates below: stray Chinese with
and without a gloss, untranslated sentences, full-width punctuation, spacing debris,
calques and literal names, Chinese mojibake of four kinds, number calques.

The output depends only on the seed, the size and the installed fortunes, so the same
command writes the same file. A summary of what was mixed in goes to standard error.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

FORTUNES = Path("/usr/share/games/fortunes")
PACKAGES = ("fortunes", "fortunes-min")
SKIP = {"art", "ascii-art"}  # pictures, not prose
DEFAULT_OUT = Path(__file__).parent / "data" / "corpus-20mb.txt"
MT_RATE = 1 / 20
_OVERSTRIKE = re.compile(".\x08")

# -- the pieces MT lines are built from ---------------------------------------------------

#: Chinese terms MT engines leave in English text, with a fair English rendering.
TERMS = [
    ("性价比", "value for money"), ("内卷", "involution"), ("躺平", "lying flat"),
    ("供应链", "supply chain"), ("市场份额", "market share"), ("数字经济", "digital economy"),
    ("营商环境", "business environment"), ("直播带货", "livestream selling"),
    ("网红", "internet celebrity"), ("打工人", "wage earners"), ("新能源汽车", "new energy vehicles"),
    ("高质量发展", "high-quality development"), ("产业链", "industrial chain"),
    ("舆论环境", "public opinion environment"), ("共同富裕", "common prosperity"),
    ("消费升级", "consumption upgrade"), ("流量", "online traffic"), ("双十一", "Singles' Day"),
    ("中小企业", "small and medium-sized enterprises"), ("芯片", "chips"),
]

#: Subjects and the news they make, for the English around an artifact.
SUBJECTS = [
    "The company", "The city government", "The research team", "The carmaker",
    "Local regulators", "The online retailer", "The provincial bureau", "Analysts",
    "The industry association", "The startup", "Shareholders", "The ministry",
]
PREDICATES = [
    "said the new policy would improve the {x} over the next three years",
    "expects the {x} to stabilise in the second half of the year",
    "announced a plan to strengthen the {x} in the region",
    "warned that the {x} remains under pressure",
    "has invested heavily in the {x} since last spring",
    "described the {x} as a priority for the coming decade",
    "is studying how the {x} affects small businesses",
]
PLAIN = [
    "Sales rose sharply in the third quarter, mainly because of strong exports",
    "The meeting stressed the need to open wider to the outside world",
    "Users complained that the app was slow and the service was poor",
    "The new model goes on sale next month at a lower price",
    "Experts believe the market will recover slowly",
    "The factory resumed production after a two-week pause",
    "Both sides agreed to deepen cooperation in trade and technology",
    "The report was released on Monday by the statistics bureau",
]

#: Whole Chinese sentences, left untranslated by the engine.
UNTRANSLATED = [
    "该公司表示，新产品将于下个月正式上市。",
    "专家认为，今年的市场需求将保持稳定增长。",
    "会议强调，要进一步优化营商环境，支持民营企业发展。",
    "据了解，这款手机的电池续航时间比上一代提高了百分之二十。",
    "业内人士指出，价格战短期内不会结束。",
    "记者从有关部门获悉，相关工作正在有序推进。",
]

#: Literal renderings of names and slang (as curated lexicons list them), in a sentence
#: that gives them away.
CALQUES = [
    "The rice noodles queued overnight outside the Xiaomi store for the new phone.",
    "Weilai delivered more than ten thousand electric cars last month.",
    "Bargains on Spell More drew millions of shoppers from small towns.",
    "Reviews posted on Little Red Book helped the brand reach young buyers.",
    "Jingdong promised next-day delivery in most cities.",
    "The Ideal Auto crossover sold well in its first week.",
    "Many young workers say they would rather lie flat than join the rat race of involution.",
    "The hotel lobby was described as very high-end atmosphere upper grade.",
    "Fans of the idol called the actor a little fresh meat.",
    "The drama was a huge hit on Station B this summer.",
    "Buyers praised the phone for its high cost performance.",
    "The singer's old fans said she had collapsed her house after the scandal.",
]

#: Full-width punctuation between English words.
FULLWIDTH = [
    ("Sales rose 12%", "，", "mainly because of exports."),
    ("The plan has three parts", "：", "funding, training and oversight."),
    ("He asked whether the deal was final", "？", " Nobody answered."),
    ("Prices fell again last month", "。", "Analysts expect more cuts."),
    ("The team tested", "（", "and rejected) the first design."),
    ("She called it", "“", "a turning point” for the company."),
]

#: Spacing debris: a space before punctuation, or inside brackets.
DEBRIS = [
    "The spokesman said , the talks would continue next week .",
    "Revenue grew by 8 % compared with last year.",
    "The new rules ( announced on Friday ) apply to all platforms.",
    "Is the recovery real ? Economists are divided .",
    "The minister added : more support will follow.",
]

#: Chinese phrases to garble as mojibake.
GARBLE = ["手机", "小米手机", "新闻发布会", "价格", "用户评论", "智能汽车", "会议记录"]

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def _stray_glossed(rng: random.Random) -> str:
    zh, en = rng.choice(TERMS)
    glued = rng.random() < 0.5
    x = f"critical{zh} ({en})" if glued else f"{zh} ({en})"
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES).format(x=x)}."


def _stray_bare(rng: random.Random) -> str:
    zh, _ = rng.choice(TERMS)
    return f"{rng.choice(SUBJECTS)} {rng.choice(PREDICATES).format(x=zh)}."


def _untranslated(rng: random.Random) -> str:
    return rng.choice(UNTRANSLATED)


def _fullwidth(rng: random.Random) -> str:
    head, mark, tail = rng.choice(FULLWIDTH)
    return f"{head}{mark}{tail}"


def _debris(rng: random.Random) -> str:
    return rng.choice(DEBRIS)


def _calque(rng: random.Random) -> str:
    return rng.choice(CALQUES)


def _mojibake(rng: random.Random) -> str:
    zh = rng.choice(GARBLE)
    kind = rng.randrange(4)
    if kind == 0:  # UTF-8 bytes read as GBK
        garbled = zh.encode("utf-8").decode("gbk", errors="replace")
    elif kind == 1:  # GBK bytes read as Latin-1
        garbled = zh.encode("gbk").decode("latin-1")
    elif kind == 2:  # text lost on a round trip: U+FFFD, then its UTF-8 read as GBK
        garbled = "锟斤拷" * rng.randint(1, 3)
    else:  # UTF-8 punctuation read in Windows-1252
        garbled = "\u201cthe new phone\u201d".encode("utf-8").decode("cp1252", errors="replace")
    return f"{rng.choice(PLAIN)}, according to the page titled {garbled}."


def _numbers(rng: random.Random) -> str:
    month, day = rng.randint(1, 12), rng.randint(1, 28)
    kind = rng.randrange(3)
    if kind == 0:  # 5月20日
        when = f"{month} month {day} Japan"
    elif kind == 1:  # 2023年5月
        when = f"{rng.randint(2015, 2024)} years {month} month"
    else:  # 3.5万
        amount = f"{rng.randint(1, 99)}.{rng.randint(1, 9)} ten thousand"
        return f"{rng.choice(SUBJECTS)} sold {amount} units, up from {MONTHS[month - 1]}."
    news = rng.choice(PLAIN)
    return f"On {when}, {news[0].lower()}{news[1:]}."


TEMPLATES = {
    "stray-glossed": _stray_glossed,
    "stray-bare": _stray_bare,
    "untranslated": _untranslated,
    "full-width": _fullwidth,
    "spacing-debris": _debris,
    "calque": _calque,
    "mojibake": _mojibake,
    "numbers": _numbers,
}

# -- the corpus -------------------------------------------------------------------------


def ensure_fortunes() -> None:
    """Install the fortune cookies with apt-get when they are missing (root needed)."""
    if FORTUNES.is_dir() and any(FORTUNES.iterdir()):
        return
    if shutil.which("apt-get") is None:
        raise SystemExit(f"error: install the packages {' '.join(PACKAGES)} (no apt-get here)")
    subprocess.run(["apt-get", "install", "-y", *PACKAGES], check=True,
                   stdout=subprocess.DEVNULL)


def cookies() -> list[str]:
    """Every fortune cookie of the prose files, in file order, without overstrikes."""
    found = []
    for path in sorted(FORTUNES.iterdir()):
        if path.suffix or path.name in SKIP or path.is_symlink() or not path.is_file():
            continue
        text = _OVERSTRIKE.sub("", path.read_text(encoding="utf-8"))
        found += [c.strip("\n") for c in re.split(r"^%\n", text, flags=re.M) if c.strip()]
    return found


def generate(out, size: int, seed: int, rate: float = MT_RATE) -> Counter:
    """Write at least ``size`` bytes of corpus to ``out``, a machine-translated line
    after a native one ``rate`` of the time; return what was mixed in."""
    rng = random.Random(seed)
    pool = cookies()
    if not pool:
        raise SystemExit(f"error: no fortune cookies under {FORTUNES}")
    kinds = sorted(TEMPLATES)
    mixed: Counter = Counter()
    written = 0
    while written < size:
        order = pool[:]
        rng.shuffle(order)
        for cookie in order:
            lines = []
            for line in cookie.split("\n"):
                lines.append(line)
                if rng.random() < rate:
                    kind = rng.choice(kinds)
                    mixed[kind] += 1
                    lines.append(TEMPLATES[kind](rng))
            chunk = "\n".join(lines) + "\n\n"
            out.write(chunk)
            written += len(chunk.encode("utf-8"))
            mixed["lines"] += len(lines)
            if written >= size:
                break
    mixed["bytes"] = written
    return mixed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help=f"where to write (default {DEFAULT_OUT} for 20 MB)")
    parser.add_argument("--size-mb", type=float, default=20,
                        help="at least this many MiB (default 20)")
    parser.add_argument("--seed", type=int, default=20240601)
    parser.add_argument("--mt-rate", type=float, default=MT_RATE,
                        help="share of native lines followed by a machine-translated one "
                             "(default 1/20; 0 for native English only)")
    args = parser.parse_args(argv)
    suffix = "" if args.mt_rate == MT_RATE else f"-mt{args.mt_rate:g}"
    output = args.output or DEFAULT_OUT.with_name(f"corpus-{args.size_mb:g}mb{suffix}.txt")
    ensure_fortunes()
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(output.name + ".part")
    with open(partial, "w", encoding="utf-8", newline="\n") as out:
        mixed = generate(out, int(args.size_mb * 1024 * 1024), args.seed, args.mt_rate)
    partial.replace(output)
    artifacts = sum(n for k, n in mixed.items() if k in TEMPLATES)
    print(f"{output}: {mixed['bytes']:,} bytes, {mixed['lines']:,} lines, "
          f"{artifacts:,} machine-translated ({artifacts / mixed['lines']:.1%})", file=sys.stderr)
    print("  " + ", ".join(f"{k} {mixed[k]:,}" for k in sorted(TEMPLATES)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
