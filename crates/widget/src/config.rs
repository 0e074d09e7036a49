//! The widget's configuration, read from the custom element's attributes or the iframe's URL
//! fragment (both arrive as key/value pairs). Every value is checked here; the DOM layer only
//! renders what passed.

use crate::i18n::Lang;
use crate::scale::Kind;

/// Comments longer than this are refused at configuration time (a sane upper bound on
/// `comment-max`); the default bound is [`DEFAULT_COMMENT_MAX`].
pub const COMMENT_MAX_LIMIT: usize = 2000;
pub const DEFAULT_COMMENT_MAX: usize = 500;
/// "Once per visitor per N days" when the site owner says nothing.
pub const DEFAULT_FREQUENCY_DAYS: u32 = 30;
/// Longest `endpoint` accepted (bytes): a URL is not a place for data.
pub const ENDPOINT_MAX_LEN: usize = 2048;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("`{key}`: \"{value}\" is not valid; expected {expected}")]
    BadValue {
        key: &'static str,
        value: String,
        expected: &'static str,
    },
    #[error(
        "`endpoint`: \"{0}\" is refused; answers may only be sent to https:// URLs or to http://localhost / http://127.0.0.1"
    )]
    EndpointRefused(String),
    #[error("`endpoint`: the URL has {0} characters; at most 2048 are accepted")]
    EndpointTooLong(usize),
}

/// How the CSAT scale is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CsatStyle {
    Numbers,
    Stars,
    Faces,
}

/// When the open follow-up question is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Never,
    Always,
    /// Only when the score is strictly below this value.
    Below(u8),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeMode {
    /// Follows the visitor's `prefers-color-scheme`.
    Auto,
    Light,
    Dark,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    Inline,
    Popover,
    SlideIn,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Trigger {
    Immediately,
    AfterSeconds(u32),
    ScrollPercent(u8),
    ExitIntent,
    /// Only when the host calls `show()`.
    Manual,
}

/// A CSS custom property the site owner may set, with the validated value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThemeValue {
    /// e.g. `--jornada-accent`.
    pub property: &'static str,
    pub value: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    pub kind: Kind,
    pub lang: Lang,
    pub csat_style: CsatStyle,
    pub question: Option<String>,
    pub company: Option<String>,
    pub low_label: Option<String>,
    pub high_label: Option<String>,
    pub follow_up: FollowUp,
    pub follow_up_question: Option<String>,
    pub thanks: Option<String>,
    pub theme: ThemeMode,
    pub theme_values: Vec<ThemeValue>,
    pub placement: Placement,
    pub trigger: Trigger,
    /// 0 turns the cap off.
    pub frequency_days: u32,
    /// Key of the frequency cap; defaults to the kind.
    pub survey_id: String,
    pub endpoint: Option<String>,
    /// Kiosk mode: keep answers in this browser and offer a CSV download.
    pub collect_local: bool,
    pub comment_max: usize,
    /// iframe mode: the origin of the embedding page, the only one messages go to / come from.
    pub parent_origin: Option<String>,
    /// The page the answer is about (the iframe cannot see its parent's URL).
    pub page: Option<String>,
    /// The survey builder's preview: nothing is sent, stored or remembered (no endpoint, no
    /// kiosk store, no frequency cap), whatever else the configuration says.
    pub preview: bool,
}

/// Configuration keys and what they take. Used by the docs and the builder.
pub const KEYS: &[(&str, &str)] = &[
    ("kind", "nps | csat | ces | enps"),
    ("lang", "pt-BR | en"),
    ("csat-style", "numbers | stars | faces"),
    ("question", "text"),
    ("company", "text used in the default question"),
    ("low-label", "text"),
    ("high-label", "text"),
    ("follow-up", "always | never | below:N"),
    ("follow-up-question", "text"),
    ("thanks", "text"),
    ("theme", "auto | light | dark"),
    ("accent, background, foreground", "CSS colour"),
    ("radius", "CSS length"),
    ("font", "font-family list"),
    ("placement", "inline | popover | slide-in"),
    (
        "trigger",
        "immediately | after:N (seconds) | scroll:N (percent) | exit | manual",
    ),
    ("frequency-days", "whole days; 0 = no cap"),
    ("survey-id", "text"),
    (
        "endpoint",
        "https URL, or http://localhost / http://127.0.0.1",
    ),
    ("collect", "local (kiosk mode)"),
    ("comment-max", "1-2000"),
    ("origin", "iframe mode: origin of the embedding page"),
    ("page", "iframe mode: page reported with the answer"),
    (
        "preview",
        "on: never stores or sends (the builder's preview)",
    ),
];

