//! Writing pictures: SVG as drawn, or PNG rendered from it (feature `png`, on by default).

use std::path::Path;

use miette::{miette, Report};

/// The file formats a picture can be written in, chosen by the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Svg,
    Png,
}

/// The pixels per SVG unit of a PNG: twice the SVG's size, sharp on high-density screens and
/// in print.
#[cfg(feature = "png")]
pub const PNG_SCALE: f32 = 2.0;

/// The format `path` asks for (`.svg` or `.png`), checked before any work is done. `png`
/// says whether PNG is allowed here (charts that are only offered as SVG pass `false`).
pub fn format_of(path: &Path, png: bool) -> Result<Format, Report> {
    // `-o -` writes the SVG to standard output.
    if crate::output::is_stdout(path) {
        return Ok(Format::Svg);
    }
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("svg") => Ok(Format::Svg),
        Some("png") if png => {
            if cfg!(feature = "png") {
                Ok(Format::Png)
            } else {
                Err(usage!(
                    help = format!(
                        "write {} instead, or build brink with PNG support: \
                         cargo install --path crates/cli --features png",
                        path.with_extension("svg").display()
                    ),
                    "this brink was built without PNG support (the `png` feature)"
                ))
            }
        }
        _ if png => Err(usage!(
            help = "end the file name with .svg or .png",
            "{}: pictures are written as SVG or PNG",
            path.display()
        )),
        _ => Err(usage!(
            help = "end the file name with .svg",
            "{}: this picture is written as SVG",
            path.display()
        )),
    }
}

/// Writes `svg` to `path` in `format`; a PNG's rendering warnings (e.g. no font found, so no
/// text) are printed.
pub fn write(path: &Path, format: Format, svg: &str) -> Result<(), Report> {
    let bytes = match format {
        Format::Svg => svg.as_bytes().to_vec(),
        Format::Png => png_bytes(svg)?,
    };
    crate::output::write_file(path, &bytes)
}

#[cfg(feature = "png")]
fn png_bytes(svg: &str) -> Result<Vec<u8>, Report> {
    let png = brink_report::svg_to_png(svg, PNG_SCALE).map_err(|e| miette!("{e}"))?;
    for w in &png.warnings {
        eprintln!("warning: {w}");
    }
    Ok(png.bytes)
}

#[cfg(not(feature = "png"))]
fn png_bytes(_svg: &str) -> Result<Vec<u8>, Report> {
    // `format_of` refuses PNG in this build, so no caller gets here; say so if one does.
    Err(miette!(
        "this brink was built without PNG support (the `png` feature)"
    ))
}
