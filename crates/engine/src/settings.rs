//! The analyst's settings, as one serialisable struct (`--config FILE` in the CLI, a panel in
//! the app). Every field has the default an analyst expects; a JSON file may give any subset.

use crate::table::Status;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub sla: SlaTargets,
    /// When set, service times count only business hours.
    pub business_calendar: Option<BusinessCalendar>,
    pub csat: ScaleSetting,
    pub ces: ScaleSetting,
    /// Extra status words (folded: lower case, no accents) and the class each counts as;
    /// they win over the built-in Portuguese/English vocabulary.
    pub status_words: BTreeMap<String, Status>,
    /// Profit margin in [0, 1] used by `loyalty.ltv_margin` when the data has no cost/margin column.
    pub default_margin: Option<f64>,
    /// Relationship length in years for `loyalty.ltv_simple`; `None` estimates it from the data.
    pub ltv_relationship_years: Option<f64>,
    /// Orders-only churn: a customer is active while their last completed order is at most
    /// this many days old (METRICS.md `loyalty.customer_churn_rate`; default 90).
    pub churn_inactivity_days: u32,
    /// Horizon of `loyalty.clv_predicted`, in months.
    pub clv_horizon_months: u32,
    /// Event name (folded) that marks a customer's signup: the start of time to value, time
    /// to onboard and activation (customers with no such event start at their first
    /// completed order or subscription start).
    pub signup_event: String,
    /// Monthly discount rate of `loyalty.clv_predicted`'s cash flows, in [0, 1) (default 0.01).
    pub clv_discount_rate_monthly: f64,
    /// Event names (folded) that mark activation, first value and onboarding complete.
    pub activation_event: String,
    pub value_event: String,
    pub onboarding_event: String,
    /// Event names counted by `loyalty.core_actions`.
    pub core_actions: Vec<String>,
    /// Weights per event name for `loyalty.engagement_score` (default weight 1).
    pub engagement_weights: BTreeMap<String, f64>,
    /// Weights of the health-score components (usage, satisfaction, support, recency, payment).
    pub health_weights: HealthWeights,
    /// ISO 4217 code (`BRL`) of money metrics whose files carry no currency (no symbol or
    /// currency column); a file's own currency always wins.
    pub currency: Option<String>,
    /// The period of `loyalty.retention_cohorts`: `month` (default) or `week`.
    pub cohort_period: crate::period::Granularity,
    /// The milestones of `journey.milestones`, in order (the first is the headline).
    pub milestones: Vec<Milestone>,
}

/// A journey milestone: exactly one of an event name (folded), a count of completed orders,
/// or an amount of completed revenue (the orders' main currency).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Milestone {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub orders: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue: Option<f64>,
}

impl Milestone {
    fn orders(name: &str, n: u32) -> Milestone {
        Milestone {
            name: name.into(),
            event: None,
            orders: Some(n),
            revenue: None,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            sla: SlaTargets::default(),
            business_calendar: None,
            csat: ScaleSetting {
                min: 1.0,
                max: 5.0,
                satisfied_from: 4.0,
            },
            ces: ScaleSetting {
                min: 1.0,
                max: 7.0,
                satisfied_from: 5.0,
            },
            status_words: BTreeMap::new(),
            default_margin: None,
            ltv_relationship_years: None,
            churn_inactivity_days: 90,
            clv_horizon_months: 12,
            signup_event: "signup".into(),
            clv_discount_rate_monthly: 0.01,
            activation_event: "activation".into(),
            value_event: "first_value".into(),
            onboarding_event: "onboarding_complete".into(),
            core_actions: Vec::new(),
            engagement_weights: BTreeMap::new(),
            health_weights: HealthWeights::default(),
            currency: None,
            cohort_period: crate::period::Granularity::Month,
            milestones: vec![
                Milestone::orders("second order", 2),
                Milestone::orders("fifth order", 5),
            ],
        }
    }
}

/// Service-level targets, used when the tickets carry no due-date or target column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SlaTargets {
    pub first_response_hours: f64,
    /// `None`: resolution is not part of the SLA unless the data gives a target.
    pub resolution_hours: Option<f64>,
}

impl Default for SlaTargets {
    fn default() -> Self {
        SlaTargets {
            first_response_hours: 24.0,
            resolution_hours: None,
        }
    }
}

