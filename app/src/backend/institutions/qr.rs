//! The QR code of a service hall, to print (SVG) and to keep inside WeChat (PNG): it opens the
//! portal with that institution chosen.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

use crate::backend::Error;

/// The address a hall's QR code holds: `{public_url}/i/{code}`.
pub fn institution_url(public_url: &str, code: &str) -> String {
    format!("{}/i/{}", public_url.trim_end_matches('/'), code)
}

/// The QR code of `url`, error correction M: it survives a worn or partly covered print.
fn qr_code(url: &str) -> Result<QrCode, Error> {
    QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M)
        .map_err(|e| Error::Internal(format!("QR code for {url}: {e}")))
}

/// An SVG QR code of `url`, one SVG unit per module, with the standard quiet zone; scale it
/// with CSS.
pub fn qr_svg(url: &str) -> Result<String, Error> {
    let svg = qr_code(url)?
        .render::<svg::Color>()
        .quiet_zone(true)
        .module_dimensions(1, 1)
        .build();
    // The XML prolog is not allowed inside HTML; the SVG stands fine without it.
    Ok(svg.split_once("?>").map_or(svg.as_str(), |(_, rest)| rest).to_owned())
}

/// Pixels per module of the PNG: about 300 pixels across for a hall's address, enough for a
/// phone's screen and for WeChat to read the code.
const PNG_SCALE: usize = 8;
/// The standard quiet zone around the code, in modules.
const QUIET_ZONE: usize = 4;

/// The same QR code as a black-and-white PNG. WeChat keeps a picture (长按 → 保存图片) and reads
/// the code in it (识别图中二维码) only from raster images, not from SVG.
pub fn qr_png(url: &str) -> Result<Vec<u8>, Error> {
    let code = qr_code(url)?;
    let modules = code.width();
    let dark = code.into_colors();
    let side = (modules + 2 * QUIET_ZONE) * PNG_SCALE;
    let module_at = |pixel: usize| (pixel / PNG_SCALE).checked_sub(QUIET_ZONE).filter(|&m| m < modules);
    // One bit per pixel, rows packed to whole bytes, 1 = white.
    let row_bytes = side.div_ceil(8);
    let mut pixels = vec![0u8; row_bytes * side];
    for y in 0..side {
        let row = &mut pixels[y * row_bytes..(y + 1) * row_bytes];
        for x in 0..side {
            let is_dark = matches!(
                (module_at(x), module_at(y)),
                (Some(mx), Some(my)) if dark[my * modules + mx] == qrcode::Color::Dark
            );
            if !is_dark {
                row[x / 8] |= 0x80 >> (x % 8);
            }
        }
    }
    let failed = |e: String| Error::Internal(format!("QR code PNG for {url}: {e}"));
    let side = u32::try_from(side).map_err(|e| failed(e.to_string()))?;
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, side, side);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    let mut writer = encoder.write_header().map_err(|e| failed(e.to_string()))?;
    writer.write_image_data(&pixels).map_err(|e| failed(e.to_string()))?;
    writer.finish().map_err(|e| failed(e.to_string()))?;
    Ok(png)
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

    /// Reads back a PNG as one grey byte per pixel (the decoder checks the checksums).
    fn read_png(bytes: &[u8]) -> (usize, Vec<u8>) {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND);
        let mut reader = decoder.read_info().unwrap();
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        let frame = reader.next_frame(&mut pixels).unwrap();
        assert_eq!(
            (frame.width, frame.color_type),
            (frame.height, png::ColorType::Grayscale)
        );
        pixels.truncate(frame.buffer_size());
        (frame.width as usize, pixels)
    }

    #[test]
    fn the_png_decodes_to_the_institution_url() {
        let url = institution_url("https://sydj.example.cn", "430104-R01");
        let (side, pixels) = read_png(&qr_png(&url).unwrap());
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, url);
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
