"""Wade-Giles <-> Hanyu Pinyin, syllable by syllable over the full table of Mandarin syllables.

The table is built from every pinyin syllable by the conversion rules (initials b->p, p->p',
zh->ch, j->ch, q->ch', x->hs, r->j, z->ts, c->ts'; finals -ong->-ung, -ian->-ien, -ie->-ieh,
-uo->-o, gui->kuei, ge->ko; the special syllables zhi->chih, zi->tzu, si->ssu, you->yu, yu->yü...)
and checked to be one-to-one, so it reads both ways. Names are converted word by word:
"Zhou Enlai" <-> "Chou En-lai", "Deng Xiaoping" <-> "Teng Hsiao-p'ing".
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from archivist.enrich.names import wordset

# Every syllable of standard Mandarin in pinyin (without tones; ü written as ü), by initial.
PINYIN_SYLLABLES = tuple(wordset("""
a o e ai ei ao ou an en ang eng er
ba bo bai bei bao ban ben bang beng bi bie biao bian bin bing bu
pa po pai pei pao pou pan pen pang peng pi pie piao pian pin ping pu
ma mo me mai mei mao mou man men mang meng mi mie miao miu mian min ming mu
fa fo fei fou fan fen fang feng fu
da de dai dei dao dou dan den dang deng dong di dia die diao diu dian ding du duo dui duan dun
ta te tai tao tou tan tang teng tong ti tie tiao tian ting tu tuo tui tuan tun
na ne nai nei nao nou nan nen nang neng nong ni nie niao niu nian nin niang ning nu nuo nuan nü nüe
la le lai lei lao lou lan lang leng long li lia lie liao liu lian lin liang ling lu luo luan lun lü lüe
ga ge gai gei gao gou gan gen gang geng gong gu gua guo guai gui guan gun guang
ka ke kai kei kao kou kan ken kang keng kong ku kua kuo kuai kui kuan kun kuang
ha he hai hei hao hou han hen hang heng hong hu hua huo huai hui huan hun huang
ji jia jie jiao jiu jian jin jiang jing jiong ju jue juan jun
qi qia qie qiao qiu qian qin qiang qing qiong qu que quan qun
xi xia xie xiao xiu xian xin xiang xing xiong xu xue xuan xun
zha zhe zhi zhai zhei zhao zhou zhan zhen zhang zheng zhong zhu zhua zhuo zhuai zhui zhuan zhun zhuang
cha che chi chai chao chou chan chen chang cheng chong chu chua chuo chuai chui chuan chun chuang
sha she shi shai shei shao shou shan shen shang sheng shu shua shuo shuai shui shuan shun shuang
re ri rao rou ran ren rang reng rong ru rua ruo rui ruan run
za ze zi zai zei zao zou zan zen zang zeng zong zu zuo zui zuan zun
ca ce ci cai cao cou can cen cang ceng cong cu cuo cui cuan cun
sa se si sai sao sou san sen sang seng song su suo sui suan sun
ya yo ye yao you yan yin yang ying yong yi yu yue yuan yun
wa wo wai wei wan wen wang weng wu
"""))

INITIALS = (("zh", "ch"), ("ch", "ch'"), ("sh", "sh"), ("b", "p"), ("p", "p'"), ("m", "m"),
            ("f", "f"), ("d", "t"), ("t", "t'"), ("n", "n"), ("l", "l"), ("g", "k"), ("k", "k'"),
            ("h", "h"), ("j", "ch"), ("q", "ch'"), ("x", "hs"), ("r", "j"), ("z", "ts"),
            ("c", "ts'"), ("s", "s"))
WHOLE = {"zhi": "chih", "chi": "ch'ih", "shi": "shih", "ri": "jih", "zi": "tzu", "ci": "tz'u",
         "si": "ssu", "er": "erh", "e": "ê", "yi": "i", "ye": "yeh", "yan": "yen", "you": "yu",
         "yu": "yü", "yue": "yüeh", "yuan": "yüan", "yun": "yün", "yong": "yung"}


def _syllable_to_wg(syllable: str) -> str:
    if syllable in WHOLE:
        return WHOLE[syllable]
    initial, wg_initial = next(((p, w) for p, w in INITIALS if syllable.startswith(p)), ("", ""))
    final = syllable[len(initial):]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "ü" + final[1:]
    if final == "e":
        final = "o" if initial in ("g", "k", "h") else "e"
    elif final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"
    elif final == "ui" and initial in ("g", "k"):
        final = "uei"
    else:
        for old, new in (("iong", "iung"), ("ong", "ung"), ("ian", "ien"), ("üe", "üeh"), ("ie", "ieh")):
            if final.endswith(old):
                final = final[: -len(old)] + new
                break
    return wg_initial + final


PINYIN_TO_WG: dict[str, str] = {s: _syllable_to_wg(s) for s in PINYIN_SYLLABLES}
WG_TO_PINYIN: dict[str, str] = {wg: s for s, wg in PINYIN_TO_WG.items()}
assert len(WG_TO_PINYIN) == len(PINYIN_TO_WG), "the Wade-Giles table must be one-to-one"


def _plain(text: str) -> str:
    """Lowercase without tone marks, keeping ü (written u: or v in some sources)."""
    text = text.lower().replace("u:", "ü").replace("v", "ü")
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept).replace("’", "'").replace("‘", "'")


@cache
def split_pinyin(word: str) -> tuple[str, ...] | None:
    """Syllables of a pinyin word ("xiaoping" -> xiao, ping), or None when it is not pinyin.

    Of all readings it prefers the one with fewest syllables starting with a vowel after the
    first (pinyin writes an apostrophe there: Xi'an), then the fewest syllables.
    """
    word = _plain(word)
    if "'" in word:
        parts = [split_pinyin(part) for part in word.split("'")]
        return None if None in parts else tuple(s for part in parts for s in part)
    best: dict[int, tuple[tuple[int, int], tuple[str, ...]]] = {0: ((0, 0), ())}
    for start in range(len(word)):
        if start not in best:
            continue
        (vowels, count), syllables = best[start]
        for end in range(start + 1, min(len(word), start + 6) + 1):
            piece = word[start:end]
            if piece in PINYIN_TO_WG or (piece.replace("ü", "u") in PINYIN_TO_WG and "ü" in piece):
                piece = piece if piece in PINYIN_TO_WG else piece.replace("ü", "u")
                score = (vowels + (start > 0 and piece[0] in "aoe"), count + 1)
                if end not in best or score < best[end][0]:
                    best[end] = (score, (*syllables, piece))
    return best[len(word)][1] if len(word) in best and word else None


COMPOUND_SURNAMES = frozenset(["ouyang", "sima", "zhuge", "shangguan", "dongfang", "xiahou", "huangfu",
                               "yuchi", "gongsun", "murong", "linghu", "situ"])


def is_chinese_personal_name(name: str) -> bool:
    """Whether a pinyin name has the shape of a Chinese one: a one-syllable (or known two-syllable)
    surname first, then a given name of one or two syllables. Keeps Japanese names such as
    "Tanaka Kakuei" (ta-na-ka, ka-ku-ei: all valid syllables) out of Wade-Giles."""
    words = [split_pinyin(word) for word in re.split(r"[\s-]+", name.strip())]
    if len(words) < 2 or any(w is None for w in words):
        return False
    surname, given = words[0], [s for w in words[1:] for s in w]
    return (len(surname) == 1 or "".join(surname) in COMPOUND_SURNAMES) and 1 <= len(given) <= 2


def pinyin_to_wade_giles(name: str, hyphens: bool = True) -> str | None:
    """ "Zhou Enlai" -> "Chou En-lai"; None unless every word is pinyin."""
    words = []
    for word in re.split(r"[\s-]+", name.strip()):
        syllables = split_pinyin(word)
        if not syllables:
            return None
        wg = [PINYIN_TO_WG[s] for s in syllables]
        words.append(_capitalize(("-" if hyphens else "").join(wg)))
    return " ".join(words)


def wade_giles_to_pinyin(name: str) -> str | None:
    """ "Chou En-lai" -> "Zhou Enlai", "Teng Hsiao-p'ing" -> "Deng Xiaoping"; None if not Wade-Giles.

    Hyphenated words are read syllable by syllable; unhyphenated ones are split over the table.
    """
    words = []
    for word in name.strip().split():
        syllables = [_plain(s) for s in word.split("-")]
        if len(syllables) == 1:
            syllables = list(_split_wade_giles(syllables[0]) or [])
        pinyin = [_wg_syllable(s) for s in syllables]
        if not pinyin or None in pinyin:
            return None
        words.append(_capitalize("".join(pinyin)))
    return " ".join(words) or None


def _wg_syllable(syllable: str) -> str | None:
    if syllable in WG_TO_PINYIN:
        return WG_TO_PINYIN[syllable]
    # Written without the umlaut (Hsu for Hsü): the only reading is the one with ü.
    for candidate in (syllable.replace("u", "ü", 1),):
        if candidate in WG_TO_PINYIN:
            return WG_TO_PINYIN[candidate]
    return None


@cache
def _split_wade_giles(word: str) -> tuple[str, ...] | None:
    if not word:
        return ()
    for end in range(min(len(word), 7), 0, -1):
        if _wg_syllable(word[:end]) is not None and (rest := _split_wade_giles(word[end:])) is not None:
            return (word[:end], *rest)
    return None


def _capitalize(word: str) -> str:
    return word[:1].upper() + word[1:]


def without_marks(name: str) -> str:
    """The everyday spelling: no apostrophes, no umlaut ("Teng Hsiao-ping", "Hsu")."""
    return name.replace("'", "").replace("’", "").replace("ü", "u").replace("Ü", "U")
