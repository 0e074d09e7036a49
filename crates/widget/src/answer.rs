//! One answer and the answer CSV the analyzer ingests.
//!
//! The CSV writer is hand-written on purpose: the `csv` crate would add more to the wasm bundle
//! than this whole module, and writing RFC 4180 needs only quoting.

use crate::i18n::Lang;
use crate::scale::{Kind, ScoreError};
use jornada_csv_cell::push_csv_cell;

/// The answer CSV header; the analyzer's ingest recognises exactly these columns.
pub const CSV_HEADER: &str =
    "response_id,submitted_at,survey_kind,question,score,scale_min,scale_max,comment,language,page";

/// One visitor's answer: a score and an optional comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Random per answer (UUID v4): the idempotency key of delivery, not a visitor id.
    pub response_id: String,
    /// ISO 8601 UTC, seconds precision: `2026-11-23T10:22:31Z`.
    pub submitted_at: String,
    pub kind: Kind,
    pub question: String,
    pub score: u8,
    pub comment: String,
    pub language: Lang,
    pub page: String,
}

impl Answer {
    /// Builds an answer, checking the score against the kind's scale and bounding the comment.
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        response_id: String,
        submitted_at: String,
        kind: Kind,
        question: String,
        score: i64,
        comment: &str,
        comment_max: usize,
        language: Lang,
        page: String,
    ) -> Result<Answer, ScoreError> {
        let score = kind.scale().validate(score)?;
        Ok(Answer {
            response_id,
            submitted_at,
            kind,
            question,
            score,
            comment: bound_comment(comment, comment_max),
            language,
            page,
        })
    }

    /// The CSV cells in header order.
    pub fn cells(&self) -> [String; 10] {
        let scale = self.kind.scale();
        [
            self.response_id.clone(),
            self.submitted_at.clone(),
            self.kind.id().to_string(),
            self.question.clone(),
            self.score.to_string(),
            scale.min.to_string(),
            scale.max.to_string(),
            self.comment.clone(),
            self.language.tag().to_string(),
            self.page.clone(),
        ]
    }
}

/// Trims the comment and keeps at most `max` characters (not bytes: "ç" counts as one).
pub fn bound_comment(comment: &str, max: usize) -> String {
    comment
        .trim()
        .chars()
        .take(max)
        .collect::<String>()
        .trim_end()
        .to_string()
}

/// Writes answers as RFC 4180 CSV: header first, CRLF line ends, fields quoted when they hold a
/// comma, semicolon, quote or line break. Text cells starting with `=`, `+`, `-`, `@`, tab, CR,
/// a zero-width space, a BOM or a full-width `＝` `＋` `－` `＠` are prefixed with `'` so that
/// spreadsheets do not run them as formulas.
pub fn write_csv(answers: &[Answer]) -> String {
    let mut out = String::with_capacity(128 * (answers.len() + 1));
    out.push_str(CSV_HEADER);
    out.push_str("\r\n");
    for answer in answers {
        for (i, cell) in answer.cells().iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_csv_cell(&mut out, cell);
        }
        out.push_str("\r\n");
    }
    out
}

/// Unix milliseconds → `YYYY-MM-DDThh:mm:ssZ` (proleptic Gregorian, UTC). Days-from-civil
/// arithmetic (H. Hinnant) instead of a date crate, to keep the bundle small.
pub fn iso_utc(unix_ms: i64) -> String {
    let secs = unix_ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let of_day = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        of_day / 3600,
        (of_day % 3600) / 60,
        of_day % 60
    )
}

/// 16 random bytes → a UUID v4 string.
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut id = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            id.push('-');
        }
        id.push(char::from(HEX[usize::from(b >> 4)]));
        id.push(char::from(HEX[usize::from(b & 0x0f)]));
    }
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(score: i64, comment: &str) -> Answer {
        Answer::new(
            "3f2b8c1e-0000-4000-8000-000000000001".into(),
            "2026-11-23T10:22:31Z".into(),
            Kind::Nps,
            "Quanto você recomendaria a Loja, de 0 a 10?".into(),
            score,
            comment,
            500,
            Lang::PtBr,
            "https://loja.example/checkout".into(),
        )
        .unwrap()
    }

    #[test]
    fn csv_has_the_header_and_one_crlf_row_per_answer() {
        let csv = write_csv(&[answer(9, "Entrega rápida"), answer(3, "")]);
        assert_eq!(
            csv,
            "response_id,submitted_at,survey_kind,question,score,scale_min,scale_max,comment,language,page\r\n\
             3f2b8c1e-0000-4000-8000-000000000001,2026-11-23T10:22:31Z,nps,\"Quanto você recomendaria a Loja, de 0 a 10?\",9,0,10,Entrega rápida,pt-BR,https://loja.example/checkout\r\n\
             3f2b8c1e-0000-4000-8000-000000000001,2026-11-23T10:22:31Z,nps,\"Quanto você recomendaria a Loja, de 0 a 10?\",3,0,10,,pt-BR,https://loja.example/checkout\r\n"
        );
        assert_eq!(write_csv(&[]), format!("{CSV_HEADER}\r\n"));
    }

    #[test]
    fn formula_cells_are_neutralised() {
        // The rule itself is tested in `jornada-csv-cell`.
        let row = write_csv(&[answer(10, "=1+1")]);
        assert!(row.contains(",10,0,10,'=1+1,pt-BR,"), "{row}");
    }

    #[test]
    fn scores_are_checked_and_comments_bounded() {
        let err = Answer::new(
            String::new(),
            String::new(),
            Kind::Ces,
            String::new(),
            8,
            "",
            10,
            Lang::En,
            String::new(),
        );
        assert_eq!(
            err.map_err(|e| e.to_string()),
            Err("score 8 is outside the 1-7 scale".to_string())
        );
        assert_eq!(bound_comment("  ação rápida  ", 4), "ação");
        assert_eq!(bound_comment("ab cd", 3), "ab");
        assert_eq!(answer(7, &"x".repeat(900)).comment.len(), 500);
    }

    #[test]
    fn timestamps_are_iso_utc_seconds() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        // 2026-11-23T10:22:31Z = 1795429351 s.
        assert_eq!(iso_utc(1_795_429_351_999), "2026-11-23T10:22:31Z");
        assert_eq!(iso_utc(951_782_400_000), "2000-02-29T00:00:00Z");
        assert_eq!(iso_utc(-1), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn response_ids_are_uuid_v4() {
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert_eq!(uuid_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
    }
}
