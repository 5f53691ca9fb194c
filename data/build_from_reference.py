#!/usr/bin/env python3
"""Build defspend's data/ CSVs from the sourced reference tables.

Reads  <repo>/../shared/reference/*.csv  (i.e. this script's directory/../../shared/reference)
Writes <repo>/data/{spending,members,aid,aggregates,releases,macro}.csv and data/releases/<id>.csv

Rules: every figure is copied as the exact text published in the reference (no
reformatting, no arithmetic); an empty cell means "not published / not found".
Output is UTF-8 without BOM, LF line endings, minimal quoting. Deterministic:
stdlib only, no clock, no randomness, fixed ordering.
"""

import csv
import decimal
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REF = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "reference"))
OUT = HERE

CURRENT = "2025-08"
CURRENT_TITLE = "Defence Expenditure of NATO Countries (2014-2025)"
CURRENT_SOURCE_TEXT = "NATO Defence Expenditure of NATO Countries (2014-2025), 28 Aug 2025"

SPENDING_COLS = ["iso3", "country", "year", "pct_gdp", "spend_usd_m", "gdp_usd_bn",
                 "estimate", "release", "source", "spend_source", "gdp_source", "note"]

NOTE_ICELAND = "Iceland has no armed forces; NATO publishes no figure"
NOTE_2025_BLANK = "no two-decimal figure found for this release"
NOTE_USD_ONLY = "only the US-dollar figure was found for this release"
NOTE_NO_IMF = "IMF GDP not in the reference for {year}"
NOTE_KIEL = "not tracked by the Kiel Institute"

MACRO_COLS = ["iso3", "year", "population_m", "gdp_lcu_bn", "gdp_real_lcu_bn", "gdp_deflator",
              "gdp_usd_bn", "gov_expenditure_pct_gdp", "currency", "estimate_from", "source"]

KIEL_COLS = ["iso3", "donor", "eu_member", "military_eur_bn", "financial_eur_bn",
             "humanitarian_eur_bn", "total_eur_bn", "total_pct_gdp", "eu_share_eur_bn",
             "total_incl_eu_eur_bn", "total_incl_eu_pct_gdp", "committed_eur_bn", "release",
             "cutoff_date", "source"]
AID_COLS = ["iso3", "donor", "eu_member", "military_eur_bn", "financial_eur_bn",
            "humanitarian_eur_bn", "total_eur_bn", "total_pct_gdp", "eu_share_eur_bn",
            "total_incl_eu_eur_bn", "total_incl_eu_pct_gdp", "committed_eur_bn", "release",
            "cutoff", "source", "note"]
AID_ALLOCATIONS = ["military_eur_bn", "financial_eur_bn", "humanitarian_eur_bn", "total_eur_bn"]

# Release metadata that the reference states in prose (README.md) or in release_title.
# published/cutoff/basis/decimals per release; titles are taken from the reference files.
RELEASES = [
    # id, published, cutoff, basis, decimals, file, estimate rule (years marked 1)
    ("2025-08", "2025-08-28", "2025-06-03", "NATO definition", "2", "spending.csv"),
    ("2024-06", "2024-06-17", "", "NATO definition", "2", "releases/2024-06.csv"),
    ("2025-04", "2025-04-24", "", "NATO definition", "2", "releases/2025-04.csv"),
    ("2026-03", "2026-03-26", "", "NATO definition", "1", "releases/2026-03.csv"),
    ("2026-07", "2026-07", "", "core defence", "2", "releases/2026-07.csv"),
]
# Releases whose last year is marked as an estimate (NATO Defence Expenditure/Investment
# releases). The reference does not say which years the other releases mark 'e'; see README.
ESTIMATE_LAST_YEAR = {"2024-06", "2026-07"}

