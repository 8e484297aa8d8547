#!/usr/bin/env python3
"""Regenerates data/countries/countries.csv (ISO 3166-1 codes, names, time
zone, UTC offset, weekend) from Debian's iso-codes and tzdata packages.

Run by hand when either package changes; rubilnik itself only reads the CSV.
Inputs: /usr/share/iso-codes/json/iso_3166-1.json (iso-codes, LGPL-2.1+),
/usr/share/zoneinfo/zone.tab (tzdata, public domain).
"""
import csv
import datetime
import json
import sys
import zoneinfo

# Countries with several zones: the zone of the capital or the most populous
# area, where zone.tab's first row is a remote one.
ZONE_OVERRIDES = {
    "RU": "Europe/Moscow", "CA": "America/Toronto", "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo", "UA": "Europe/Kyiv", "UZ": "Asia/Tashkent",
    "FM": "Pacific/Pohnpei", "ES": "Europe/Madrid", "PT": "Europe/Lisbon",
    "ID": "Asia/Jakarta", "CN": "Asia/Shanghai", "CD": "Africa/Kinshasa",
    "MN": "Asia/Ulaanbaatar", "EC": "America/Guayaquil", "CL": "America/Santiago",
    "AR": "America/Argentina/Buenos_Aires", "MX": "America/Mexico_City",
    "KZ": "Asia/Almaty", "US": "America/New_York", "PS": "Asia/Gaza",
    "MY": "Asia/Kuala_Lumpur", "NZ": "Pacific/Auckland", "DE": "Europe/Berlin",
    "CY": "Asia/Nicosia", "PG": "Pacific/Port_Moresby", "GL": "America/Nuuk",
}
# Weekends other than Saturday-Sunday, as of 2022 (Wikipedia, "Workweek and
# weekend"); everything else gets the default.
WEEKENDS = {
    **{cc: "fri sat" for cc in ["DZ", "BH", "BD", "EG", "IQ", "IL", "JO", "KW", "LY",
                                 "MV", "OM", "QA", "SA", "SD", "SY", "YE"]},
    "IR": "fri", "AF": "thu fri", "NP": "sat", "BN": "fri sun",
}
# Names that STOP, the World Bank or the press use and iso-codes does not.
ALIASES = {
    "TR": ["Turkey"], "CZ": ["Czech Republic"], "MK": ["Macedonia"], "SZ": ["Swaziland"],
    "CV": ["Cape Verde"], "MM": ["Burma"], "CD": ["DR Congo", "Congo-Kinshasa"],
    "CG": ["Congo-Brazzaville", "Republic of the Congo"], "GM": ["The Gambia"],
    "RU": ["Russia"], "SY": ["Syria"], "US": ["USA"], "GB": ["UK"],
}
REFERENCE_YEAR = 2022


def standard_offset(zone: str) -> str:
    tz = zoneinfo.ZoneInfo(zone)
    offs = [datetime.datetime(REFERENCE_YEAR, m, 15, 12, tzinfo=tz).utcoffset() for m in (1, 7)]
    dst = [datetime.datetime(REFERENCE_YEAR, m, 15, 12, tzinfo=tz).dst() for m in (1, 7)]
    # Standard time: the month without daylight saving (southern or northern winter).
    off = offs[0] if not dst[0] else offs[1]
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def main() -> None:
    iso = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
    zones = {}
    for line in open("/usr/share/zoneinfo/zone.tab", encoding="utf-8"):
        if line.startswith("#"):
            continue
        cc, _, zone = line.rstrip("\n").split("\t")[:3]
        zones.setdefault(cc, zone)
    rows = []
    for c in iso:
        names = [c.get("common_name"), c.get("official_name")] + ALIASES.get(c["alpha_2"], [])
        rows.append({"iso2": c["alpha_2"], "iso3": c["alpha_3"], "name": c["name"],
                     "aliases": "; ".join(n for n in names if n)})
    # Kosovo: a user-assigned code (XK), which the World Bank writes XKX.
    rows.append({"iso2": "XK", "iso3": "XKX", "name": "Kosovo", "aliases": "Republic of Kosovo"})
    # Channel Islands: a World Bank economy (CHI) with no ISO 3166-1 code; XC is
    # a user-assigned code so the row has an alpha-2 id.
    rows.append({"iso2": "XC", "iso3": "CHI", "name": "Channel Islands", "aliases": "Jersey and Guernsey"})
    zones.setdefault("XK", "Europe/Belgrade")
    zones.setdefault("XC", "Europe/London")
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["iso2", "iso3", "name", "aliases", "tz", "utc_offset", "weekend", "source"])
    for r in sorted(rows, key=lambda r: r["iso2"]):
        zone = ZONE_OVERRIDES.get(r["iso2"], zones.get(r["iso2"], ""))
        off = standard_offset(zone) if zone else ""
        src = "iso-codes 4.15 iso_3166-1.json" if r["iso2"] not in ("XK", "XC") else "World Bank economy code (user-assigned ISO code)"
        src += f"; tz: tzdata zone.tab{' (capital/most populous zone chosen)' if r['iso2'] in ZONE_OVERRIDES else ''}, standard offset in {REFERENCE_YEAR}"
        if r["iso2"] in WEEKENDS:
            src += "; weekend: Wikipedia 'Workweek and weekend' (2022)"
        out.writerow([r["iso2"], r["iso3"], r["name"], r["aliases"], zone, off,
                      WEEKENDS.get(r["iso2"], "sat sun"), src])


if __name__ == "__main__":
    main()
