//! SVG to PNG, in pure Rust (resvg, usvg and tiny-skia), behind the `png` feature.
//!
//! The pictures of this crate are SVG strings; a PNG is the same picture rasterised. Text is
//! laid out with the fonts installed on the system (found the way fontconfig would, but
//! without linking it). When the system has no font at all the PNG is still written, without
//! its text, and the result carries a warning that says so: a picture without labels is
//! better than none, but the user must know.

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{fontdb, Options, Tree};

/// Faces tried, in order, as the generic `sans-serif` family. fontdb's default for it is
/// Arial, which a Linux machine rarely has; these are what Debian-like systems ship.
const SANS_SERIF_FALLBACKS: [&str; 5] = [
    "DejaVu Sans",
    "Liberation Sans",
    "Noto Sans",
    "FreeSans",
    "Arial",
];

/// A picture rendered as PNG.
#[derive(Clone, Debug)]
pub struct Png {
    /// The encoded PNG file.
    pub bytes: Vec<u8>,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// What the reader should know about the rendering (e.g. that no font was found and the
    /// text is missing). Empty when all went well.
    pub warnings: Vec<String>,
}

/// Why an SVG could not be rendered as PNG.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PngError {
    /// The SVG could not be read.
    #[error("cannot read the SVG: {0}")]
    Svg(String),
    /// The scale is not a positive finite number, or the picture would be empty or too large.
    #[error("cannot render a {width}×{height} pixel picture (scale {scale})")]
    Size {
        /// The requested width in pixels (rounded).
        width: f64,
        /// The requested height in pixels (rounded).
        height: f64,
        /// The scale asked for.
        scale: f32,
    },
    /// The PNG encoder failed.
    #[error("cannot encode the PNG: {0}")]
    Encode(String),
}

/// The largest side, in pixels, of a rendered picture: 16384 px keeps a PNG under 1 GB of
/// pixels in memory while allowing any map or tree this crate draws at a generous scale.
const MAX_SIDE: f64 = 16384.0;

/// Renders `svg` as a PNG at `scale` pixels per SVG unit (2.0 gives sharp pictures on
/// high-density screens and in print). The background is whatever the SVG paints; this
/// crate's pictures paint it white.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Png, PngError> {
    let mut fonts = fontdb::Database::new();
    fonts.load_system_fonts();
    let mut warnings = Vec::new();
    if fonts.is_empty() {
        warnings.push(
            "no fonts were found on this system, so the PNG has no text; install a font \
             (e.g. the fonts-dejavu-core package) or write an SVG instead"
                .to_string(),
        );
    } else {
        // The generic families resolve to faces that exist here, so a picture asking for
        // `sans-serif` gets text rather than silently losing it.
        let present = |name: &str| {
            fonts
                .faces()
                .any(|f| f.families.iter().any(|(family, _)| family == name))
        };
        let fallback = SANS_SERIF_FALLBACKS
            .iter()
            .find(|name| present(name))
            .map(|name| name.to_string())
            .or_else(|| {
                fonts
                    .faces()
                    .next()
                    .and_then(|f| f.families.first().map(|(n, _)| n.clone()))
            });
        if let Some(family) = fallback {
            fonts.set_sans_serif_family(family.clone());
            fonts.set_serif_family(family.clone());
            fonts.set_monospace_family(family);
        }
    }
    let options = Options {
        fontdb: std::sync::Arc::new(fonts),
        ..Options::default()
    };
    let tree = Tree::from_str(svg, &options).map_err(|e| PngError::Svg(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (
        (f64::from(size.width()) * f64::from(scale)).ceil(),
        (f64::from(size.height()) * f64::from(scale)).ceil(),
    );
    let too_big = |x: f64| !(1.0..=MAX_SIDE).contains(&x);
    if !scale.is_finite() || scale <= 0.0 || too_big(w) || too_big(h) {
        return Err(PngError::Size {
            width: w,
            height: h,
            scale,
        });
    }
    let (width, height) = (w as u32, h as u32);
    let mut pixmap = Pixmap::new(width, height).ok_or(PngError::Size {
        width: w,
        height: h,
        scale,
    })?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    let bytes = pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))?;
    Ok(Png {
        bytes,
        width,
        height,
        warnings,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(png: &Png) -> Pixmap {
        Pixmap::decode_png(&png.bytes).expect("a PNG this module wrote decodes")
    }

    #[test]
    fn renders_shapes_at_the_scale_asked() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30" viewBox="0 0 40 30">
<rect x="0" y="0" width="40" height="30" fill="#ffffff"/>
<rect x="0" y="0" width="20" height="30" fill="#E69F00"/></svg>"##;
        let png = svg_to_png(svg, 2.0).unwrap();
        assert_eq!((png.width, png.height), (80, 60));
        let pixmap = decode(&png);
        assert_eq!((pixmap.width(), pixmap.height()), (80, 60));
        let at = |x: u32, y: u32| {
            let p = pixmap.pixel(x, y).unwrap();
            (p.red(), p.green(), p.blue())
        };
        assert_eq!(at(10, 10), (0xE6, 0x9F, 0x00));
        assert_eq!(at(70, 50), (0xFF, 0xFF, 0xFF));
    }

    #[test]
    fn text_is_drawn_when_the_system_has_a_font() {
        let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" font-family="Helvetica, sans-serif">
<rect x="0" y="0" width="120" height="40" fill="#ffffff"/>
<text x="5" y="30" font-size="28" fill="#000000">Hello</text></svg>"##;
        let png = svg_to_png(svg, 1.0).unwrap();
        let dark = decode(&png)
            .pixels()
            .iter()
            .filter(|p| p.red() < 100 && p.alpha() == 255)
            .count();
        if png.warnings.is_empty() {
            assert!(
                dark > 50,
                "a font was found but the text drew {dark} dark pixels"
            );
        } else {
            // No font: the warning says the text is missing, and it is.
            assert!(png.warnings[0].contains("no fonts"));
            assert_eq!(dark, 0);
        }
    }

    #[test]
    fn bad_input_is_an_error_not_a_panic() {
        assert!(matches!(
            svg_to_png("not an svg", 1.0),
            Err(PngError::Svg(_))
        ));
        let svg = r#"<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>"#;
        for scale in [0.0, -1.0, f32::NAN, f32::INFINITY, 1e9] {
            assert!(
                matches!(svg_to_png(svg, scale), Err(PngError::Size { .. })),
                "scale {scale}"
            );
        }
    }
}
