//! The relation timeline as a standalone SVG: mean Goldstein score per period (the
//! cooperation–conflict line, one point per period, sized by its events) above the events per
//! quad class as stacked bars. `statecraft report` writes it to a file and the dashboard shows
//! the same drawing (its points carry `data-period` for clicks).

use std::fmt::Write as _;

use chrono::{Datelike, Duration, NaiveDate};
use statecraft_store::aggregate::{DyadSeries, Interval};

const W: f64 = 960.0;
const H: f64 = 460.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 24.0;
const TOP: f64 = 70.0;
const LINE_H: f64 = 220.0;
const GAP: f64 = 34.0;
const BARS_H: f64 = 90.0;

/// Colours of quad classes 1 to 4 and their names.
pub const QUAD_COLOURS: [&str; 4] = ["#8fd3b0", "#2e8b57", "#f0a49a", "#c0392b"];
pub const QUAD_NAMES: [&str; 4] = ["verbal cooperation", "material cooperation", "verbal conflict", "material conflict"];

/// Escapes text for SVG/XML content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

fn days(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

fn period_len(interval: Interval, start: NaiveDate) -> i64 {
    match interval {
        Interval::Day => 1,
        Interval::Week => 7,
        Interval::Month => {
            let next = if start.month() == 12 {
                NaiveDate::from_ymd_opt(start.year() + 1, 1, 1)
            } else {
                NaiveDate::from_ymd_opt(start.year(), start.month() + 1, 1)
            };
            next.map(|n| (n - start).num_days()).unwrap_or(30)
        }
    }
}

fn month_name(m: u32) -> &'static str {
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        .get(m.saturating_sub(1) as usize)
        .copied()
        .unwrap_or("?")
}

/// Tick dates and labels between `lo` and `hi` (inclusive), about 4 to 14 of them.
fn ticks(lo: NaiveDate, hi: NaiveDate) -> Vec<(NaiveDate, String)> {
    let span = (hi - lo).num_days().max(1);
    let mut out = Vec::new();
    if span <= 70 {
        let step = if span <= 14 { 1 } else if span <= 35 { 7 } else { 14 };
        let mut d = lo;
        while d <= hi && out.len() < 40 {
            out.push((d, format!("{} {}", month_name(d.month()), d.day())));
            d += Duration::days(step);
        }
        return out;
    }
    let months = span / 30;
    let step = match months {
        0..=14 => 1,
        15..=30 => 3,
        31..=72 => 6,
        _ => 12,
    };
    let mut y = lo.year();
    let mut m = lo.month();
    while let Some(d) = NaiveDate::from_ymd_opt(y, m, 1) {
        if d > hi || out.len() > 40 {
            break;
        }
        if d >= lo && (m - 1).is_multiple_of(step) {
            let label = if m == 1 || out.is_empty() || step >= 12 {
                format!("{} {}", month_name(m), y)
            } else {
                month_name(m).to_string()
            };
            out.push((d, label));
        }
        m += 1;
        if m > 12 {
            m = 1;
            y += 1;
        }
    }
    out
}

