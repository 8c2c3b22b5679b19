//! The negotiation view's endpoint, `/api/negotiation`: the positions of the actors of the
//! issue file given to `serve --issues` on each of its issues over time, each point with its
//! evidence sentences, the forecast, and the chart (`statecraft report --issue` draws the same).

use axum::extract::State;
use axum::http::{StatusCode, Uri};
use axum::Json;
use serde_json::{json, Value};
use statecraft_bargain::models::{self, Model};
use statecraft_bargain::positions::{positions, statements_from_store};
use statecraft_bargain::svg::issues_svg;
use statecraft_store::EventFilter;

use crate::api::{run, ApiError, Params, Shared};

/// Rounds of the expected-utility model when it is the chosen forecaster.
const EU_ROUNDS: usize = 8;

pub async fn negotiation(State(db): State<Shared>, uri: Uri) -> Result<Json<Value>, ApiError> {
    let p = Params::parse(&uri, &["issue", "since", "until", "model"])?;
    let Some(space) = db.issues().cloned() else {
        return Err(ApiError(StatusCode::NOT_FOUND, "no issue file: start the server with `statecraft serve --issues ISSUES.toml` (e.g. examples/issues/ukraine-war.toml)".into()));
    };
    let (since, until) = p.since_until()?;
    let model_name = p.text("model", 20)?.unwrap_or_else(|| "default".into());
    let Some(model) = Model::parse(&model_name) else {
        return Err(ApiError::bad(format!("model={model_name:?} is not a model; choose {}", Model::NAMES)));
    };
    let issue = p.text("issue", 100)?;
    if let Some(id) = &issue {
        if space.issue(id).is_none() {
            let ids: Vec<&str> = space.issues.iter().map(|i| i.id.as_str()).collect();
            return Err(ApiError::bad(format!("issue={id:?} is not in the issue file; its issues are {}", ids.join(", "))));
        }
    }
    let filter = EventFilter { since, until, ..EventFilter::default() };
    let until = until.map(|d| d.to_string());
    let title = space.title.clone();
    // reading and weighing run on the query's blocking thread, under its time limit
    let mut found = run(db, move |store| Ok(positions(&space, &statements_from_store(store, &filter)?, until.as_deref()))).await?;
    if let Some(id) = &issue {
        found.retain(|x| &x.issue == id);
    }
    let forecasts: Vec<Option<f64>> = found.iter().map(|x| models::forecast(&x.players(), model, EU_ROUNDS, x.status_quo)).collect();
    let svg = issues_svg(&found, &forecasts, model.name());
    let issues: Vec<Value> = found
        .iter()
        .zip(&forecasts)
        .map(|(x, f)| json!({"issue": x.issue, "title": x.title, "low": x.low, "high": x.high, "forecast": f, "actors": x.actors}))
        .collect();
    Ok(Json(json!({"title": title, "model": model.name(), "issues": issues, "svg": svg})))
}
