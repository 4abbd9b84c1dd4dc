"""The targeted catalog fixes of the 2026-11-29 native reviews (i18n/reviews/), as data.

Each edit replaces one exact piece of a msgstr in one page's catalog of one language. Kept as a
script, not only as a diff, so that it can be re-applied after other branches have changed the
same catalogs. Idempotent: an edit whose new text is already in the catalog is skipped; one
whose old text is no longer there (the message was rewritten) is reported, for a human to redo.

    nox -s i18n-rules                # then the link spacing fix (i18n/cjk_links.py)
    python i18n/review_edits.py      # alone, in an environment with the docs extra

Writes the catalogs in the layout ``nox -s i18n`` writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cjk_links import LOCALES, ROOT, dump, load

# (language, page, old, new)
EDITS: list[tuple[str, str, str, str]] = []
# (language, old, new): one word for one idea in every message of the edition.
EVERYWHERE: list[tuple[str, str, str]] = []


def edit(lang: str, page: str, old: str, new: str) -> None:
    EDITS.append((lang, page, old, new))


def everywhere(lang: str, old: str, new: str) -> None:
    EVERYWHERE.append((lang, old, new))


# --- ru: meaning errors ---------------------------------------------------------------------
# the GRU candidate uses the product, it is not computed as it (the «умножает на матрицу слева»
# edits were dropped: those sentences have since been rewritten)
edit(
    "ru",
    "explanations/lstm-equations",
    "кандидат вычисляется как $(r_t \\odot h_{t-1})\\,U_h$,",
    "в кандидате участвует произведение $(r_t \\odot h_{t-1})\\,U_h$,",
)
edit(
    "ru",
    "explanations/lstm-equations",
    "и каждая форма $(u,)$ выше тоже превращается в одну строку на последовательность.",
    "и каждый вектор формы $(u,)$ выше тоже становится матрицей с одной строкой на "
    "каждую последовательность.",
)
edit(
    "ru",
    "questions/timesteps-and-parameters",
    "ячейка запускается чаще, —",
    "ячейка выполняется больше раз, —",
)
# the learner says «нейрон» everywhere else in the edition
edit(
    "ru",
    "questions/weight-shapes",
    "Я построил LSTM с десятью юнитами;",
    "Я построил LSTM с десятью нейронами;",
)

# --- ru: sentences bent around glued numbers; wordings that hold for any value ---------------
edit(
    "ru",
    "questions/multidimensional-input",
    "все признаки этого момента (их {glue:text}`mi_n`) одним вектором.",
    "один вектор со всеми признаками этого момента (размерность входа — {glue:text}`mi_n`).",
)
edit(
    "ru",
    "questions/multidimensional-input",
    "превращает входные числа (их {glue:text}`mi_n`) в одно значение",
    "превращает входной вектор длины {glue:text}`mi_n` в одно значение",
)
edit(
    "ru",
    "questions/multidimensional-input",
    "Всего значений до активации {glue:text}`mi_total`, изменились {glue:text}`mi_changed`, "
    "то есть все: значения",
    "Изменились все значения до активации, {glue:text}`mi_changed` из "
    "{glue:text}`mi_total`: значения",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "идут временные шаги (их {glue:text}`sl_timesteps`), и каждый несёт значения скрытого "
    "состояния первого слоя на этом шаге (их {glue:text}`sl_first_units`).",
    "число временных шагов — {glue:text}`sl_timesteps`, и на каждом шаге лежит скрытое "
    "состояние первого слоя, вектор длины {glue:text}`sl_first_units`.",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "взвешенная сумма по всем входящим признакам (их {glue:text}`sl_kernel_rows`).",
    "взвешенная сумма всех входящих признаков, число которых равно {glue:text}`sl_kernel_rows`.",
)
edit(
    "ru",
    "questions/timesteps-and-parameters",
    "Размер его весов прежний (число параметров — {glue:text}`tp_seq_dense_params`), потому что",
    "Весов у него столько же, сколько раньше: число параметров по-прежнему равно "
    "{glue:text}`tp_seq_dense_params`, потому что",
)

# --- ru: calques and consistency --------------------------------------------------------------
edit(
    "ru",
    "questions/weight-shapes",
    "Уравнение применяется к одному временному шагу за раз.",
    "Уравнение применяется к каждому временному шагу по отдельности.",
)
edit(
    "ru",
    "questions/weight-shapes",
    "Одни и те же три массива используются на каждом временном шаге снова.",
    "На каждом временном шаге заново используются одни и те же три массива.",
)
edit(
    "ru",
    "questions/weight-shapes",
    "`model.layers` — обычный список слоёв Python,",
    "`model.layers` — обычный Python-список слоёв,",
)
edit("ru", "questions/weight-shapes", "учебная $W_f'$ —", "$W_f'$ из учебника —")
edit(
    "ru",
    "explanations/numpy-from-scratch",
    "к 32-битным числам с плавающей точкой",
    "к 32-битным числам с плавающей запятой",
)
edit(
    "ru",
    "explanations/numpy-from-scratch",
    "до следующего 32-битного числа с плавающей точкой",
    "до следующего 32-битного числа с плавающей запятой",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "теперь — скрытое состояние первого слоя длины 64.",
    "теперь — скрытое состояние первого слоя, вектор длины 64.",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "Последовательность в последовательность",
    "Из последовательности в последовательность (seq2seq)",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "и по умолчанию склеивает их выходы,",
    "и по умолчанию конкатенирует их выходы,",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "по умолчанию — склейкой по оси признаков.",
    "по умолчанию — конкатенацией по оси признаков.",
)
edit(
    "ru",
    "reference/glossary",
    "и по умолчанию склеивает их выходы,",
    "и по умолчанию конкатенирует их выходы,",
)
edit(
    "ru",
    "questions/stacked-lstm-inputs",
    "**«Каждому слою нужна размерность батча в `input_shape`».**",
    "**«Каждому слою нужна ось батча в `input_shape`».**",
)
edit("ru", "explanations/lstm-equations", "Член", "Величина")
edit("ru", "questions/weight-shapes", "Член", "Величина")
edit(
    "ru",
    "questions/multidimensional-input",
    "(батч, временные шаги, компоненты); оси признаков",
    "(батч, временные шаги, units); оси признаков",
)
edit(
    "ru",
    "questions/weight-shapes",
    "(батч, временные шаги, компоненты). Временные шаги",
    "(батч, временные шаги, units). Временные шаги",
)


# --- glossary: the other names readers meet ------------------------------------------------
edit(
    "ru",
    "reference/glossary",
    "именно в таком порядке.",
    "именно в таком порядке. Её также называют матрицей входных весов.",
)
edit(
    "ru",
    "reference/glossary",
    "смешивают все компоненты скрытого состояния друг с другом.",
    "смешивают все компоненты скрытого состояния друг с другом. Её также называют матрицей "
    "рекуррентных весов.",
)
edit(
    "ru",
    "reference/glossary",
    "а рядом с ними — кандидат $\\tilde c$.",
    "а рядом с ними — кандидат $\\tilde c$. В русских текстах встречается и калька «гейт».",
)
edit(
    "zh_CN",
    "reference/glossary",
    "否则从不直接输出。",
    "否则从不直接输出。《动手学深度学习》等教材称之为记忆元。",
)
edit(
    "zh_CN",
    "reference/glossary",
    "它既不是独立单元的个数，也不是时间步的个数。",
    "它既不是独立单元的个数，也不是时间步的个数。有些教材把它称为隐藏单元数。",
)
edit(
    "ja",
    "reference/glossary",
    "直接出力されることはありません。",
    "直接出力されることはありません。記憶セルと呼ぶ文献もあります。",
)
edit(
    "ja",
    "reference/glossary",
    "4 つのブロック $W_i, W_f, W_c, W_o$ をこの順に横に並べて持っています。",
    "4 つのブロック $W_i, W_f, W_c, W_o$ をこの順に横に並べて持っています。入力重みとも"
    "呼ばれます。",
)
edit(
    "ja",
    "reference/glossary",
    "すべてのユニットを互いに混ぜ合わせます。",
    "すべてのユニットを互いに混ぜ合わせます。再帰重みとも呼ばれます。",
)

# --- ja: meaning error, missing 、 -----------------------------------------------------------
edit(
    "ja",
    "questions/stacked-lstm-inputs",
    "バッチサイズはサマリーの先頭にある `None` にあたり、",
    "バッチサイズはサマリーに表示される形状の先頭の `None` にあたり、",
)


# --- ja: calques the review quotes (§D 数 for "value", §E) -----------------------------------
edit(
    "ja",
    "explanations/lstm-equations",
    "各項の形状を言えるようになれば",
    "各項の形状を把握できれば",
)
edit("ja", "questions/multidimensional-input", "1 つの数 $x_t$ が", "1 つの値 $x_t$ が")
edit(
    "ja",
    "questions/multidimensional-input",
    "ところが私のデータは違います。",
    "ところが、手元のデータは違います。",
)
edit("ja", "questions/multidimensional-input", "複数の数で表されます", "複数の値で表されます")
edit(
    "ja",
    "questions/multidimensional-input",
    "ユニットごとに 1 つの数であり、",
    "ユニットごとに 1 つの値であり、",
)
edit(
    "ja",
    "questions/multidimensional-input",
    "セル状態が持つのはユニットごとに 1 つの数です。",
    "セル状態が持つのはユニットごとに 1 つの値です。",
)
edit(
    "ja",
    "questions/multidimensional-input",
    "{glue:text}`mi_trace_shape`（バッチ、タイムステップ、ユニット）です。",
    "{glue:text}`mi_trace_shape` です。3 つの軸は順にバッチ、タイムステップ、ユニットです。",
)
edit(
    "ja",
    "questions/stacked-lstm-inputs",
    "2 つの式を並べて見てください。",
    "2 つの式を見比べてください。",
)
edit(
    "ja",
    "questions/stacked-lstm-inputs",
    "2 層目の `input_shape` は何をするのか",
    "2 層目の `input_shape` はどう扱われるのか",
)
edit(
    "ja",
    "questions/weight-shapes",
    "特徴量ごとに 1 つの数を持つベクトル",
    "特徴量ごとに 1 つの値を持つベクトル",
)
edit(
    "ja",
    "questions/what-units-means",
    "私は何を作っているのでしょうか。",
    "何が作られるのでしょうか。",
)
edit("ja", "questions/what-units-means", "Keras 自身で試してみます。", "実際に Keras で試します。")
edit(
    "ja",
    "questions/what-units-means",
    "あるユニットの隠れ状態を乱しても、",
    "あるユニットの隠れ状態を少しだけ変えても、",
)
edit(
    "ja",
    "questions/what-units-means",
    "上の実験では 1 つのユニットの隠れ状態を乱しました。",
    "上の実験では 1 つのユニットの隠れ状態を少しだけ変えました。",
)
edit(
    "ja",
    "reference/glossary",
    "セル状態に入れる新しい値の候補を出します。",
    "セル状態に書き込む新しい値の候補です。",
)
edit("ja", "tools/shape-calculator", "どう書けば許されるか", "どう直せばよいか")

# §F: a shape in full-width parentheses reads as an aside; write it as a tuple
edit(
    "ja",
    "questions/what-units-means",
    "その形状は（特徴量）です。",
    "その形状は (特徴量数,) です。",
)
edit(
    "ja",
    "questions/what-units-means",
    "データの形状は（バッチ、タイムステップ、特徴量）であり、",
    "データの形状は (バッチサイズ, タイムステップ数, 特徴量数) であり、",
)
edit(
    "ja",
    "questions/what-units-means",
    "層は最後の隠れ状態 {glue:text}`wu_last_shape`（バッチ、ユニット）だけを返します。",
    "層は最後の隠れ状態 {glue:text}`wu_last_shape` だけを返します。軸は順にバッチとユニットです。",
)
edit(
    "ja",
    "questions/what-units-means",
    "全ステップの隠れ状態 {glue:text}`wu_seq_shape`（バッチ、タイムステップ、ユニット）を返します。",
    "全ステップの隠れ状態 {glue:text}`wu_seq_shape` を返します。軸は順にバッチ、タイムステップ、"
    "ユニットです。",
)

# --- zh_CN: wording the review quotes (§B) ----------------------------------------------------
edit("zh_CN", "index", "总有一些问题被人们反复提起：", "总有几个问题被反复问到：")
edit(
    "zh_CN",
    "index",
    "每个回答各占一页，可以从头到尾顺序阅读。",
    "每个回答自成一页，从上往下读即可。",
)
edit("zh_CN", "questions/weight-shapes", "这个顺序不必凭信任接受，", "这个顺序不必死记，")
for page in ("explanations/lstm-equations", "questions/weight-shapes"):
    edit("zh_CN", page, "符号形状", "一般形状")
    edit("zh_CN", page, "本次运行", "本例取值")
edit(
    "zh_CN",
    "questions/what-units-means",
    "图中展示的就是本节其余部分所运行的层。",
    "本节后面的代码运行的正是图中这个层。",
)
edit(
    "zh_CN",
    "questions/what-units-means",
    "形状为 {glue:text}`wu_last_shape`（批次，分量）。",
    "形状为 {glue:text}`wu_last_shape`，两个轴依次是批次和分量。",
)
edit(
    "zh_CN",
    "questions/what-units-means",
    "形状为 {glue:text}`wu_seq_shape`（批次，时间步，分量）：",
    "形状为 {glue:text}`wu_seq_shape`，三个轴依次是批次、时间步和分量：",
)
edit(
    "zh_CN",
    "questions/what-units-means",
    "其形状为（特征）；",
    "形状为 (特征数,)；",
)
edit(
    "zh_CN",
    "questions/what-units-means",
    "你的数据形状是（批次，时间步，特征），",
    "你的数据形状是 (批大小, 时间步数, 特征数)，",
)

edit(
    "zh_CN",
    "reference/glossary",
    "因为你在那里输入或读到的正是它。",
    "因为你在代码里写的、在文档里读到的就是这个名称。",
)

# --- one word for one idea (the reviews' "inconsistencies") -------------------------------
everywhere("zh_CN", "方程", "公式")  # 方程 and 公式 were mixed; the title says 公式
everywhere("zh_CN", "热图", "热力图")
everywhere("zh_CN", "因子 4", "系数 4")
everywhere("ja", "正確には", "")  # a calque of "exactly" in four titles and questions
everywhere("ja", "この本へのリンク", "本書へのリンク方法")  # the linking page's title
everywhere("ja", "この本", "本書")
everywhere("ja", "括弧", "かっこ")
everywhere("ja", "成分", "要素")
everywhere("ja", "ゲートブロック", "ゲートのブロック")
everywhere("ja", "リカレントのループ", "リカレントループ")
everywhere("ja", "記号による形状", "記号で表した形状")


def apply() -> int:
    by_catalog: dict[Path, list[tuple[str, str]]] = {}
    for lang, page, old, new in EDITS:
        by_catalog.setdefault(LOCALES / lang / "LC_MESSAGES" / f"{page}.po", []).append((old, new))
    missing = 0
    for path, edits in by_catalog.items():
        catalog = load(path)
        changed = False
        for old, new in edits:
            strings = [m for m in catalog if m.id and isinstance(m.string, str)]
            if any(new in m.string for m in strings):  # also when new contains old
                print(f"{path.relative_to(ROOT)}: already applied: {new[:60]}…")
                continue
            hits = [m for m in strings if old in m.string]
            if len(hits) != 1:
                print(f"{path.relative_to(ROOT)}: {len(hits)} matches, skipped: {old[:60]}…")
                missing += 1
                continue
            hits[0].string = hits[0].string.replace(old, new)
            changed = True
        if changed:
            dump(path, catalog)
    for lang, old, new in EVERYWHERE:
        count = 0
        for path in sorted((LOCALES / lang / "LC_MESSAGES").rglob("*.po")):
            catalog = load(path)
            hits = [m for m in catalog if m.id and isinstance(m.string, str) and old in m.string]
            if new and old in new:
                hits = [m for m in hits if new not in m.string]
            for message in hits:
                count += message.string.count(old)
                message.string = message.string.replace(old, new)
            if hits:
                dump(path, catalog)
        print(f"{lang}: {old} -> {new}: {count} replaced")
    print(f"{len(EDITS)} edits, {missing} not applied")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(apply())