/// The SVG drawing of `series`, over `since..=until` when given (else the data's range).
pub fn timeline_svg(series: &DyadSeries, since: Option<NaiveDate>, until: Option<NaiveDate>) -> String {
    let pts: Vec<(NaiveDate, &statecraft_store::aggregate::DyadPoint)> = series
        .points
        .iter()
        .filter_map(|p| NaiveDate::parse_from_str(&p.period, "%Y-%m-%d").ok().map(|d| (d, p)))
        .collect();
    let first = pts.first().map(|(d, _)| *d);
    let last = pts.last().map(|(d, _)| *d + Duration::days(period_len(series.interval, *d)));
    let fallback = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let mut lo = since.or(first).unwrap_or(fallback);
    let mut hi = until.map(|u| u + Duration::days(1)).or(last).unwrap_or(lo + Duration::days(30));
    if hi <= lo {
        hi = lo + Duration::days(1);
    }
    // a little room on both sides when the range comes from the data
    if since.is_none() {
        lo -= Duration::days(((hi - lo).num_days() / 40).max(1));
    }
    if until.is_none() {
        hi += Duration::days(((hi - lo).num_days() / 40).max(1));
    }
    let plot_w = W - LEFT - RIGHT;
    let x = |d: f64| LEFT + (d - days(lo)) / (days(hi) - days(lo)) * plot_w;
    let y_line = |g: f64| TOP + (10.0 - g.clamp(-10.0, 10.0)) / 20.0 * LINE_H;
    let bars_top = TOP + LINE_H + GAP;
    let max_bar = pts.iter().map(|(_, p)| p.quad.iter().sum::<i64>()).max().unwrap_or(0).max(1) as f64;

    let mut s = String::with_capacity(8192);
    let _ = write!(
        s,
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" width="{W}" height="{H}" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="12" class="timeline" role="img">"##
    );
    let pair = if series.b.is_empty() { esc(&series.a) } else if series.directed { format!("{} → {}", esc(&series.a), esc(&series.b)) } else { format!("{} ↔ {}", esc(&series.a), esc(&series.b)) };
    let _ = write!(
        s,
        r##"<title>{pair}: cooperation–conflict per {iv}</title><rect width="{W}" height="{H}" fill="#ffffff"/><text x="{LEFT}" y="26" font-size="18" font-weight="600" fill="#1b2a3a">{pair}</text><text x="{LEFT}" y="46" fill="#5b6b7b">Mean Goldstein score per {iv} ({n} events, each story counted once; mean {mean:+.2}) · {lo} to {hi_incl}</text>"##,
        iv = series.interval.as_str(),
        n = series.events,
        mean = series.goldstein_mean,
        hi_incl = hi - Duration::days(1),
    );
    // bands and axis of the line panel
    let _ = write!(
        s,
        r##"<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{h2}" fill="#eef8f2"/><rect x="{LEFT}" y="{mid}" width="{plot_w}" height="{h2}" fill="#fcefed"/>"##,
        h2 = LINE_H / 2.0,
        mid = TOP + LINE_H / 2.0
    );
    for g in [-10.0, -5.0, 0.0, 5.0, 10.0] {
        let yy = y_line(g);
        let (stroke, dash) = if g == 0.0 { ("#7b8a99", "") } else { ("#d5dde5", r#" stroke-dasharray="3 3""#) };
        let _ = write!(
            s,
            r##"<line x1="{LEFT}" x2="{x2}" y1="{yy}" y2="{yy}" stroke="{stroke}"{dash}/><text x="{tx}" y="{ty}" text-anchor="end" fill="#5b6b7b">{gl}</text>"##,
            x2 = W - RIGHT,
            tx = LEFT - 8.0,
            ty = yy + 4.0,
            gl = if g == 0.0 { "0".to_string() } else { format!("{g:+}") }
        );
    }
    let _ = write!(
        s,
        r##"<text x="{tx}" y="{ty}" fill="#2e8b57" font-size="11">cooperation</text><text x="{tx}" y="{ty2}" fill="#c0392b" font-size="11">conflict</text>"##,
        tx = LEFT + 6.0,
        ty = TOP + 14.0,
        ty2 = TOP + LINE_H - 6.0
    );
    // x ticks (both panels)
    for (d, label) in ticks(lo, hi - Duration::days(1)) {
        let xx = x(days(d));
        let _ = write!(
            s,
            r##"<line x1="{xx}" x2="{xx}" y1="{TOP}" y2="{yb}" stroke="#e3e8ee"/><text x="{xx}" y="{ty}" text-anchor="middle" fill="#5b6b7b">{label}</text>"##,
            yb = bars_top + BARS_H,
            ty = bars_top + BARS_H + 18.0,
            label = esc(&label)
        );
    }
    // stacked bars
    let _ = write!(
        s,
        r##"<line x1="{LEFT}" x2="{x2}" y1="{yb}" y2="{yb}" stroke="#7b8a99"/><text x="{tx}" y="{ty}" text-anchor="end" fill="#5b6b7b">{max}</text><text x="{tx}" y="{yb}" text-anchor="end" fill="#5b6b7b">0</text>"##,
        x2 = W - RIGHT,
        yb = bars_top + BARS_H,
        tx = LEFT - 8.0,
        ty = bars_top + 4.0,
        max = max_bar as i64
    );
    for (d, p) in &pts {
        let len = period_len(series.interval, *d) as f64;
        let x0 = x(days(*d));
        let x1 = x(days(*d) + len);
        let bw = ((x1 - x0) * 0.8).max(2.0);
        let bx = x0 + ((x1 - x0) - bw) / 2.0;
        let mut yb = bars_top + BARS_H;
        for (i, n) in p.quad.iter().enumerate() {
            if *n == 0 {
                continue;
            }
            let h = *n as f64 / max_bar * BARS_H;
            yb -= h;
            let _ = write!(
                s,
                r##"<rect x="{bx:.1}" y="{yb:.1}" width="{bw:.1}" height="{h:.1}" fill="{c}"><title>{per}: {n} {name}</title></rect>"##,
                c = QUAD_COLOURS[i],
                per = esc(&p.period),
                name = QUAD_NAMES[i]
            );
        }
    }
    // the line and its points
    let centre = |d: NaiveDate| x(days(d) + period_len(series.interval, d) as f64 / 2.0);
    if pts.len() > 1 {
        let line: Vec<String> = pts.iter().map(|(d, p)| format!("{:.1},{:.1}", centre(*d), y_line(p.goldstein_mean))).collect();
        let _ = write!(s, r##"<polyline points="{}" fill="none" stroke="#34506e" stroke-width="2" stroke-linejoin="round"/>"##, line.join(" "));
    }
    for (d, p) in &pts {
        let r = (3.0 + 2.0 * (p.events as f64).sqrt()).min(14.0);
        let fill = if p.goldstein_mean > 0.0 {
            "#2e8b57"
        } else if p.goldstein_mean < 0.0 {
            "#c0392b"
        } else {
            "#7b8a99"
        };
        let cats: Vec<String> = p.categories.iter().map(|(k, v)| format!("{k} {v}")).collect();
        let _ = write!(
            s,
            r##"<circle class="pt" cx="{cx:.1}" cy="{cy:.1}" r="{r:.1}" fill="{fill}" stroke="#fff" stroke-width="1.5" data-period="{per}" data-events="{n}" data-mean="{m}"><title>{per}: mean Goldstein {m:+.2}, {n} events ({st} stories) — {cats}</title></circle>"##,
            cx = centre(*d),
            cy = y_line(p.goldstein_mean),
            per = esc(&p.period),
            n = p.events,
            m = p.goldstein_mean,
            st = p.stories,
            cats = esc(&cats.join(", "))
        );
    }
    if pts.is_empty() {
        let _ = write!(
            s,
            r##"<text x="{cx}" y="{cy}" text-anchor="middle" font-size="15" fill="#5b6b7b">No dated events for this pair in this period</text>"##,
            cx = LEFT + plot_w / 2.0,
            cy = TOP + LINE_H / 2.0 - 10.0
        );
    }
    // legend
    let mut lx = W - RIGHT - 560.0;
    let ly = bars_top - 12.0;
    for (i, name) in QUAD_NAMES.iter().enumerate() {
        let _ = write!(
            s,
            r##"<rect x="{lx}" y="{ry}" width="10" height="10" fill="{c}"/><text x="{tx}" y="{ly}" fill="#3c4b5a" font-size="11">{name}</text>"##,
            ry = ly - 9.0,
            c = QUAD_COLOURS[i],
            tx = lx + 14.0
        );
        lx += 140.0;
    }
    let _ = write!(s, r##"<text x="{LEFT}" y="{ly}" fill="#3c4b5a" font-size="11">events per {}</text>"##, series.interval.as_str());
    s.push_str("</svg>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use statecraft_store::aggregate::DyadPoint;
    use std::collections::BTreeMap;

    fn point(period: &str, mean: f64, quad: [i64; 4]) -> DyadPoint {
        DyadPoint {
            period: period.to_string(),
            events: quad.iter().sum(),
            mentions: quad.iter().sum(),
            stories: 1,
            quad,
            categories: BTreeMap::from([("CONSULT".to_string(), 1)]),
            goldstein_total: mean,
            goldstein_mean: mean,
        }
    }

    #[test]
    fn draws_one_point_per_period_and_escapes() {
        let series = DyadSeries {
            a: "USA".into(),
            b: "R<S".into(),
            directed: false,
            interval: Interval::Week,
            points: vec![point("2024-11-18", 1.9, [1, 0, 0, 0]), point("2025-08-04", -5.8, [0, 0, 2, 1])],
            events: 4,
            goldstein_mean: -2.0,
        };
        let svg = timeline_svg(&series, None, None);
        assert_eq!(svg.matches("<circle class=\"pt\"").count(), 2);
        assert!(svg.contains("data-period=\"2025-08-04\""));
        assert!(svg.contains("R&lt;S") && !svg.contains("R<S"));
        assert!(svg.contains("<polyline"));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn empty_series_says_so() {
        let series = DyadSeries { a: "USA".into(), b: "RUS".into(), directed: true, interval: Interval::Month, points: vec![], events: 0, goldstein_mean: 0.0 };
        let svg = timeline_svg(&series, NaiveDate::from_ymd_opt(2025, 1, 1), NaiveDate::from_ymd_opt(2025, 12, 31));
        assert!(svg.contains("No dated events"));
        assert!(!svg.contains("<circle"));
        assert!(svg.contains("Jan 2025"));
    }
}
