//! The analyst's settings, as one serialisable struct (`--config FILE` in the CLI, a panel in
//! the app). Every field has the default an analyst expects.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {}