impl Config {
    /// A configuration with every default for `kind` in `lang`.
    pub fn new(kind: Kind, lang: Lang) -> Config {
        Config {
            kind,
            lang,
            csat_style: CsatStyle::Numbers,
            question: None,
            company: None,
            low_label: None,
            high_label: None,
            follow_up: FollowUp::Always,
            follow_up_question: None,
            thanks: None,
            theme: ThemeMode::Auto,
            theme_values: Vec::new(),
            placement: Placement::Inline,
            trigger: Trigger::Immediately,
            frequency_days: DEFAULT_FREQUENCY_DAYS,
            survey_id: kind.id().to_string(),
            endpoint: None,
            collect_local: false,
            comment_max: DEFAULT_COMMENT_MAX,
            parent_origin: None,
            page: None,
            preview: false,
        }
    }

    /// Reads attributes or fragment pairs. Unknown keys are ignored (an element carries `id`,
    /// `class`...); an empty value means "not set". `fallback_lang` is used when no `lang` is
    /// given (the host page's language).
    pub fn from_pairs<'a, I>(pairs: I, fallback_lang: Lang) -> Result<Config, ConfigError>
    where
        I: IntoIterator<Item = (&'a str, &'a str)>,
    {
        let pairs: Vec<(&str, &str)> = pairs.into_iter().map(|(k, v)| (k, v.trim())).collect();
        let get = |key: &str| {
            pairs
                .iter()
                .rev()
                .find(|(k, v)| *k == key && !v.is_empty())
                .map(|(_, v)| *v)
        };
        let text = |key: &str| get(key).map(str::to_string);

        let kind = match get("kind") {
            None => Kind::Nps,
            Some(v) => Kind::parse(v).ok_or_else(|| bad("kind", v, "nps, csat, ces or enps"))?,
        };
        let lang = match get("lang") {
            None => fallback_lang,
            Some(v) => Lang::parse(v).ok_or_else(|| bad("lang", v, "pt-BR or en"))?,
        };
        let mut config = Config::new(kind, lang);
        if let Some(v) = get("csat-style") {
            config.csat_style = match v.to_ascii_lowercase().as_str() {
                "numbers" => CsatStyle::Numbers,
                "stars" => CsatStyle::Stars,
                "faces" => CsatStyle::Faces,
                _ => return Err(bad("csat-style", v, "numbers, stars or faces")),
            };
        }
        config.question = text("question");
        config.company = text("company");
        config.low_label = text("low-label");
        config.high_label = text("high-label");
        config.follow_up_question = text("follow-up-question");
        config.thanks = text("thanks");
        if let Some(v) = get("follow-up") {
            config.follow_up = parse_follow_up(v, kind)?;
        }
        if let Some(v) = get("theme") {
            config.theme = match v.to_ascii_lowercase().as_str() {
                "auto" => ThemeMode::Auto,
                "light" => ThemeMode::Light,
                "dark" => ThemeMode::Dark,
                _ => return Err(bad("theme", v, "auto, light or dark")),
            };
        }
        for (key, property, check) in THEME_KEYS {
            if let Some(v) = get(key) {
                if !check(v) {
                    return Err(bad(
                        key,
                        v,
                        "a plain CSS value (colour, length or font list)",
                    ));
                }
                config.theme_values.push(ThemeValue {
                    property,
                    value: v.to_string(),
                });
            }
        }
        if let Some(v) = get("placement") {
            config.placement = match v.to_ascii_lowercase().as_str() {
                "inline" => Placement::Inline,
                "popover" => Placement::Popover,
                "slide-in" | "slidein" => Placement::SlideIn,
                _ => return Err(bad("placement", v, "inline, popover or slide-in")),
            };
        }
        if let Some(v) = get("trigger") {
            config.trigger = parse_trigger(v)?;
        }
        if let Some(v) = get("frequency-days") {
            config.frequency_days = v
                .parse()
                .map_err(|_| bad("frequency-days", v, "a whole number of days"))?;
        }
        if let Some(v) = get("survey-id") {
            config.survey_id = v.to_string();
        }
        if let Some(v) = get("endpoint") {
            config.endpoint = Some(check_endpoint(v)?);
        }
        if let Some(v) = get("collect") {
            config.collect_local = match v.to_ascii_lowercase().as_str() {
                "local" => true,
                "none" => false,
                _ => return Err(bad("collect", v, "local")),
            };
        }
        if let Some(v) = get("comment-max") {
            config.comment_max = v
                .parse()
                .ok()
                .filter(|n| (1..=COMMENT_MAX_LIMIT).contains(n))
                .ok_or_else(|| bad("comment-max", v, "a whole number from 1 to 2000"))?;
        }
        if let Some(v) = get("origin") {
            config.parent_origin = Some(check_origin(v)?);
        }
        config.page = text("page");
        if let Some(v) = get("preview") {
            config.preview = match v.to_ascii_lowercase().as_str() {
                "on" | "true" => true,
                "off" | "false" => false,
                _ => return Err(bad("preview", v, "on or off")),
            };
        }
        if config.preview {
            config.endpoint = None;
            config.collect_local = false;
            config.frequency_days = 0;
        }
        Ok(config)
    }

