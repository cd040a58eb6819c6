//! QR codes drawn on the gateway, as SVG text: the wasm app never carries an encoder. Used for
//! what a phone camera should open or read (an invitation code, the printed receipt's progress
//! link); never for personal data.

use qrcode::{render::svg, EcLevel, QrCode};

/// `text` as a standalone SVG QR code (error correction M, quiet zone included), `None` when the
/// text is too long for any QR version.
pub fn svg(text: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    Some(
        code.render::<svg::Color<'_>>()
            .min_dimensions(160, 160)
            .quiet_zone(true)
            .build(),
    )
}

#[cfg(test)]
mod tests {
    use super::svg;

    #[test]
    fn a_short_link_becomes_an_svg_document() {
        let drawn = svg("https://tongban.example/progress/TB7K2M9Q4R8T1V6W3X").unwrap();
        assert!(drawn.starts_with("<?xml") && drawn.contains("<svg") && drawn.ends_with("</svg>"));
    }

    #[test]
    fn text_beyond_the_largest_version_is_refused() {
        assert_eq!(svg(&"9".repeat(8_000)), None);
    }
}
