"""Generate a corpus of report-like documents for benchmarks (not for training or evaluation).

Every document is a 工作总结/工作计划 of an invented town: sections 一、/二、, subsections (一)…, items
一是/二是, coordinated village lists with counts, enterprises, projects with phases, status, progress and
investment, honours with conferring bodies, figures with 万/亿, percentages and year-on-year changes. About a
third are written like the seed: Traditional characters with pinyin after every character whose Traditional
form differs, and ASCII punctuation. Output is a function of (n, seed) only.

Usage: python benchmarks/corpus.py OUT_DIR N [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SYL = list("安白宝北昌城丰凤福高光广禾河和鹤红华黄佳江金锦景康兰乐利联龙禄茂梅美明南平青庆仁瑞山上胜石顺松泰潭天田桐旺文溪祥新兴秀阳永裕源远云长正中竹")
SURNAMES = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程苏魏吕丁任沈姚卢")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力斌宇浩凯鹏晓")
INDUSTRIES = [("陶瓷", "ceramics"), ("物流", "logistics"), ("食品", "food"), ("纺织", "textiles"), ("新材料", "technology")]
FIRM_SUFFIX = ["实业有限公司", "科技有限公司", "建材有限公司", "物流有限公司", "食品有限公司"]
PROVINCES = ["广东省", "广西壮族自治区", "湖南省", "江西省", "福建省", "浙江省"]
ROLES = ["副镇长", "村党支部书记", "社区党委书记", "村委会主任", "镇人大主席"]
AWARDS = ["先进集体", "优秀共产党员", "先进个人", "示范单位", "表现突出个人"]
BODIES = ["{p}人力资源和社会保障厅", "{p}农业农村厅", "{c}人民政府办公室", "中共{c}委组织部", "{p}统计局"]


def _name(rng: random.Random, k: int) -> str:
    return "".join(rng.choice(SYL) for _ in range(k))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def _money(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"{rng.randint(100, 9999)}万元"
    return f"{rng.randint(1, 150)}.{rng.randint(10, 99)}亿元"


def report_text(rng: random.Random, year: int) -> tuple[str, dict]:
    """One Simplified report and its metadata."""
    province = rng.choice(PROVINCES)
    city = _name(rng, 2) + "市"
    district = _name(rng, 2) + "区"
    town = _name(rng, 2) + "镇"
    villages = sorted({_name(rng, 2) for _ in range(rng.randint(3, 6))})
    firms = sorted({_name(rng, 2) for _ in range(rng.randint(2, 5))})
    industry, _ = rng.choice(INDUSTRIES)
    park = _name(rng, 2) + "工业园"
    project = _name(rng, 2) + rng.choice(["物流园", "产业园", "污水处理工程", "农贸市场"]) + "项目"
    people = [(_person(rng), rng.choice(ROLES)) for _ in range(rng.randint(2, 4))]
    paras: list[str] = []
    paras.append(f"{year}年以来，{town}在{district}委、{district}政府的领导下，全面推动各项工作。现将{town}{year}年工作情况和{year + 1}年工作计划汇报如下：")
    paras.append(f"一、{year}年工作亮点、主要任务完成情况和获得荣誉")
    paras.append(
        f"（一）全面推动经济发展。一是推动产业升级。成功为{'、'.join(firms[:-1])}和{firms[-1]}{len(firms)}家{industry}企业申报专项资金共{_money(rng)}，"
        f"占全市总额的{rng.randint(5, 40)}.{rng.randint(10, 99)}%。截至10月底，全镇{rng.randint(10, 80)}家规上工业企业总产值{_money(rng)}，"
        f"同比{'增长' if rng.random() < 0.6 else '下降'}{rng.randint(1, 30)}.{rng.randint(1, 9)}%；固定资产投资达{_money(rng)}。"
        f"二是重点项目加快落地。{project}（一期）已投运，二期建设进度完成{rng.randint(30, 99)}.{rng.randint(10, 99)}%，预计{year + 1}年{rng.randint(1, 12)}月完工；"
        f"投资{_money(rng)}的{park}基础设施项目计划年内动工。"
    )
    paras.append(
        f"（二）全力振兴乡村发展。{'、'.join(villages[:-1])}和{villages[-1]}共{len(villages)}个村委会完成股份合作制改革；"
        f"投入{rng.randint(20, 900)}万元整治{villages[0]}村农田水利设施；完成春耕粮食生产约{rng.randint(1, 9)}.{rng.randint(1, 9)}万亩。"
    )
    extra = []
    for k in range(rng.randint(1, 3)):  # more projects, as long reports list many
        name = _name(rng, 2) + rng.choice(["农产品加工中心", "垃圾转运站", "卫生院", "学校", "道路改造工程"]) + "项目"
        extra.append(f"{'三四五'[k]}是推进{name}建设，总投资{_money(rng)}，已完成投资{_money(rng)}，"
                     f"{'已竣工验收' if rng.random() < 0.4 else f'完成主体工程{rng.randint(20, 95)}%'}")
    paras[2] += "".join(e + "。" for e in extra)  # after 一是/二是 of the economy subsection
    paras.append(
        f"（三）全速推进民生事业。城乡居民医疗保险覆盖率达{rng.randint(95, 100)}%；完成超{rng.randint(1000, 9000)}名老年人免费体检；"
        f"完成{rng.randint(2, 9)}条道路拓宽建设{rng.randint(1, 20)}.{rng.randint(1, 9)}公里。"
    )
    paras.append(
        f"（四）全面加强生态保护。深入推进“{rng.choice(['百千万工程', '绿美广东', '河长制', '厕所革命'])}”，"
        f"完成{'、'.join(villages[:2])}等{rng.randint(2, 9)}个村人居环境整治，种植树木{rng.randint(1, 9)}.{rng.randint(1, 9)}万株；"
        f"全年空气质量优良率{rng.randint(80, 99)}.{rng.randint(1, 9)}%，比上年提高{rng.randint(1, 5)}.{rng.randint(1, 9)}个百分点。"
    )
    honours = []
    for who, role in people:
        month = rng.randint(1, 12)
        body = rng.choice(BODIES).format(p=province, c=city)
        award = f"{year}年度{rng.choice(AWARDS)}"
        where = f"{rng.choice(villages)}村" if role.startswith(("村", "社区")) else ""
        honours.append(f"{month}月，{where}{role}{who}被{body}评为“{award}”")
    paras.append("（五）获得荣誉")
    paras.append("1.个人荣誉：" + "；".join(honours) + "。")
    paras.append(f"二、{year + 1}年主要工作思路、目标任务和重点工作措施")
    paras.append(f"（一）紧盯重点项目。确保{project}（二期）100%完成年度投资计划；推动{park}招商工作。")
    paras.append(f"（二）建好和美乡村。持续实施“美丽乡村”行动，推动{villages[-1]}村示范带建设。")
    paras.append(f"{district}{town}人民政府")
    paras.append(f"{year}年11月{rng.randint(1, 28)}日")
    meta = {"title": f"{town}{year}年工作总结和{year + 1}年工作计划", "issuer": f"{district}{town}人民政府",
            "place": f"{province}{city}{district}{town}", "town": town, "district": district, "city": city,
            "province": province, "date": f"{year}-11-15", "year": year}
    return "\n".join(paras) + "\n", meta


def to_annotated_traditional(text: str) -> str:
    """Simplified → Traditional with pinyin after each converted character and ASCII punctuation."""
    import opencc
    from pypinyin import Style, pinyin

    trad = opencc.OpenCC("s2t").convert(text)
    out = []
    for s_ch, t_ch in zip(text, trad):
        out.append(t_ch)
        if s_ch != t_ch:
            out.append("(" + pinyin(s_ch, style=Style.TONE)[0][0] + ")")
    return "".join(out).translate(str.maketrans({"，": ",", "；": ";", "：": ":", "（": "(", "）": ")"}))


def generate(out_dir: Path, n: int, *, seed: int = 7) -> list[Path]:
    """Write ``n`` reports (``<id>.txt`` + ``<id>.meta.json``) into ``out_dir``; returns the report paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths = []
    for i in range(n):
        year = rng.choice((2021, 2022, 2023))
        text, meta = report_text(rng, year)
        traditional = rng.random() < 1 / 3
        if traditional:
            text = to_annotated_traditional(text)
        doc_id = f"synthetic-{i:05d}"
        meta.update({"id": doc_id, "source": f"{doc_id}.txt", "encoding": "utf-8",
                     "script": "Hant+pinyin" if traditional else "Hans"})
        path = out_dir / f"{doc_id}.txt"
        path.write_text(text, encoding="utf-8")
        (out_dir / f"{doc_id}.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    paths = generate(args.out_dir, args.n, seed=args.seed)
    print(f"wrote {len(paths)} reports to {args.out_dir}")


if __name__ == "__main__":
    main()