    /// The question shown: the configured text, else the standard wording.
    pub fn question_text(&self) -> String {
        match &self.question {
            Some(q) => q.clone(),
            None => self
                .lang
                .messages()
                .question(self.kind, self.company.as_deref()),
        }
    }

    pub fn follow_up_text(&self) -> String {
        self.follow_up_question
            .clone()
            .unwrap_or_else(|| self.lang.messages().follow_up.to_string())
    }

    pub fn thanks_text(&self) -> String {
        self.thanks
            .clone()
            .unwrap_or_else(|| self.lang.messages().thanks.to_string())
    }

    pub fn end_labels(&self) -> (String, String) {
        let (low, high) = self.lang.messages().end_labels(self.kind);
        (
            self.low_label.clone().unwrap_or_else(|| low.to_string()),
            self.high_label.clone().unwrap_or_else(|| high.to_string()),
        )
    }

    /// Whether the open question follows this score.
    pub fn asks_follow_up(&self, score: u8) -> bool {
        match self.follow_up {
            FollowUp::Never => false,
            FollowUp::Always => true,
            FollowUp::Below(threshold) => score < threshold,
        }
    }

    /// Whether the cap hides the survey: it was last answered or dismissed at `last_ms` and it
    /// is now `now_ms` (both Unix milliseconds).
    pub fn capped(&self, last_ms: Option<i64>, now_ms: i64) -> bool {
        if self.frequency_days == 0 || self.collect_local {
            return false;
        }
        match last_ms {
            Some(last) if last <= now_ms => {
                now_ms - last < i64::from(self.frequency_days) * 86_400_000
            }
            // A timestamp in the future (clock changed) does not hide the survey forever.
            _ => false,
        }
    }

    /// localStorage key of the frequency cap.
    pub fn cap_key(&self) -> String {
        format!("jornada:last:{}", self.survey_id)
    }
}

type Check = fn(&str) -> bool;
const THEME_KEYS: [(&str, &str, Check); 5] = [
    ("accent", "--jornada-accent", is_css_colour),
    ("background", "--jornada-bg", is_css_colour),
    ("foreground", "--jornada-fg", is_css_colour),
    ("radius", "--jornada-radius", is_css_length),
    ("font", "--jornada-font", is_font_list),
];

fn bad(key: &'static str, value: &str, expected: &'static str) -> ConfigError {
    ConfigError::BadValue {
        key,
        value: value.to_string(),
        expected,
    }
}

fn parse_follow_up(v: &str, kind: Kind) -> Result<FollowUp, ConfigError> {
    const EXPECTED: &str = "always, never or below:N with N on the survey's scale";
    let lower = v.to_ascii_lowercase();
    match lower.as_str() {
        "always" => Ok(FollowUp::Always),
        "never" => Ok(FollowUp::Never),
        _ => {
            let n = lower
                .strip_prefix("below:")
                .and_then(|n| n.trim().parse::<i64>().ok())
                .ok_or_else(|| bad("follow-up", v, EXPECTED))?;
            let scale = kind.scale();
            // below:max+1 means "always"; anything outside min..=max+1 is a mistake.
            if n < i64::from(scale.min) || n > i64::from(scale.max) + 1 {
                return Err(bad("follow-up", v, EXPECTED));
            }
            Ok(FollowUp::Below(n as u8))
        }
    }
}