/// Working days and hours; service times count only time inside them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct BusinessCalendar {
    /// ISO weekday numbers, 1 = Monday .. 7 = Sunday.
    pub weekdays: Vec<u8>,
    /// Opening and closing hour of each working day, 0..=24.
    pub open_hour: u8,
    pub close_hour: u8,
    /// ISO dates (`2025-12-25`) that are not working days.
    pub holidays: Vec<String>,
}

impl Default for BusinessCalendar {
    fn default() -> Self {
        BusinessCalendar {
            weekdays: vec![1, 2, 3, 4, 5],
            open_hour: 9,
            close_hour: 18,
            holidays: Vec::new(),
        }
    }
}

/// A survey scale and where "satisfied" starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScaleSetting {
    pub min: f64,
    pub max: f64,
    pub satisfied_from: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct HealthWeights {
    pub usage: f64,
    pub satisfaction: f64,
    pub support: f64,
    pub recency: f64,
    pub payment: f64,
}

impl Default for HealthWeights {
    fn default() -> Self {
        HealthWeights {
            usage: 1.0,
            satisfaction: 1.0,
            support: 1.0,
            recency: 1.0,
            payment: 1.0,
        }
    }
}

impl Settings {
    /// The class of a raw status word: the user's `status_words` first, then the built-in
    /// Portuguese/English vocabulary.
    pub fn status_class(&self, raw: &str) -> Status {
        let folded = crate::ingest::values::fold(raw);
        match self.status_words.get(&folded) {
            Some(s) => *s,
            None => crate::ingest::classify_status(raw),
        }
    }

    /// Every value out of its range, by the field's path (`csat.max`), so a form can say it
    /// at the field and save nothing while one is wrong.
    pub fn problems(&self) -> Vec<SettingProblem> {
        let mut out = Vec::new();
        let mut bad = |field: &str, problem: Problem| {
            out.push(SettingProblem {
                field: field.to_string(),
                problem,
            })
        };
        let positive = |v: f64| v.is_finite() && v > 0.0;
        if !positive(self.sla.first_response_hours) {
            bad("sla.first_response_hours", Problem::NotPositive);
        }
        if self.sla.resolution_hours.is_some_and(|h| !positive(h)) {
            bad("sla.resolution_hours", Problem::NotPositive);
        }
        if let Some(c) = &self.business_calendar {
            if c.weekdays.is_empty() {
                bad("business_calendar.weekdays", Problem::NoWorkingDay);
            }
            if c.weekdays.iter().any(|d| !(1..=7).contains(d)) {
                bad("business_calendar.weekdays", Problem::OutOfRange);
            }
            if c.open_hour > 24 {
                bad("business_calendar.open_hour", Problem::OutOfRange);
            }
            if c.close_hour > 24 {
                bad("business_calendar.close_hour", Problem::OutOfRange);
            } else if c.close_hour <= c.open_hour {
                bad("business_calendar.close_hour", Problem::CloseNotAfterOpen);
            }
            if c.holidays
                .iter()
                .any(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_err())
            {
                bad("business_calendar.holidays", Problem::NotADate);
            }
        }
        for (name, scale) in [("csat", &self.csat), ("ces", &self.ces)] {
            if !(scale.min.is_finite() && scale.max.is_finite() && scale.min < scale.max) {
                bad(&format!("{name}.max"), Problem::MaxNotAboveMin);
            } else if !(scale.min..=scale.max).contains(&scale.satisfied_from) {
                bad(&format!("{name}.satisfied_from"), Problem::OutsideScale);
            }
        }
        if self
            .default_margin
            .is_some_and(|m| !(m.is_finite() && (0.0..=1.0).contains(&m)))
        {
            bad("default_margin", Problem::NotAFraction);
        }
        if self.ltv_relationship_years.is_some_and(|y| !positive(y)) {
            bad("ltv_relationship_years", Problem::NotPositive);
        }
        if self.churn_inactivity_days == 0 {
            bad("churn_inactivity_days", Problem::NotPositive);
        }
        if self.clv_horizon_months == 0 {
            bad("clv_horizon_months", Problem::NotPositive);
        }
        if !(self.clv_discount_rate_monthly.is_finite()
            && (0.0..1.0).contains(&self.clv_discount_rate_monthly))
        {
            bad("clv_discount_rate_monthly", Problem::NotAFraction);
        }
        for (field, name) in [
            ("signup_event", &self.signup_event),
            ("activation_event", &self.activation_event),
            ("value_event", &self.value_event),
            ("onboarding_event", &self.onboarding_event),
        ] {
            if name.trim().is_empty() {
                bad(field, Problem::Empty);
            }
        }
        if self
            .engagement_weights
            .iter()
            .any(|(k, w)| k.trim().is_empty() || !w.is_finite() || *w < 0.0)
        {
            bad("engagement_weights", Problem::Negative);
        }
        let h = &self.health_weights;
        for (field, w) in [
            ("health_weights.usage", h.usage),
            ("health_weights.satisfaction", h.satisfaction),
            ("health_weights.support", h.support),
            ("health_weights.recency", h.recency),
            ("health_weights.payment", h.payment),
        ] {
            if !(w.is_finite() && w >= 0.0) {
                bad(field, Problem::Negative);
            }
        }
        for (i, m) in self.milestones.iter().enumerate() {
            let kinds = usize::from(m.event.is_some())
                + usize::from(m.orders.is_some())
                + usize::from(m.revenue.is_some());
            let bad_value = m.event.as_ref().is_some_and(|e| e.trim().is_empty())
                || m.orders == Some(0)
                || m.revenue.is_some_and(|r| !(r.is_finite() && r > 0.0));
            if kinds != 1 || bad_value || m.name.trim().is_empty() {
                bad(&format!("milestones.{i}"), Problem::OutOfRange);
            }
        }
        if !matches!(
            self.cohort_period,
            crate::period::Granularity::Month | crate::period::Granularity::Week
        ) {
            bad("cohort_period", Problem::OutOfRange);
        }
        if let Some(c) = &self.currency
            && !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase()))
        {
            bad("currency", Problem::NotACurrencyCode);
        }
        out
    }

    /// Reads settings from JSON; unknown fields are an error so that typos are not ignored.
    pub fn from_json(json: &str) -> Result<Settings, crate::error::EngineError> {
        serde_json::from_str(json).map_err(|e| crate::error::EngineError::Settings(e.to_string()))
    }
}

