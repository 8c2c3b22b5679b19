//! An issue drawn as SVG: the 0-100 scale upright with its poles labelled, time across (the
//! dates with evidence, evenly spaced), each
//! actor's positions over time (point size by salience; each point's tooltip lists its
//! evidence sentences) and the forecast as a dashed line. `statecraft report --issue` writes
//! it; the dashboard draws the same from `/api/negotiation`.

use std::fmt::Write;

use crate::positions::IssuePositions;

const COLOURS: [&str; 8] = ["#c0392b", "#2471a3", "#1e8449", "#b9770e", "#7d3c98", "#117a65", "#6e2c00", "#515a5a"];

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One SVG document with a panel per issue; `forecasts` gives each issue's forecast (by
/// position in `issues`) and the model's name.
pub fn issues_svg(issues: &[IssuePositions], forecasts: &[Option<f64>], model: &str) -> String {
    let (width, panel, top) = (860.0, 300.0, 20.0);
    let height = top + panel * issues.len().max(1) as f64;
    let mut out = String::new();
    let _ = writeln!(out, r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">"##);
    let _ = writeln!(out, r##"<rect width="100%" height="100%" fill="white"/>"##);
    for (k, issue) in issues.iter().enumerate() {
        let y0 = top + panel * k as f64;
        let (left, right, ptop, pbottom) = (190.0, width - 150.0, y0 + 30.0, y0 + panel - 40.0);
        let ys = |v: f64| pbottom - (pbottom - ptop) * v / 100.0;
        let title = if issue.title.is_empty() { issue.issue.clone() } else { format!("{} ({})", issue.title, issue.issue) };
        let _ = writeln!(out, r##"<text x="10" y="{}" font-size="14" font-weight="bold">{}</text>"##, y0 + 14.0, escape(&title));
        let _ = writeln!(out, r##"<rect x="{left}" y="{ptop}" width="{}" height="{}" fill="none" stroke="#999"/>"##, right - left, pbottom - ptop);
        for (v, label) in [(100.0, &issue.high), (0.0, &issue.low)] {
            let _ = writeln!(out, r##"<text x="{}" y="{}" text-anchor="end">{v}</text>"##, left - 6.0, ys(v) + 4.0);
            let short: String = label.chars().take(28).collect();
            let more = if label.chars().count() > 28 { "…" } else { "" };
            let _ = writeln!(out, r##"<text x="10" y="{}" fill="#555"><title>{}</title>{}{more}</text>"##, ys(v) + 4.0, escape(label), escape(&short));
        }
        let _ = writeln!(out, r##"<text x="{}" y="{}" text-anchor="end">50</text>"##, left - 6.0, ys(50.0) + 4.0);
        let dates: Vec<String> = {
            let mut d: Vec<String> = issue.actors.iter().flatten().filter_map(|p| p.date.clone()).collect();
            d.sort();
            d.dedup();
            d
        };
        if issue.actors.is_empty() {
            let _ = writeln!(out, r##"<text x="{}" y="{}" text-anchor="middle" fill="#777">no evidence for any actor</text>"##, (left + right) / 2.0, ys(50.0));
            continue;
        }
        let xs = |date: Option<&str>| -> f64 {
            match (date.and_then(|d| dates.iter().position(|x| x == d)), dates.len()) {
                (Some(i), n) if n > 1 => left + 20.0 + (right - left - 40.0) * i as f64 / (n - 1) as f64,
                _ => (left + right) / 2.0,
            }
        };
        for d in [dates.first(), dates.last()].into_iter().flatten() {
            let _ = writeln!(out, r##"<text x="{}" y="{}" text-anchor="middle" fill="#555">{}</text>"##, xs(Some(d)), pbottom + 16.0, escape(d));
        }
        for (a, series) in issue.actors.iter().enumerate() {
            let colour = COLOURS[a % COLOURS.len()];
            let pts: Vec<(f64, f64)> = series.iter().map(|p| (xs(p.date.as_deref()), ys(p.position))).collect();
            if pts.len() > 1 {
                let path: Vec<String> = pts.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
                let _ = writeln!(out, r##"<polyline points="{}" fill="none" stroke="{colour}" stroke-width="2"/>"##, path.join(" "));
            }
            for (n, (p, (x, y))) in series.iter().zip(&pts).enumerate() {
                let r = 3.0 + p.salience / 20.0;
                let evidence: Vec<String> = p.evidence.iter().map(|e| format!("[{} {}#{}] {}", e.date.as_deref().unwrap_or("undated"), e.doc_id, e.sentence, e.text)).collect();
                let _ = writeln!(
                    out,
                    r##"<circle class="pos" data-issue="{k}" data-actor="{a}" data-point="{n}" cx="{x:.1}" cy="{y:.1}" r="{r:.1}" fill="{colour}" fill-opacity="0.75"><title>{} on {}: position {:.0}, salience {:.0}&#10;{}</title></circle>"##,
                    escape(&p.name),
                    escape(p.date.as_deref().unwrap_or("undated")),
                    p.position,
                    p.salience,
                    escape(&evidence.join("\n"))
                );
            }
            if let (Some(last), Some((_, y))) = (series.last(), pts.last()) {
                let _ = writeln!(out, r##"<text x="{}" y="{:.1}" fill="{colour}">{} {:.0}</text>"##, right + 8.0, y + 4.0, escape(&last.name), last.position);
            }
        }
        if let Some(Some(f)) = forecasts.get(k) {
            let _ = writeln!(out, r##"<line x1="{left}" x2="{right}" y1="{0:.1}" y2="{0:.1}" stroke="black" stroke-dasharray="6 4"/>"##, ys(*f));
            let _ = writeln!(out, r##"<text x="{}" y="{}" text-anchor="end">forecast ({}) {:.1}</text>"##, right - 4.0, ys(*f) - 5.0, escape(model), f);
        }
    }
    out.push_str("</svg>\n");
    out
}