# members: iso3 -> (iso2, aliases, joined). name comes from nato_pct_gdp.csv's country column.
MEMBERS = {
    "ALB": ("AL", ["Republic of Albania"], 2009),
    "BEL": ("BE", ["Kingdom of Belgium"], 1949),
    "BGR": ("BG", ["Republic of Bulgaria"], 2004),
    "CAN": ("CA", [], 1949),
    "CZE": ("CZ", ["Czech Republic"], 1999),
    "DEU": ("DE", ["Federal Republic of Germany"], 1955),
    "DNK": ("DK", ["Kingdom of Denmark"], 1949),
    "ESP": ("ES", ["Kingdom of Spain"], 1982),
    "EST": ("EE", ["Republic of Estonia"], 2004),
    "FIN": ("FI", ["Republic of Finland"], 2023),
    "FRA": ("FR", ["French Republic"], 1949),
    "GBR": ("GB", ["UK", "Britain", "Great Britain",
                   "United Kingdom of Great Britain and Northern Ireland"], 1949),
    "GRC": ("GR", ["Hellenic Republic"], 1952),
    "HRV": ("HR", ["Republic of Croatia"], 2009),
    "HUN": ("HU", [], 1999),
    "ISL": ("IS", [], 1949),
    "ITA": ("IT", ["Italian Republic"], 1949),
    "LTU": ("LT", ["Republic of Lithuania"], 2004),
    "LUX": ("LU", ["Grand Duchy of Luxembourg"], 1949),
    "LVA": ("LV", ["Republic of Latvia"], 2004),
    "MKD": ("MK", ["Macedonia", "Republic of North Macedonia"], 2020),
    "MNE": ("ME", [], 2017),
    "NLD": ("NL", ["Holland", "The Netherlands", "Kingdom of the Netherlands"], 1949),
    "NOR": ("NO", ["Kingdom of Norway"], 1949),
    "POL": ("PL", ["Republic of Poland"], 1999),
    "PRT": ("PT", ["Portuguese Republic"], 1949),
    "ROU": ("RO", [], 2004),
    "SVK": ("SK", ["Slovak Republic"], 2004),
    "SVN": ("SI", ["Republic of Slovenia"], 2004),
    "SWE": ("SE", ["Kingdom of Sweden"], 2024),
    "TUR": ("TR", ["Turkey", "Turkiye", "Republic of Türkiye"], 1952),
    "USA": ("US", ["US", "USA", "America", "United States of America"], 1949),
}


def die(msg):
    sys.stderr.write("build_from_reference: " + msg + "\n")
    sys.exit(1)


def read(name, cols):
    path = os.path.join(REF, name)
    with open(path, encoding="utf-8", newline="") as f:
        r = csv.reader(f)
        header = next(r)
        if header != cols:
            die("%s: unexpected header %r" % (name, header))
        rows = []
        for n, rec in enumerate(r, start=2):
            if len(rec) != len(cols):
                die("%s:%d: %d fields, expected %d" % (name, n, len(rec), len(cols)))
            rows.append(dict(zip(cols, rec)))
    return rows


def write(relpath, cols, rows):
    path = os.path.join(OUT, relpath)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(cols)
        for row in rows:
            w.writerow([row.get(c, "") for c in cols])
    return len(rows)


def split_title(title):
    """'Name, 17 Jun 2024 (remark)' -> ('Name', '17 Jun 2024', 'remark')."""
    remark = ""
    m = re.match(r"^(.*?)\s*\(([^()]*)\)$", title)
    if m and not re.search(r"\d{4}-\d{4}", m.group(2)):
        title, remark = m.group(1), m.group(2)
    m = re.match(r"^(.*),\s*((?:\d{1,2} )?[A-Z][a-z]{2} \d{4})$", title)
    if not m:
        die("cannot parse release title %r" % title)
    return m.group(1), m.group(2), remark


def first_url(texts):
    for t in texts:
        m = re.search(r"https?://\S+", t)
        if m:
            return m.group(0)
    return ""


