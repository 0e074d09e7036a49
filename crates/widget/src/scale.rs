//! Survey kinds, their answer scales and the keyboard movement on a scale.

use std::fmt;

/// What is being asked. Each kind has one fixed scale (see [`Kind::scale`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Net Promoter Score: likelihood to recommend, 0-10.
    Nps,
    /// Customer satisfaction, 1-5.
    Csat,
    /// Customer effort score: agreement with "the company made it easy", 1-7.
    Ces,
    /// Employee NPS: likelihood to recommend the employer, 0-10.
    Enps,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Nps, Kind::Csat, Kind::Ces, Kind::Enps];

    /// Parses the `kind` attribute / fragment key (case-insensitive).
    pub fn parse(text: &str) -> Option<Kind> {
        match text.trim().to_ascii_lowercase().as_str() {
            "nps" => Some(Kind::Nps),
            "csat" => Some(Kind::Csat),
            "ces" => Some(Kind::Ces),
            "enps" => Some(Kind::Enps),
            _ => None,
        }
    }

    /// The `survey_kind` value of the answer CSV.
    pub fn id(self) -> &'static str {
        match self {
            Kind::Nps => "nps",
            Kind::Csat => "csat",
            Kind::Ces => "ces",
            Kind::Enps => "enps",
        }
    }

    pub fn scale(self) -> Scale {
        match self {
            Kind::Nps | Kind::Enps => Scale { min: 0, max: 10 },
            Kind::Csat => Scale { min: 1, max: 5 },
            Kind::Ces => Scale { min: 1, max: 7 },
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

/// An inclusive integer answer scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scale {
    pub min: u8,
    pub max: u8,
}

/// A score outside its scale.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("score {score} is outside the {min}-{max} scale")]
pub struct ScoreError {
    pub score: i64,
    pub min: u8,
    pub max: u8,
}

/// A keyboard move inside a radio group (WAI-ARIA radio group pattern).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    Next,
    Previous,
    First,
    Last,
}

impl Move {
    /// The move a key stands for: arrows (both axes), Home and End.
    pub fn from_key(key: &str) -> Option<Move> {
        match key {
            "ArrowRight" | "ArrowDown" | "Right" | "Down" => Some(Move::Next),
            "ArrowLeft" | "ArrowUp" | "Left" | "Up" => Some(Move::Previous),
            "Home" => Some(Move::First),
            "End" => Some(Move::Last),
            _ => None,
        }
    }
}

impl Scale {
    pub fn contains(self, score: i64) -> bool {
        (i64::from(self.min)..=i64::from(self.max)).contains(&score)
    }

    /// The scale's points, lowest first.
    pub fn points(self) -> impl Iterator<Item = u8> {
        self.min..=self.max
    }

    pub fn len(self) -> usize {
        usize::from(self.max - self.min) + 1
    }

    pub fn is_empty(self) -> bool {
        false
    }

    /// Checks a score given by the host or read back from storage.
    pub fn validate(self, score: i64) -> Result<u8, ScoreError> {
        if self.contains(score) {
            // In range of u8 because min/max are u8.
            Ok(score as u8)
        } else {
            Err(ScoreError {
                score,
                min: self.min,
                max: self.max,
            })
        }
    }

    /// Where a key press moves the selection. Arrows wrap around, as the radio group pattern
    /// specifies; from no selection, Next lands on the first point and Previous on the last.
    pub fn step(self, from: Option<u8>, movement: Move) -> u8 {
        match (movement, from) {
            (Move::First, _) => self.min,
            (Move::Last, _) => self.max,
            (Move::Next, None) => self.min,
            (Move::Previous, None) => self.max,
            (Move::Next, Some(s)) if s >= self.max => self.min,
            (Move::Next, Some(s)) => s + 1,
            (Move::Previous, Some(s)) if s <= self.min => self.max,
            (Move::Previous, Some(s)) => s - 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scales_match_the_standard_questions() {
        assert_eq!(Kind::Nps.scale(), Scale { min: 0, max: 10 });
        assert_eq!(Kind::Enps.scale(), Scale { min: 0, max: 10 });
        assert_eq!(Kind::Csat.scale(), Scale { min: 1, max: 5 });
        assert_eq!(Kind::Ces.scale(), Scale { min: 1, max: 7 });
        assert_eq!(Kind::Nps.scale().len(), 11);
        assert_eq!(
            Kind::Ces.scale().points().collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 5, 6, 7]
        );
    }

    #[test]
    fn kinds_parse_case_insensitively_and_reject_others() {
        assert_eq!(Kind::parse(" NPS "), Some(Kind::Nps));
        assert_eq!(Kind::parse("eNPS"), Some(Kind::Enps));
        assert_eq!(Kind::parse("csat"), Some(Kind::Csat));
        assert_eq!(Kind::parse("ces"), Some(Kind::Ces));
        assert_eq!(Kind::parse("nps2"), None);
        assert_eq!(Kind::parse(""), None);
    }

    #[test]
    fn validation_accepts_the_ends_and_refuses_outside() {
        let csat = Kind::Csat.scale();
        assert_eq!(csat.validate(1), Ok(1));
        assert_eq!(csat.validate(5), Ok(5));
        assert_eq!(
            csat.validate(0),
            Err(ScoreError {
                score: 0,
                min: 1,
                max: 5
            })
        );
        assert_eq!(
            csat.validate(6).map_err(|e| e.to_string()),
            Err("score 6 is outside the 1-5 scale".into())
        );
        assert!(Kind::Nps.scale().validate(-1).is_err());
        assert_eq!(Kind::Nps.scale().validate(0), Ok(0));
        assert_eq!(Kind::Nps.scale().validate(10), Ok(10));
    }

    #[test]
    fn arrow_keys_wrap_and_home_end_jump() {
        let nps = Kind::Nps.scale();
        assert_eq!(nps.step(None, Move::Next), 0);
        assert_eq!(nps.step(None, Move::Previous), 10);
        assert_eq!(nps.step(Some(4), Move::Next), 5);
        assert_eq!(nps.step(Some(10), Move::Next), 0);
        assert_eq!(nps.step(Some(0), Move::Previous), 10);
        assert_eq!(nps.step(Some(7), Move::First), 0);
        let ces = Kind::Ces.scale();
        assert_eq!(ces.step(Some(1), Move::Previous), 7);
        assert_eq!(ces.step(Some(3), Move::Last), 7);
        assert_eq!(Move::from_key("ArrowUp"), Some(Move::Previous));
        assert_eq!(Move::from_key("ArrowDown"), Some(Move::Next));
        assert_eq!(Move::from_key("Tab"), None);
    }
}
