//! The role and kind ids offered in the mapping review's dropdowns (the engine's `Role` and
//! `TableKind` serialised as snake_case; a test checks every id still parses).

pub const ROLE_IDS: &[&str] = &[
    "customer_id",
    "email",
    "name",
    "order_id",
    "order_date",
    "amount",
    "currency",
    "status",
    "order_type",
    "quantity",
    "product",
    "cost",
    "margin",
    "discount",
    "lead_id",
    "channel",
    "source",
    "medium",
    "campaign",
    "landing_page",
    "referrer",
    "converted",
    "converted_at",
    "visitor_id",
    "session_id",
    "session_duration",
    "pageviews",
    "reactions",
    "comments",
    "shares",
    "direct_messages",
    "spend",
    "subscription_id",
    "plan",
    "interval",
    "mrr",
    "started_at",
    "ended_at",
    "seats",
    "ticket_id",
    "created_at",
    "first_response_at",
    "resolved_at",
    "first_response_hours",
    "resolution_hours",
    "handle_hours",
    "agent",
    "reason",
    "sla_due",
    "sla_breached",
    "bot_handled",
    "transferred",
    "helpful",
    "article",
    "views",
    "logged_hours",
    "pause_hours",
    "contacts_handled",
    "successful_contacts",
    "survey_kind",
    "question",
    "score",
    "rating",
    "comment",
    "responded_at",
    "event_name",
    "event_at",
    "segment",
    "date",
];

pub fn kind_ids() -> Vec<&'static str> {
    jornada_engine::TableKind::ALL
        .iter()
        .map(|k| k.id())
        .collect()
}

/// The role's id as JSON has it (`Role::OrderDate` → `order_date`).
pub fn role_id(role: jornada_engine::Role) -> String {
    serde_json::to_value(role)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

pub fn parse_role(id: &str) -> Option<jornada_engine::Role> {
    serde_json::from_value(serde_json::Value::String(id.to_string())).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_offered_role_is_an_engine_role() {
        for id in ROLE_IDS {
            let role = parse_role(id).unwrap_or_else(|| panic!("{id} is not a Role"));
            assert_eq!(role_id(role), *id);
        }
        assert_eq!(kind_ids()[0], "orders");
    }
}