/// One setting out of its range: the field's path and what is wrong.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SettingProblem {
    pub field: String,
    pub problem: Problem,
}

/// What is wrong with a setting (the app words it in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    NotPositive,
    Negative,
    OutOfRange,
    NoWorkingDay,
    CloseNotAfterOpen,
    NotADate,
    MaxNotAboveMin,
    OutsideScale,
    NotAFraction,
    Empty,
    NotACurrencyCode,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_json_keeps_defaults() {
        let s = Settings::from_json(r#"{"sla": {"first_response_hours": 4}}"#).unwrap();
        assert_eq!(s.sla.first_response_hours, 4.0);
        assert_eq!(s.sla.resolution_hours, None);
        assert_eq!(s.csat.satisfied_from, 4.0);
        assert!(Settings::from_json("{not json").is_err());
        let s =
            Settings::from_json(r#"{"status_words": {"enviado p cliente": "pending"}}"#).unwrap();
        assert_eq!(s.status_class("Enviado p/ cliente"), Status::Pending);
        assert_eq!(s.status_class("pago"), Status::Completed);
        assert!(Settings::from_json(r#"{"sla_hours": 4}"#).is_err());
    }

    #[test]
    fn problems_name_the_field() {
        assert!(Settings::default().problems().is_empty());
        let mut s = Settings::default();
        s.csat.satisfied_from = 6.0;
        s.ces.min = 7.0;
        s.sla.first_response_hours = 0.0;
        s.default_margin = Some(1.5);
        s.currency = Some("real".into());
        s.business_calendar = Some(BusinessCalendar {
            open_hour: 18,
            close_hour: 9,
            weekdays: vec![],
            holidays: vec!["25/12/2025".into()],
        });
        let fields: Vec<(String, Problem)> = s
            .problems()
            .into_iter()
            .map(|p| (p.field, p.problem))
            .collect();
        let expected = [
            ("sla.first_response_hours", Problem::NotPositive),
            ("business_calendar.weekdays", Problem::NoWorkingDay),
            ("business_calendar.close_hour", Problem::CloseNotAfterOpen),
            ("business_calendar.holidays", Problem::NotADate),
            ("csat.satisfied_from", Problem::OutsideScale),
            ("ces.max", Problem::MaxNotAboveMin),
            ("default_margin", Problem::NotAFraction),
            ("currency", Problem::NotACurrencyCode),
        ];
        assert_eq!(
            fields,
            expected
                .iter()
                .map(|(f, p)| (f.to_string(), *p))
                .collect::<Vec<_>>()
        );
        assert!(
            Settings::from_json(r#"{"currency": "BRL"}"#)
                .unwrap()
                .problems()
                .is_empty()
        );
    }
}
