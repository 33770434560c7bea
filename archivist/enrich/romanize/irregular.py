"""Curated variants for irregular forms that no romanization rule produces.

Postal and dialect spellings (Canton, Peking, Chiang Kai-shek from Cantonese), and names known
abroad by other names (Sun Yat-sen / Sun Zhongshan). Each line is one set of equivalent forms; a
name matching any of them (ignoring case, accents, hyphens and apostrophes) gets all the others.
"""

from __future__ import annotations

from archivist.enrich.names import tokens

EQUIVALENTS = [
    ("Chiang Kai-shek", "Jiang Jieshi", "Chiang Chieh-shih", "Chiang Kai-Shek"),
    ("Sun Yat-sen", "Sun Zhongshan", "Sun Chung-shan", "Sun Yixian", "Sun Wen"),
    ("Mao Tse-tung", "Mao Zedong", "Mao Tsetung"),
    ("Chou En-lai", "Zhou Enlai"),
    ("Chu Teh", "Zhu De", "Chu Te"),
    ("Kuomintang", "Guomindang", "KMT", "Chinese Nationalist Party"),
    ("Soong Mei-ling", "Song Meiling", "Madame Chiang Kai-shek"),
    ("T. V. Soong", "Song Ziwen", "Soong Tse-vung"),
    ("H. H. Kung", "Kong Xiangxi", "K'ung Hsiang-hsi"),
    ("Lee Kuan Yew", "Li Guangyao"),
    ("Peking", "Beijing", "Peiping", "Beiping", "Pei-ching"),
    ("Canton", "Guangzhou", "Kwangchow", "Kuang-chou"),
    ("Nanking", "Nanjing", "Nan-ching"),
    ("Tientsin", "Tianjin", "T'ien-chin"),
    ("Chungking", "Chongqing", "Ch'ung-ch'ing"),
    ("Mukden", "Shenyang", "Fengtian"),
    ("Port Arthur", "Lüshun", "Lushun", "Ryojun"),
    ("Dairen", "Dalian", "Dalny", "Talien"),
    ("Formosa", "Taiwan", "T'ai-wan"),
    ("Amoy", "Xiamen", "Hsia-men"),
    ("Tsingtao", "Qingdao", "Ch'ing-tao"),
    ("Sinkiang", "Xinjiang", "Hsin-chiang"),
    ("Manchuria", "Dongbei", "Northeast China"),
    ("Kwangtung", "Guangdong"),
    ("Fukien", "Fujian"),
    ("Szechwan", "Sichuan", "Szechuan"),
    ("Tibet", "Xizang", "Hsi-tsang"),
    ("Yenan", "Yan'an", "Yen-an"),
    ("Inner Mongolia", "Nei Mongol", "Nei Menggu"),
    ("Outer Mongolia", "Mongolian People's Republic", "Mongolia"),
    ("Leningrad", "Saint Petersburg", "St. Petersburg", "Petrograd"),
    ("Stalingrad", "Volgograd", "Tsaritsyn"),
    ("Soviet Union", "USSR", "U.S.S.R.", "Union of Soviet Socialist Republics"),
    ("Stalin, Joseph", "Stalin, Iosif", "Josef Stalin", "Joseph Stalin", "Iosif Stalin"),
    ("Ho Chi Minh", "Nguyen Ai Quoc"),
    ("Rangoon", "Yangon"),
    ("Bombay", "Mumbai"),
    ("Saigon", "Ho Chi Minh City"),
]


def _key(name: str) -> str:
    return "".join(tokens(name))


_INDEX = {_key(name): group for group in EQUIVALENTS for name in group}


def equivalents(name: str) -> list[str]:
    """The other curated forms of a name, or [] when the table does not know it."""
    group = _INDEX.get(_key(name), ())
    return [other for other in group if _key(other) != _key(name)]
