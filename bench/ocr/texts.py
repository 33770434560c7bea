"""Known texts for the OCR benchmark, in the public domain: a page of text each, three pages a language.

English: Abraham Lincoln, the Gettysburg Address (1863). Russian: Leo Tolstoy, Anna Karenina (1877),
the opening. German: Franz Kafka, Die Verwandlung (1915), the opening. French: the Declaration of the
Rights of Man and of the Citizen (1789), preamble and articles 1-5. Chinese, simplified: Tao Yuanming,
The Peach Blossom Spring (桃花源记, 5th century). Chinese, traditional: Fan Zhongyan, On Yueyang Tower
(岳陽樓記, 1046). Japanese: Natsume Sōseki, I Am a Cat (吾輩は猫である, 1905), the opening.
"""

from __future__ import annotations

# language (BCP 47, as `archivist attach --language` takes it) -> the pages' texts
TEXTS: dict[str, list[str]] = {
    "en": [
        "Four score and seven years ago our fathers brought forth on this continent, a new nation, "
        "conceived in Liberty, and dedicated to the proposition that all men are created equal. Now we "
        "are engaged in a great civil war, testing whether that nation, or any nation so conceived and "
        "so dedicated, can long endure. We are met on a great battle-field of that war. We have come to "
        "dedicate a portion of that field, as a final resting place for those who here gave their lives "
        "that that nation might live. It is altogether fitting and proper that we should do this.",
        "But, in a larger sense, we can not dedicate, we can not consecrate, we can not hallow this "
        "ground. The brave men, living and dead, who struggled here, have consecrated it, far above our "
        "poor power to add or detract. The world will little note, nor long remember what we say here, "
        "but it can never forget what they did here.",
        "It is for us the living, rather, to be dedicated here to the unfinished work which they who "
        "fought here have thus far so nobly advanced. It is rather for us to be here dedicated to the "
        "great task remaining before us, that from these honored dead we take increased devotion to "
        "that cause for which they gave the last full measure of devotion, that we here highly resolve "
        "that these dead shall not have died in vain, that this nation, under God, shall have a new "
        "birth of freedom, and that government of the people, by the people, for the people, shall not "
        "perish from the earth.",
    ],
    "ru": [
        "Все счастливые семьи похожи друг на друга, каждая несчастливая семья несчастлива по-своему. "
        "Всё смешалось в доме Облонских. Жена узнала, что муж был в связи с бывшею в их доме "
        "француженкою-гувернанткой, и объявила мужу, что не может жить с ним в одном доме. Положение "
        "это продолжалось уже третий день и мучительно чувствовалось и самими супругами, и всеми "
        "членами семьи, и домочадцами.",
        "Все члены семьи и домочадцы чувствовали, что нет смысла в их сожительстве и что на каждом "
        "постоялом дворе случайно сошедшиеся люди более связаны между собой, чем они, члены семьи и "
        "домочадцы Облонских. Жена не выходила из своих комнат, мужа третий день не было дома. Дети "
        "бегали по всему дому, как потерянные; англичанка поссорилась с экономкой и написала записку "
        "приятельнице, прося приискать ей новое место; повар ушел вчера со двора, во время самого "
        "обеда; черная кухарка и кучер просили расчета.",
        "На третий день после ссоры князь Степан Аркадьич Облонский, Стива, как его звали в свете, в "
        "обычный час, то есть в восемь часов утра, проснулся не в спальне жены, а в своем кабинете, на "
        "сафьянном диване. Он повернул свое полное, выхоленное тело на пружинах дивана, как бы желая "
        "опять заснуть надолго, с другой стороны крепко обнял подушку и прижался к ней щекой; но вдруг "
        "вскочил, сел на диван и открыл глаза.",
    ],
    "de": [
        "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich in seinem Bett zu "
        "einem ungeheueren Ungeziefer verwandelt. Er lag auf seinem panzerartig harten Rücken und sah, "
        "wenn er den Kopf ein wenig hob, seinen gewölbten, braunen, von bogenförmigen Versteifungen "
        "geteilten Bauch, auf dessen Höhe sich die Bettdecke, zum gänzlichen Niedergleiten bereit, kaum "
        "noch erhalten konnte. Seine vielen, im Vergleich zu seinem sonstigen Umfang kläglich dünnen "
        "Beine flimmerten ihm hilflos vor den Augen.",
        "Was ist mit mir geschehen? dachte er. Es war kein Traum. Sein Zimmer, ein richtiges, nur etwas "
        "zu kleines Menschenzimmer, lag ruhig zwischen den vier wohlbekannten Wänden. Über dem Tisch, auf "
        "dem eine auseinandergepackte Musterkollektion von Tuchwaren ausgebreitet war, Samsa war "
        "Reisender, hing das Bild, das er vor kurzem aus einer illustrierten Zeitschrift ausgeschnitten "
        "und in einem hübschen, vergoldeten Rahmen untergebracht hatte.",
        "Gregors Blick richtete sich dann zum Fenster, und das trübe Wetter, man hörte Regentropfen auf "
        "das Fensterblech aufschlagen, machte ihn ganz melancholisch. Wie wäre es, wenn ich noch ein "
        "wenig weiterschliefe und alle Narrheiten vergäße, dachte er, aber das war gänzlich "
        "undurchführbar, denn er war gewöhnt, auf der rechten Seite zu schlafen, konnte sich aber in "
        "seinem gegenwärtigen Zustand nicht in diese Lage bringen.",
    ],
    "fr": [
        "Les représentants du peuple français, constitués en Assemblée nationale, considérant que "
        "l'ignorance, l'oubli ou le mépris des droits de l'homme sont les seules causes des malheurs "
        "publics et de la corruption des gouvernements, ont résolu d'exposer, dans une déclaration "
        "solennelle, les droits naturels, inaliénables et sacrés de l'homme, afin que cette déclaration, "
        "constamment présente à tous les membres du corps social, leur rappelle sans cesse leurs droits "
        "et leurs devoirs.",
        "Article premier. Les hommes naissent et demeurent libres et égaux en droits. Les distinctions "
        "sociales ne peuvent être fondées que sur l'utilité commune. Article 2. Le but de toute "
        "association politique est la conservation des droits naturels et imprescriptibles de l'homme. "
        "Ces droits sont la liberté, la propriété, la sûreté, et la résistance à l'oppression. Article 3. "
        "Le principe de toute souveraineté réside essentiellement dans la nation. Nul corps, nul individu "
        "ne peut exercer d'autorité qui n'en émane expressément.",
        "Article 4. La liberté consiste à pouvoir faire tout ce qui ne nuit pas à autrui : ainsi, "
        "l'exercice des droits naturels de chaque homme n'a de bornes que celles qui assurent aux autres "
        "membres de la société la jouissance de ces mêmes droits. Ces bornes ne peuvent être déterminées "
        "que par la loi. Article 5. La loi n'a le droit de défendre que les actions nuisibles à la "
        "société. Tout ce qui n'est pas défendu par la loi ne peut être empêché, et nul ne peut être "
        "contraint à faire ce qu'elle n'ordonne pas.",
    ],
    "zh-Hans": [
        "晋太元中，武陵人捕鱼为业。缘溪行，忘路之远近。忽逢桃花林，夹岸数百步，中无杂树，芳草鲜美，"
        "落英缤纷。渔人甚异之，复前行，欲穷其林。林尽水源，便得一山，山有小口，仿佛若有光。便舍船，"
        "从口入。",
        "初极狭，才通人。复行数十步，豁然开朗。土地平旷，屋舍俨然，有良田、美池、桑竹之属。阡陌交通，"
        "鸡犬相闻。其中往来种作，男女衣着，悉如外人。黄发垂髫，并怡然自乐。见渔人，乃大惊，问所从来。"
        "具答之。便要还家，设酒杀鸡作食。",
        "村中闻有此人，咸来问讯。自云先世避秦时乱，率妻子邑人来此绝境，不复出焉，遂与外人间隔。问今是"
        "何世，乃不知有汉，无论魏晋。此人一一为具言所闻，皆叹惋。余人各复延至其家，皆出酒食。停数日，"
        "辞去。此中人语云：不足为外人道也。",
    ],
    "zh-Hant": [
        "慶曆四年春，滕子京謫守巴陵郡。越明年，政通人和，百廢具興。乃重修岳陽樓，增其舊制，刻唐賢今人"
        "詩賦於其上，屬予作文以記之。予觀夫巴陵勝狀，在洞庭一湖。銜遠山，吞長江，浩浩湯湯，橫無際涯，"
        "朝暉夕陰，氣象萬千。此則岳陽樓之大觀也，前人之述備矣。",
        "然則北通巫峽，南極瀟湘，遷客騷人，多會於此，覽物之情，得無異乎？若夫霪雨霏霏，連月不開，陰風"
        "怒號，濁浪排空，日星隱曜，山嶽潛形，商旅不行，檣傾楫摧，薄暮冥冥，虎嘯猿啼。登斯樓也，則有去"
        "國懷鄉，憂讒畏譏，滿目蕭然，感極而悲者矣。",
        "至若春和景明，波瀾不驚，上下天光，一碧萬頃，沙鷗翔集，錦鱗游泳，岸芷汀蘭，郁郁青青。而或長煙"
        "一空，皓月千里，浮光躍金，靜影沉璧，漁歌互答，此樂何極！登斯樓也，則有心曠神怡，寵辱偕忘，把"
        "酒臨風，其喜洋洋者矣。",
    ],
    "ja": [
        "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。何でも薄暗いじめじめした所で"
        "ニャーニャー泣いていた事だけは記憶している。吾輩はここで始めて人間というものを見た。しかもあと"
        "で聞くとそれは書生という人間中で一番獰悪な種族であったそうだ。",
        "この書生というのは時々我々を捕えて煮て食うという話である。しかしその当時は何という考もなかった"
        "から別段恐しいとも思わなかった。ただ彼の掌に載せられてスーと持ち上げられた時何だかフワフワした"
        "感じがあったばかりである。掌の上で少し落ちついて書生の顔を見たのがいわゆる人間というものの見始"
        "であろう。",
        "この時妙なものだと思った感じが今でも残っている。第一毛をもって装飾されべきはずの顔がつるつるし"
        "てまるで薬缶だ。その後猫にもだいぶ逢ったがこんな片輪には一度も出会わした事がない。のみならず顔"
        "の真中があまりに突起している。そうしてその穴の中から時々ぷうぷうと煙を吹く。どうも咽せぽくて実"
        "に弱った。",
    ],
}

NAMES = {"en": "English", "ru": "Russian", "de": "German", "fr": "French", "zh-Hans": "Chinese (simplified)",
         "zh-Hant": "Chinese (traditional)", "ja": "Japanese"}
# Written without spaces between words: the error rate ignores spaces in them.
WITHOUT_SPACES = frozenset({"zh-Hans", "zh-Hant", "ja"})
