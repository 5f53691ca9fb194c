"""query.py: the `defspend list --year Y --threshold 2 --format csv` question
in pandas, for bench/run: the members' rows for one year, ranked by share,
with the gap to 2% of GDP in points and in millions of US dollars, printed
as defspend prints them (bench/run checks the bytes).

pandas reads the figures as doubles, which cannot tell on which side of the
half a dollar gap such as 361.5 m lies; so the year's gaps are computed with
Python's decimals from the figures' shortest text (which is the published
text for figures of up to 15 digits), half away from zero as defspend does.
Run with Debian's /usr/bin/python3 (python3-pandas).
    usage: /usr/bin/python3 bench/query.py FILE YEAR
"""
import sys
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

df = pd.read_csv(sys.argv[1])
y = df[df.year == int(sys.argv[2])].copy()
y = y.sort_values(["pct_gdp", "country"], ascending=[False, True], kind="stable")
y["rank"] = y.pct_gdp.rank(method="min", ascending=False).astype(int)
two = Decimal(2)


def gap_pp(pct):
    return max(two - Decimal(repr(pct)), Decimal(0))


def gap_usd(pct, gdp):
    gap = gap_pp(pct)
    if gap == 0:
        return "0"
    if gdp != gdp:  # NaN: GDP unknown
        return ""
    return str((gap * Decimal(repr(gdp)) * 10).quantize(Decimal(1), rounding=ROUND_HALF_UP))


y["estimate"] = y.estimate.map({1: "true", 0: "false"})
y["meets_2"] = (y.pct_gdp >= 2).map({True: "true", False: "false"})
y["gap_2_pp"] = [f"{gap_pp(p):.2f}" for p in y.pct_gdp]
y["gap_2_usd_m"] = [gap_usd(p, g) for p, g in zip(y.pct_gdp, y.gdp_usd_bn)]
y["pct_gdp"] = y.pct_gdp.map(lambda p: f"{p:.2f}")
cols = ["rank", "iso3", "country", "year", "pct_gdp", "estimate", "meets_2", "gap_2_pp",
        "gap_2_usd_m"]
y[cols].to_csv(sys.stdout, index=False)
