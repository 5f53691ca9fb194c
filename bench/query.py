"""query.py: the `defspend list --year Y --threshold 2 --format csv` question
in pandas, for bench/run: the members' rows for one year with the gap to 2%
of GDP in points and in millions of US dollars, sorted by share.
Run with Debian's /usr/bin/python3 (python3-pandas).
    usage: /usr/bin/python3 bench/query.py FILE YEAR
"""
import sys

import pandas as pd

df = pd.read_csv(sys.argv[1])
y = df[df.year == int(sys.argv[2])].copy()
gap = (2 - y.pct_gdp).clip(lower=0)
y["gap_2_pp"] = gap.round(2)
y["gap_2_usd_m"] = (gap * y.gdp_usd_bn * 10).round(0)
y = y.sort_values("pct_gdp", ascending=False, kind="stable")
cols = ["iso3", "country", "year", "pct_gdp", "estimate", "gap_2_pp", "gap_2_usd_m"]
y[cols].to_csv(sys.stdout, index=False, float_format="%.2f")
