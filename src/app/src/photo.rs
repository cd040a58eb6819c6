//! A picked file made fit to upload on a phone network: a photo straight from a phone camera
//! (often 4000 px and 3–8 MB) is scaled down on the device to at most [`MAX_SIDE`] px and
//! re-encoded as JPEG, which keeps a document legible at a tenth of the bytes and drops the
//! camera's metadata (EXIF, with the place the photo was taken). PDFs and small PNGs
//! (screenshots) go as they are. Everything runs in the browser's own image decoder and canvas.

use wasm_bindgen::{closure::Closure, JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, CanvasRenderingContext2d, File, HtmlCanvasElement, HtmlImageElement, Url};

/// The longest side kept: enough to read an invoice or an ID card, small enough for 3G.
pub const MAX_SIDE: u32 = 1600;
/// The gateway's limit (`POST /attachments`: 5 MB).
pub const MAX_BYTES: f64 = 5.0 * 1024.0 * 1024.0;
/// PNGs under this size and [`MAX_SIDE`] are sent untouched.
const SMALL_BYTES: f64 = 1024.0 * 1024.0;
const JPEG_QUALITY: f64 = 0.85;

/// What cannot be uploaded, in words for the citizen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Neither an image nor a PDF.
    Type,
    /// A PDF (or an image that would not shrink) over the gateway's limit.
    TooLarge,
    /// The browser could not read the image (damaged, or a format it cannot decode).
    Unreadable,
}

impl Refused {
    pub fn message(&self) -> &'static str {
        match self {
            Refused::Type => "只能上传照片（JPG、PNG）或 PDF 文件。",
            Refused::TooLarge => "文件超过 5MB，请换一个较小的文件，或直接拍照上传。",
            Refused::Unreadable => "这张图片无法读取，请重新拍照或换一张。",
        }
    }
}

/// A file ready to send: the bytes and their type.
pub struct Ready {
    pub blob: Blob,
    pub content_type: String,
}

/// The size a `width`×`height` image is drawn at: the longest side at most [`MAX_SIDE`].
pub fn fitted(width: u32, height: u32) -> (u32, u32) {
    let longest = width.max(height);
    if longest <= MAX_SIDE {
        return (width, height);
    }
    let scale = f64::from(MAX_SIDE) / f64::from(longest);
    let side = |v: u32| ((f64::from(v) * scale).round() as u32).max(1);
    (side(width), side(height))
}

/// Makes `file` fit to upload.
pub async fn prepare(file: &File) -> Result<Ready, Refused> {
    let kind = file.type_();
    if kind == "application/pdf" {
        return if file.size() <= MAX_BYTES {
            Ok(Ready {
                blob: file.clone().into(),
                content_type: kind,
            })
        } else {
            Err(Refused::TooLarge)
        };
    }
    if !kind.starts_with("image/") {
        return Err(Refused::Type);
    }
    let img = decode(file).await?;
    let (w, h) = (img.natural_width(), img.natural_height());
    // A JPEG is always drawn again, whatever its size: a phone camera's EXIF block carries where
    // the photo was taken (GPS), and redrawing leaves every such tag behind.
    if kind == "image/png" && w.max(h) <= MAX_SIDE && file.size() <= SMALL_BYTES {
        return Ok(Ready {
            blob: file.clone().into(),
            content_type: kind,
        });
    }
    let blob = redraw(&img, fitted(w, h)).await?;
    if blob.size() > MAX_BYTES {
        return Err(Refused::TooLarge);
    }
    Ok(Ready {
        blob,
        content_type: "image/jpeg".into(),
    })
}

/// The file decoded as an image (the object URL is released once it is).
async fn decode(file: &File) -> Result<HtmlImageElement, Refused> {
    let url = Url::create_object_url_with_blob(file).map_err(|_| Refused::Unreadable)?;
    let img = HtmlImageElement::new().map_err(|_| Refused::Unreadable)?;
    img.set_src(&url);
    let decoded = JsFuture::from(img.decode()).await;
    let _ = Url::revoke_object_url(&url);
    decoded.map(|_| img).map_err(|_| Refused::Unreadable)
}

/// `img` drawn at `(w, h)` on a canvas and encoded as JPEG.
async fn redraw(img: &HtmlImageElement, (w, h): (u32, u32)) -> Result<Blob, Refused> {
    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into().ok())
        .ok_or(Refused::Unreadable)?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into().ok())
        .ok_or(Refused::Unreadable)?;
    // A transparent PNG would turn black as JPEG: paper white underneath.
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, f64::from(w), f64::from(h));
    ctx.draw_image_with_html_image_element_and_dw_and_dh(img, 0.0, 0.0, f64::from(w), f64::from(h))
        .map_err(|_| Refused::Unreadable)?;
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        let give = Closure::once_into_js(move |blob: JsValue| resolve.call1(&JsValue::NULL, &blob));
        if canvas
            .to_blob_with_type_and_encoder_options(
                give.unchecked_ref(),
                "image/jpeg",
                &JsValue::from_f64(JPEG_QUALITY),
            )
            .is_err()
        {
            // A tainted or failed canvas: settle with nothing rather than hang.
            let give: &js_sys::Function = give.unchecked_ref();
            let _ = give.call1(&JsValue::NULL, &JsValue::NULL);
        }
    });
    JsFuture::from(encoded)
        .await
        .ok()
        .and_then(|b| b.dyn_into::<Blob>().ok())
        .ok_or(Refused::Unreadable)
}