fn parse_trigger(v: &str) -> Result<Trigger, ConfigError> {
    const EXPECTED: &str =
        "immediately, after:N (seconds), scroll:N (percent 0-100), exit or manual";
    let lower = v.to_ascii_lowercase();
    let (name, arg) = match lower.split_once(':') {
        Some((n, a)) => (n.trim(), Some(a.trim())),
        None => (lower.trim(), None),
    };
    match (name, arg) {
        ("immediately", None) => Ok(Trigger::Immediately),
        ("exit", None) => Ok(Trigger::ExitIntent),
        ("manual", None) => Ok(Trigger::Manual),
        ("after", Some(n)) => n
            .parse()
            .map(Trigger::AfterSeconds)
            .map_err(|_| bad("trigger", v, EXPECTED)),
        ("scroll", Some(n)) => n
            .parse::<u8>()
            .ok()
            .filter(|p| *p <= 100)
            .map(Trigger::ScrollPercent)
            .ok_or_else(|| bad("trigger", v, EXPECTED)),
        _ => Err(bad("trigger", v, EXPECTED)),
    }
}

/// Accepts `https://host...` and `http://localhost` / `http://127.0.0.1` with any port and
/// path (`survey.html`'s CSP allows exactly these). Refuses credentials in the URL (`http://localhost@evil.example`).
pub fn check_endpoint(url: &str) -> Result<String, ConfigError> {
    if url.len() > ENDPOINT_MAX_LEN {
        return Err(ConfigError::EndpointTooLong(url.chars().count()));
    }
    let refused = || ConfigError::EndpointRefused(url.to_string());
    if url
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(refused());
    }
    let lower = url.to_ascii_lowercase();
    let (secure, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        (true, rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (false, rest)
    } else {
        return Err(refused());
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    if authority.is_empty() || authority.contains('@') || authority.contains('\\') {
        return Err(refused());
    }
    let host = host_of(authority).ok_or_else(refused)?;
    if host.is_empty() {
        return Err(refused());
    }
    if !secure && !matches!(host, "localhost" | "127.0.0.1") {
        return Err(refused());
    }
    Ok(url.to_string())
}

/// The host of `host[:port]`, `None` when the port is not a number.
fn host_of(authority: &str) -> Option<&str> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let (host, port) = (authority.get(..=end)?, authority.get(end + 1..)?);
        return match port.strip_prefix(':') {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => Some(host),
            None if port.is_empty() => Some(host),
            _ => None,
        };
    }
    match authority.split_once(':') {
        Some((host, port)) if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) => {
            Some(host)
        }
        Some(_) => None,
        None => Some(authority),
    }
}

/// An origin is `scheme://host[:port]` with nothing after it.
fn check_origin(v: &str) -> Result<String, ConfigError> {
    const EXPECTED: &str = "an origin such as https://www.example.com";
    let rest = v
        .strip_prefix("https://")
        .or_else(|| v.strip_prefix("http://"))
        .ok_or_else(|| bad("origin", v, EXPECTED))?;
    let ok = !rest.is_empty()
        && rest
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
        && host_of(rest).is_some_and(|h| !h.is_empty());
    if ok {
        Ok(v.to_string())
    } else {
        Err(bad("origin", v, EXPECTED))
    }
}

fn is_css_colour(v: &str) -> bool {
    if let Some(hex) = v.strip_prefix('#') {
        return matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit());
    }
    if v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return !v.is_empty() && v.len() <= 32;
    }
    // rgb(), hsl(), oklch()... with numbers, units, commas, slashes and spaces only.
    let Some((name, args)) = v.split_once('(') else {
        return false;
    };
    let Some(args) = args.strip_suffix(')') else {
        return false;
    };
    matches!(
        name,
        "rgb" | "rgba" | "hsl" | "hsla" | "oklch" | "oklab" | "lab" | "lch"
    ) && args.bytes().all(|b| {
        b.is_ascii_digit()
            || matches!(
                b,
                b'.' | b',' | b'%' | b'/' | b' ' | b'-' | b'd' | b'e' | b'g'
            )
    })
}

fn is_css_length(v: &str) -> bool {
    let unit = v.trim_start_matches(|c: char| c.is_ascii_digit() || c == '.');
    unit.len() < v.len() && matches!(unit, "" | "px" | "rem" | "em" | "%")
}