def main():
    pct = read("nato_pct_gdp.csv",
               ["iso3", "country", "year", "pct_gdp", "estimate", "release", "source"])
    aggs = read("nato_aggregates.csv",
                ["aggregate", "year", "pct_gdp", "estimate", "release", "source"])
    gdp = read("gdp_usd_imf.csv", ["iso3", "year", "gdp_usd_bn", "source_name", "source"])
    usd = read("nato_spend_usd.csv", ["iso3", "year", "spend_usd_m", "release", "source"])
    aid = read("ukraine_aid.csv",
               ["iso3", "country", "military_eur_bn", "financial_eur_bn",
                "humanitarian_eur_bn", "total_eur_bn", "cutoff_date", "source"])
    other = read("nato_other_releases.csv",
                 ["iso3", "year", "pct_gdp", "release", "release_title", "source"])
    press = read("nato_2025_press.csv",
                 ["iso3", "country", "year", "pct_gdp", "decimals", "estimate", "release",
                  "source", "note"])

    # ---- members -------------------------------------------------------------
    names = {}
    for r in pct:
        names.setdefault(r["iso3"], r["country"])
    if sorted(names) != sorted(MEMBERS):
        die("nato_pct_gdp.csv allies differ from the member table")
    members = []
    for iso3 in sorted(MEMBERS):
        iso2, aliases, joined = MEMBERS[iso3]
        for a in aliases:
            if ";" in a or a != a.strip():
                die("bad alias %r" % a)
        members.append({"iso3": iso3, "iso2": iso2, "name": names[iso3],
                        "aliases": ";".join(aliases), "joined": str(joined)})
    n_members = write("members.csv", ["iso3", "iso2", "name", "aliases", "joined"], members)

    # ---- IMF GDP ---------------------------------------------------------------
    gdp_by = {}
    for r in gdp:
        key = (r["iso3"], r["year"])
        if key in gdp_by:
            die("duplicate IMF GDP row %r" % (key,))
        if r["source_name"].startswith("IMF World Economic Outlook October 2025 (NGDPD"):
            label = "IMF WEO Oct 2025 NGDPD"
        else:
            die("unexpected IMF source_name %r" % r["source_name"])
        gdp_by[key] = (r["gdp_usd_bn"], label + " " + r["source"])

    # ---- US-dollar spending, by release ------------------------------------------
    usd_by = {}
    for r in usd:
        key = (r["release"], r["iso3"], r["year"])
        if key in usd_by:
            die("duplicate US$ row %r" % (key,))
        if r["iso3"] not in MEMBERS:
            die("unknown iso3 in nato_spend_usd.csv: %r" % r["iso3"])
        usd_by[key] = (r["spend_usd_m"], r["source"])

    def add_gdp(row, notes):
        g = gdp_by.get((row["iso3"], row["year"]))
        if g:
            row["gdp_usd_bn"], row["gdp_source"] = g
        else:
            notes.append(NOTE_NO_IMF.format(year=row["year"]))

    # ---- press figures of the current release ------------------------------------
    # Cells NATO's table transcription lacks, as news agencies reported them from
    # the same release. Each keeps the precision it was printed with (2.5 stays
    # one decimal) and its own source and note; it may only fill a blank cell.
    press_by = {}
    for r in press:
        key = (r["iso3"], r["year"])
        if r["release"] != CURRENT:
            die("nato_2025_press.csv row of release %r" % r["release"])
        if key in press_by:
            die("duplicate %r in nato_2025_press.csv" % (key,))
        dec = len(r["pct_gdp"].partition(".")[2])
        if not re.fullmatch(r"\d+(\.\d+)?", r["pct_gdp"]) or str(dec) != r["decimals"]:
            die("nato_2025_press.csv %r: %r does not have %s decimals" % (
                key, r["pct_gdp"], r["decimals"]))
        if not r["source"] or not r["note"]:
            die("nato_2025_press.csv %r: a press figure needs its source and note" % (key,))
        press_by[key] = r

    # ---- spending.csv (current release) -----------------------------------------
    spending = []
    seen = set()
    for r in pct:
        if r["release"] != CURRENT:
            die("nato_pct_gdp.csv row of release %r" % r["release"])
        key = (r["iso3"], r["year"])
        if key in seen:
            die("duplicate %r in nato_pct_gdp.csv" % (key,))
        seen.add(key)
        row = {c: "" for c in SPENDING_COLS}
        row.update(iso3=r["iso3"], country=r["country"], year=r["year"],
                   pct_gdp=r["pct_gdp"], estimate=r["estimate"], release=CURRENT,
                   source=r["source"] or CURRENT_SOURCE_TEXT)
        u = usd_by.get((CURRENT, r["iso3"], r["year"]))
        if u:
            row["spend_usd_m"], row["spend_source"] = u
        notes = []
        add_gdp(row, notes)
        p = press_by.pop(key, None)
        if p is not None:
            if r["pct_gdp"] != "":
                die("press figure for %r, which NATO's table has" % (key,))
            row.update(pct_gdp=p["pct_gdp"], estimate=p["estimate"], source=p["source"])
            notes.append(p["note"])
        elif r["pct_gdp"] == "":
            if r["iso3"] == "ISL":
                notes.append(NOTE_ICELAND)
            elif r["year"] == "2025":
                notes.append(NOTE_2025_BLANK)
            else:
                die("unexplained blank %r" % (key,))
        row["note"] = "; ".join(notes)
        spending.append(row)
    if press_by:
        die("press figures for cells not in nato_pct_gdp.csv: %r" % sorted(press_by))
    n_spending = write("spending.csv", SPENDING_COLS, spending)

    # ---- other releases -----------------------------------------------------------
    titles = {}      # id -> (title, date text, remark)
    sources = {}     # id -> [source text, ...] in file order
    by_release = {}  # id -> {(iso3, year): row}
    for r in other:
        rid = r["release"]
        t = split_title(r["release_title"])
        if titles.setdefault(rid, t) != t:
            die("release %s has several titles" % rid)
        sources.setdefault(rid, []).append(r["source"])
        if r["iso3"] not in MEMBERS:
            die("unknown iso3 in nato_other_releases.csv: %r" % r["iso3"])
        rows = by_release.setdefault(rid, {})
        key = (r["iso3"], r["year"])
        if key in rows:
            die("duplicate %r in release %s" % (key, rid))
        rows[key] = r

    known = [rel[0] for rel in RELEASES]
    for rid in list(by_release) + [k[0] for k in usd_by]:
        if rid not in known:
            die("release %r is not described in RELEASES" % rid)

    release_counts = {}
    for rid, published, cutoff, basis, decimals, fname in RELEASES:
        if rid == CURRENT:
            continue
        title = titles[rid][0]
        src_text = "NATO " + title + ", " + titles[rid][1]
        pct_rows = by_release.get(rid, {})
        keys = set(pct_rows) | {(k[1], k[2]) for k in usd_by if k[0] == rid}
        last_year = max(y for _, y in keys)
        out = []
        for iso3, year in sorted(keys):
            p = pct_rows.get((iso3, year))
            row = {c: "" for c in SPENDING_COLS}
            est = "1" if (rid in ESTIMATE_LAST_YEAR and year == last_year) else "0"
            row.update(iso3=iso3, country=names[iso3], year=year, estimate=est, release=rid)
            notes = []
            if p:
                if decimals == "2" and not re.fullmatch(r"\d+\.\d\d", p["pct_gdp"]):
                    die("%s %s %s: %r is not two-decimal" % (rid, iso3, year, p["pct_gdp"]))
                if decimals == "1" and not re.fullmatch(r"\d+\.\d", p["pct_gdp"]):
                    die("%s %s %s: %r is not one-decimal" % (rid, iso3, year, p["pct_gdp"]))
                row["pct_gdp"] = p["pct_gdp"]
                row["source"] = p["source"]
            else:
                row["source"] = src_text
                notes.append(NOTE_USD_ONLY)
            u = usd_by.get((rid, iso3, year))
            if u:
                row["spend_usd_m"], row["spend_source"] = u
            add_gdp(row, notes)
            row["note"] = "; ".join(notes)
            out.append(row)
        release_counts[rid] = write(fname, SPENDING_COLS, out)

    # ---- releases.csv -------------------------------------------------------------
    index = []
    for rid, published, cutoff, basis, decimals, fname in RELEASES:
        if rid == CURRENT:
            title = CURRENT_TITLE
            src = first_url(r["source"] for r in pct)
        else:
            title = titles[rid][0]
            src = first_url(sources[rid])
        index.append({"id": rid, "title": title, "published": published, "cutoff": cutoff,
                      "basis": basis, "decimals": decimals, "file": fname, "source": src})
    write("releases.csv",
          ["id", "title", "published", "cutoff", "basis", "decimals", "file", "source"], index)

    # ---- aggregates.csv -------------------------------------------------------------
    n_aggs = write("aggregates.csv",
                   ["aggregate", "year", "pct_gdp", "estimate", "release", "source"], aggs)

    # ---- aid.csv ----------------------------------------------------------------------
    # Every donor of Kiel's Release 30 file in its order (allies, the EU institutions,
    # Japan, ...), then the allies Kiel does not track, from the older per-ally file.
    # The allocations of both files must agree: the newer file only adds columns.
    kiel = read("ukraine_aid_kiel_r30.csv", KIEL_COLS)
    old_aid = {r["iso3"]: r for r in aid}
    aid_rows = []
    seen_donors = set()
    for r in kiel:
        if r["iso3"] in seen_donors:
            die("duplicate donor %r in ukraine_aid_kiel_r30.csv" % r["iso3"])
        seen_donors.add(r["iso3"])
        if r["iso3"] in MEMBERS:
            o = old_aid.get(r["iso3"])
            if o is None:
                die("ally %r of the Kiel file is not in ukraine_aid.csv" % r["iso3"])
            for c in AID_ALLOCATIONS:
                if decimal.Decimal(o[c]) != decimal.Decimal(r[c]):
                    die("%s %s: %r in ukraine_aid.csv, %r in the Kiel file"
                        % (r["iso3"], c, o[c], r[c]))
        row = {c: r[c] for c in KIEL_COLS if c in AID_COLS}
        row["cutoff"] = r["cutoff_date"]
        row["note"] = ""
        aid_rows.append(row)
    for r in aid:
        if r["iso3"] not in MEMBERS:
            die("unknown iso3 in ukraine_aid.csv: %r" % r["iso3"])
        if r["iso3"] in seen_donors:
            continue
        if any(r[c] != "" for c in AID_ALLOCATIONS) or r["iso3"] not in ("ALB", "MNE", "MKD"):
            die("ally %r has aid in ukraine_aid.csv but is not in the Kiel file" % r["iso3"])
        aid_rows.append({"iso3": r["iso3"], "donor": r["country"],
                         "release": kiel[0]["release"], "cutoff": r["cutoff_date"],
                         "source": r["source"], "note": NOTE_KIEL})
    n_aid = write("aid.csv", AID_COLS, aid_rows)

    # ---- macro.csv ----------------------------------------------------------------------
    # IMF WEO Oct 2025, copied as published.  Its dollar GDP is the gdp_usd_bn of the
    # spending files (the same IMF file): equal as numbers, which `defspend check` verifies.
    macro = read("imf_weo_2510_macro.csv", MACRO_COLS)
    macro_keys = set()
    for r in macro:
        key = (r["iso3"], r["year"])
        if key in macro_keys:
            die("duplicate macro row %r" % (key,))
        macro_keys.add(key)
        if r["iso3"] not in MEMBERS:
            die("unknown iso3 in imf_weo_2510_macro.csv: %r" % r["iso3"])
        g = gdp_by.get(key)
        if g and decimal.Decimal(g[0]) != decimal.Decimal(r["gdp_usd_bn"]):
            die("%s %s: gdp_usd_bn %r differs from gdp_usd_imf.csv's %r"
                % (key[0], key[1], r["gdp_usd_bn"], g[0]))
    n_macro = write("macro.csv", MACRO_COLS, macro)

    sys.stdout.write("members.csv %d, spending.csv %d, aggregates.csv %d, aid.csv %d, "
                     "macro.csv %d, %s\n" % (
        n_members, n_spending, n_aggs, n_aid, n_macro,
        ", ".join("releases/%s.csv %d" % (k, v) for k, v in release_counts.items())))


if __name__ == "__main__":
    main()
