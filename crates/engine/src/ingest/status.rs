//! Status words in Portuguese and English, folded, and the journey class each means.

use crate::table::Status;

/// Lower-cases, strips accents and squeezes spaces/punctuation to single spaces, so that
/// `Concluído`, `CONCLUIDO` and `concluido ` compare equal.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for ch in s.chars().flat_map(char::to_lowercase) {
        let ch = match ch {
            'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ç' => 'c',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        };
        if ch == ' ' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(ch);
        }
    }
    out
}

/// The class of a status word (`pago` → Completed, `carrinho abandonado` → Abandoned, ...).
/// Unknown words are [`Status::Other`]: neither revenue nor abandonment.
pub fn classify_status(raw: &str) -> Status {
    let f = fold(raw);
    let has = |words: &[&str]| {
        words
            .iter()
            .any(|w| f == *w || f.starts_with(&format!("{w} ")))
    };
    if has(&[
        "carrinho abandonado",
        "abandonado",
        "abandoned",
        "abandoned cart",
        "abandoned checkout",
    ]) {
        Status::Abandoned
    } else if has(&[
        "reembolsado",
        "estornado",
        "devolvido",
        "refunded",
        "partially refunded",
        "chargeback",
    ]) {
        Status::Refunded
    } else if has(&[
        "cancelado",
        "cancelled",
        "canceled",
        "voided",
        "void",
        "failed",
        "falhou",
        "recusado",
    ]) {
        Status::Cancelled
    } else if has(&[
        "pendente",
        "aguardando pagamento",
        "aguardando",
        "pending",
        "pending payment",
        "on hold",
        "processing",
        "em processamento",
        "authorized",
        "autorizado",
    ]) {
        Status::Pending
    } else if has(&[
        "pago",
        "aprovado",
        "concluido",
        "entregue",
        "faturado",
        "enviado",
        "paid",
        "completed",
        "complete",
        "succeeded",
        "success",
        "fulfilled",
        "delivered",
        "shipped",
        "active",
        "ativo",
    ]) {
        Status::Completed
    } else {
        Status::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn portuguese_and_english_words() {
        for (w, s) in [
            ("Pago", Status::Completed),
            ("CONCLUÍDO", Status::Completed),
            ("entregue", Status::Completed),
            ("Carrinho abandonado", Status::Abandoned),
            ("estornado", Status::Refunded),
            ("Cancelado", Status::Cancelled),
            ("voided", Status::Cancelled),
            ("Aguardando pagamento", Status::Pending),
            ("paid", Status::Completed),
            ("refunded", Status::Refunded),
            ("xyz", Status::Other),
        ] {
            assert_eq!(classify_status(w), s, "{w}");
        }
        assert_eq!(fold("  Valor  Total (R$) "), "valor total r");
    }
}