fn is_font_list(v: &str) -> bool {
    v.len() <= 200
        && v.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | ',' | '-' | '"' | '\''))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_pairs(pairs.iter().copied(), Lang::PtBr)
    }

    #[test]
    fn defaults_are_an_inline_immediate_nps_in_the_fallback_language() {
        let c = parse(&[("id", "x"), ("class", "y")]).unwrap();
        assert_eq!(c.kind, Kind::Nps);
        assert_eq!(c.lang, Lang::PtBr);
        assert_eq!(c.placement, Placement::Inline);
        assert_eq!(c.trigger, Trigger::Immediately);
        assert_eq!(c.follow_up, FollowUp::Always);
        assert_eq!(c.frequency_days, 30);
        assert_eq!(c.comment_max, 500);
        assert_eq!(c.survey_id, "nps");
        assert_eq!(
            c.question_text(),
            "Em uma escala de 0 a 10, quanto você recomendaria a empresa a um amigo ou colega?"
        );
        let en = Config::from_pairs([("kind", "csat")], Lang::En).unwrap();
        assert_eq!(
            en.question_text(),
            "How satisfied are you with the company?"
        );
        assert_eq!(
            en.end_labels(),
            (
                "Very dissatisfied".to_string(),
                "Very satisfied".to_string()
            )
        );
    }

    #[test]
    fn every_key_is_read() {
        let c = parse(&[
            ("kind", "CSAT"),
            ("lang", "en"),
            ("csat-style", "faces"),
            ("question", "How was it?"),
            ("low-label", "Bad"),
            ("high-label", "Great"),
            ("follow-up", "below:4"),
            ("follow-up-question", "Why?"),
            ("thanks", "Cheers"),
            ("theme", "dark"),
            ("accent", "#0a7"),
            ("radius", "12px"),
            ("font", "Inter, system-ui, sans-serif"),
            ("placement", "slide-in"),
            ("trigger", "scroll:50"),
            ("frequency-days", "0"),
            ("survey-id", "checkout"),
            ("endpoint", "https://api.example.com/answers"),
            ("collect", "local"),
            ("comment-max", "140"),
            ("origin", "https://shop.example.com"),
            ("page", "/checkout"),
        ])
        .unwrap();
        assert_eq!(c.kind, Kind::Csat);
        assert_eq!(c.lang, Lang::En);
        assert_eq!(c.csat_style, CsatStyle::Faces);
        assert_eq!(c.question_text(), "How was it?");
        assert_eq!(c.end_labels(), ("Bad".to_string(), "Great".to_string()));
        assert_eq!(c.follow_up, FollowUp::Below(4));
        assert_eq!(c.follow_up_text(), "Why?");
        assert_eq!(c.thanks_text(), "Cheers");
        assert_eq!(c.theme, ThemeMode::Dark);
        assert_eq!(
            c.theme_values,
            vec![
                ThemeValue {
                    property: "--jornada-accent",
                    value: "#0a7".into()
                },
                ThemeValue {
                    property: "--jornada-radius",
                    value: "12px".into()
                },
                ThemeValue {
                    property: "--jornada-font",
                    value: "Inter, system-ui, sans-serif".into()
                },
            ]
        );
        assert_eq!(c.placement, Placement::SlideIn);
        assert_eq!(c.trigger, Trigger::ScrollPercent(50));
        assert_eq!(c.frequency_days, 0);
        assert_eq!(c.cap_key(), "jornada:last:checkout");
        assert_eq!(
            c.endpoint.as_deref(),
            Some("https://api.example.com/answers")
        );
        assert!(c.collect_local);
        assert_eq!(c.comment_max, 140);
        assert_eq!(c.parent_origin.as_deref(), Some("https://shop.example.com"));
        assert_eq!(c.page.as_deref(), Some("/checkout"));
    }

    #[test]
    fn bad_values_name_the_key_and_what_was_expected() {
        let err = parse(&[("kind", "rating")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`kind`: \"rating\" is not valid; expected nps, csat, ces or enps"
        );
        assert!(matches!(
            parse(&[("trigger", "after:soon")]),
            Err(ConfigError::BadValue { key: "trigger", .. })
        ));
        assert!(matches!(
            parse(&[("trigger", "scroll:150")]),
            Err(ConfigError::BadValue { key: "trigger", .. })
        ));
        assert!(matches!(
            parse(&[("comment-max", "0")]),
            Err(ConfigError::BadValue {
                key: "comment-max",
                ..
            })
        ));
        assert!(matches!(
            parse(&[("comment-max", "5000")]),
            Err(ConfigError::BadValue {
                key: "comment-max",
                ..
            })
        ));
        assert!(matches!(
            parse(&[("lang", "fr")]),
            Err(ConfigError::BadValue { key: "lang", .. })
        ));
        assert!(matches!(
            parse(&[("origin", "https://a.com/path")]),
            Err(ConfigError::BadValue { key: "origin", .. })
        ));
        // CSAT is 1-5: below:7 is off the scale.
        assert!(parse(&[("kind", "csat"), ("follow-up", "below:7")]).is_err());
    }

    #[test]
    fn triggers() {
        assert_eq!(parse_trigger("after:5"), Ok(Trigger::AfterSeconds(5)));
        assert_eq!(parse_trigger("Exit"), Ok(Trigger::ExitIntent));
        assert_eq!(parse_trigger("manual"), Ok(Trigger::Manual));
        assert_eq!(parse_trigger("scroll:0"), Ok(Trigger::ScrollPercent(0)));
        assert!(parse_trigger("exit:3").is_err());
    }

    #[test]
    fn theme_values_cannot_smuggle_css() {
        assert!(parse(&[("accent", "rgb(10, 120, 80)")]).is_ok());
        assert!(parse(&[("accent", "rebeccapurple")]).is_ok());
        assert!(parse(&[("accent", "red; background: url(x)")]).is_err());
        assert!(parse(&[("accent", "#12345")]).is_err());
        assert!(parse(&[("accent", "rgb(1,2,3);}")]).is_err());
        assert!(parse(&[("radius", "8px;")]).is_err());
        assert!(parse(&[("font", "x; } * { color: red")]).is_err());
    }

    #[test]
    fn endpoints_are_https_or_local_only() {
        for ok in [
            "https://api.example.com/nps",
            "HTTPS://api.example.com",
            "http://localhost:8787/answers",
            "http://127.0.0.1:3000/x",
            "http://localhost",
        ] {
            assert_eq!(check_endpoint(ok).as_deref(), Ok(ok), "{ok}");
        }
        for refused in [
            "http://example.com/nps",
            "http://localhost@evil.example/",
            "http://localhost.evil.example/",
            "http://[::1]:9000/",
            "http://127.0.0.1.nip.io/",
            "http://127.0.0.1:80abc/",
            "ftp://localhost/",
            "javascript:alert(1)",
            "//example.com",
            "https://",
            "https://a b.com",
        ] {
            assert_eq!(
                check_endpoint(refused),
                Err(ConfigError::EndpointRefused(refused.to_string())),
                "{refused}"
            );
        }
    }

    #[test]
    fn endpoint_urls_are_capped_in_length() {
        let at = format!(
            "https://api.example.com/{}",
            "a".repeat(ENDPOINT_MAX_LEN - 24)
        );
        assert_eq!(at.len(), ENDPOINT_MAX_LEN);
        assert!(check_endpoint(&at).is_ok());
        let over = format!("{at}b");
        assert_eq!(
            check_endpoint(&over).map_err(|e| e.to_string()),
            Err("`endpoint`: the URL has 2049 characters; at most 2048 are accepted".to_string())
        );
        assert!(parse(&[("endpoint", over.as_str())]).is_err());
    }

    #[test]
    fn preview_never_sends_stores_or_caps() {
        let c = parse(&[
            ("endpoint", "https://api.example.com/answers"),
            ("collect", "local"),
            ("frequency-days", "30"),
            ("preview", "on"),
        ])
        .unwrap();
        assert!(c.preview);
        assert_eq!(c.endpoint, None);
        assert!(!c.collect_local);
        assert_eq!(c.frequency_days, 0);
        assert!(parse(&[("preview", "maybe")]).is_err());
        assert!(!parse(&[]).unwrap().preview);
    }

    #[test]
    fn follow_up_threshold_and_frequency_cap() {
        let c = parse(&[("follow-up", "below:7")]).unwrap();
        assert!(c.asks_follow_up(6));
        assert!(!c.asks_follow_up(7));
        assert!(!parse(&[("follow-up", "never")]).unwrap().asks_follow_up(0));
        let day = 86_400_000;
        let c = parse(&[("frequency-days", "7")]).unwrap();
        assert!(c.capped(Some(0), 7 * day - 1));
        assert!(!c.capped(Some(0), 7 * day));
        assert!(!c.capped(None, 1));
        assert!(
            !c.capped(Some(10 * day), day),
            "a future timestamp does not hide forever"
        );
        assert!(
            !parse(&[("frequency-days", "0")])
                .unwrap()
                .capped(Some(0), 1)
        );
        assert!(
            !parse(&[("collect", "local")]).unwrap().capped(Some(0), 1),
            "kiosk mode has no cap"
        );
    }
}
