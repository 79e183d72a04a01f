//! The printable QR code of a service hall: it opens the portal with that institution chosen.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::backend::Error;

/// The address a hall's QR code holds: `{public_url}/i/{code}`.
pub fn institution_url(public_url: &str, code: &str) -> String {
    format!("{}/i/{}", public_url.trim_end_matches('/'), code)
}

/// An SVG QR code of `url` (error correction M: survives a worn or partly covered print),
/// one SVG unit per module, with the standard quiet zone; scale it with CSS.
pub fn qr_svg(url: &str) -> Result<String, Error> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| Error::Internal(format!("QR code for {url}: {e}")))?;
    let svg = code
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // The XML prolog is not allowed inside HTML; the SVG stands fine without it.
    Ok(svg.split_once("?>").map_or(svg.as_str(), |(_, rest)| rest).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the SVG's rectangles (`M{x} {y}h{w}v{h}H..V..`) into a grayscale image.
    fn rasterize(svg: &str, scale: usize) -> (usize, Vec<u8>) {
        let width: usize = svg
            .split("width=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let size = width * scale;
        let mut pixels = vec![255u8; size * size];
        let d = svg.split(" d=\"").nth(1).unwrap().split('"').next().unwrap();
        for rect in d.split('M').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse().unwrap())
                .collect();
            let (x, y, w, h) = (nums[0], nums[1], nums[2], nums[3]);
            for py in y * scale..(y + h) * scale {
                for px in x * scale..(x + w) * scale {
                    pixels[py * size + px] = 0;
                }
            }
        }
        (size, pixels)
    }

    #[test]
    fn the_svg_decodes_to_the_institution_url() {
        let url = institution_url("https://sydj.example.cn/", "430104-R01");
        assert_eq!(url, "https://sydj.example.cn/i/430104-R01");
        let svg = qr_svg(&url).unwrap();
        assert!(svg.starts_with("<svg"), "{}", &svg[..40]);
        let (size, pixels) = rasterize(&svg, 4);
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(size, size, |x, y| pixels[y * size + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        let (_, content) = grids[0].decode().unwrap();
        assert_eq!(content, url);
    }
}
