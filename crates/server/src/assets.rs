//! The dashboard's files, compiled into the binary (no CDN, no files beside it): plain HTML,
//! CSS and JavaScript written for Statecraft, charts drawn as inline SVG.

pub const INDEX_HTML: &str = include_str!("../assets/index.html");
const APP_JS: &str = include_str!("../assets/app.js");
const NEGOTIATION_JS: &str = include_str!("../assets/negotiation.js");
const STYLE_CSS: &str = include_str!("../assets/style.css");
const FAVICON_SVG: &str = include_str!("../assets/favicon.svg");

/// The content type and bytes of `/assets/NAME`.
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    match name {
        "app.js" => Some(("text/javascript; charset=utf-8", APP_JS.as_bytes())),
        "negotiation.js" => Some(("text/javascript; charset=utf-8", NEGOTIATION_JS.as_bytes())),
        "style.css" => Some(("text/css; charset=utf-8", STYLE_CSS.as_bytes())),
        "favicon.svg" => Some(("image/svg+xml", FAVICON_SVG.as_bytes())),
        _ => None,
    }
}
