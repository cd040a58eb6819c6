//! Money as decimals, never floats: yuan with at most two decimal places, held as fen (分).

use super::Refusal;

/// A positive amount in fen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Amount {
    fen: u64,
}

/// 一亿元: far above any medical-insurance reimbursement, low enough to catch a stray keystroke.
const MAX_FEN: u64 = 100_000_000 * 100;

impl Amount {
    pub fn parse(input: &str) -> Result<Self, Refusal> {
        let text: String = input.trim().trim_end_matches('元').replace([',', '，'], "");
        if text.is_empty() {
            return Err(Refusal::new("amount.required", "请填写金额"));
        }
        let bad = Refusal::new(
            "amount.format",
            "金额请填写数字，最多两位小数，例如 1234.50",
        );
        let (yuan, frac) = text.split_once('.').unwrap_or((&text, ""));
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if yuan.is_empty()
            || !digits_only(yuan)
            || !digits_only(frac)
            || frac.len() > 2
            || yuan.len() > 12
        {
            return Err(bad);
        }
        let yuan: u64 = yuan.parse().map_err(|_| bad)?;
        let frac: u64 = format!("{frac:0<2}").parse().map_err(|_| bad)?;
        let fen = yuan * 100 + frac;
        if fen == 0 {
            return Err(Refusal::new("amount.zero", "金额应大于0"));
        }
        if fen > MAX_FEN {
            return Err(Refusal::new("amount.too_large", "金额过大，请核对"));
        }
        Ok(Self { fen })
    }

    pub fn fen(self) -> u64 {
        self.fen
    }
}

impl std::fmt::Display for Amount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{:02}", self.fen / 100, self.fen % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn parses_yuan_and_fen_exactly() {
        assert_eq!(Amount::parse("1,234.5元").unwrap().fen(), 123_450);
        assert_eq!(Amount::parse("0.10").unwrap().to_string(), "0.10");
    }

    #[test]
    fn refuses_three_decimals_signs_and_zero() {
        assert_eq!(Amount::parse("1.234").unwrap_err().code, "amount.format");
        assert_eq!(Amount::parse("-5").unwrap_err().code, "amount.format");
        assert_eq!(Amount::parse("0").unwrap_err().code, "amount.zero");
    }
}
