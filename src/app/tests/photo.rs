//! Browser tests of preparing a picked file for upload: a large photo is shrunk on the device
//! to at most 1600 px as JPEG, a small one and a PDF go as they are, anything else is refused.
#![cfg(target_arch = "wasm32")]

use tongban_app::photo::{fitted, prepare, Refused, MAX_SIDE};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Blob, File, HtmlCanvasElement, HtmlImageElement};

wasm_bindgen_test_configure!(run_in_browser);

/// A `w`×`h` PNG drawn on a canvas, as a picked file.
async fn png(w: u32, h: u32, name: &str) -> File {
    let blob = drawn(w, h, "image/png").await;
    file_of(&blob, name, "image/png")
}

/// A `w`×`h` image of `kind` drawn on a canvas.
async fn drawn(w: u32, h: u32, kind: &'static str) -> JsValue {
    let canvas: HtmlCanvasElement = gloo::utils::document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d =
        canvas.get_context("2d").unwrap().unwrap().unchecked_into();
    ctx.set_fill_style_str("#336699");
    ctx.fill_rect(0.0, 0.0, f64::from(w) / 2.0, f64::from(h) / 2.0);
    JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        let cb = wasm_bindgen::closure::Closure::once_into_js(move |b: JsValue| {
            resolve.call1(&JsValue::NULL, &b)
        });
        canvas.to_blob_with_type(cb.unchecked_ref(), kind).unwrap();
    }))
    .await
    .unwrap()
}

async fn bytes_of(blob: &Blob) -> Vec<u8> {
    let buf = JsFuture::from(blob.array_buffer()).await.unwrap();
    js_sys::Uint8Array::new(&buf).to_vec()
}

fn file_of(part: &JsValue, name: &str, kind: &str) -> File {
    let bag = web_sys::FilePropertyBag::new();
    bag.set_type(kind);
    File::new_with_blob_sequence_and_options(&js_sys::Array::of1(part), name, &bag).unwrap()
}

/// The pixel size of an image blob, decoded by the browser.
async fn size_of(blob: &Blob) -> (u32, u32) {
    let url = web_sys::Url::create_object_url_with_blob(blob).unwrap();
    let img = HtmlImageElement::new().unwrap();
    img.set_src(&url);
    JsFuture::from(img.decode()).await.unwrap();
    (img.natural_width(), img.natural_height())
}

#[wasm_bindgen_test]
fn the_longest_side_is_brought_to_1600_and_the_shape_kept() {
    assert_eq!(fitted(4000, 3000), (1600, 1200));
    assert_eq!(fitted(2000, 3000), (1067, 1600));
    assert_eq!(fitted(1600, 900), (1600, 900));
    assert_eq!(fitted(800, 600), (800, 600));
    assert_eq!(fitted(20000, 1), (MAX_SIDE, 1), "never a zero side");
}

#[wasm_bindgen_test]
async fn a_camera_sized_photo_is_shrunk_to_a_jpeg_on_the_device() {
    let file = png(3000, 2000, "photo.png").await;
    let ready = prepare(&file).await.expect("prepared");
    assert_eq!(ready.content_type, "image/jpeg");
    assert_eq!(ready.blob.type_(), "image/jpeg");
    assert_eq!(size_of(&ready.blob).await, (1600, 1067));
}

#[wasm_bindgen_test]
async fn a_small_png_and_a_pdf_go_as_they_are() {
    let small = png(800, 600, "small.png").await;
    let ready = prepare(&small).await.expect("prepared");
    assert_eq!(ready.content_type, "image/png");
    assert_eq!(ready.blob.size(), small.size(), "untouched");

    let pdf = file_of(&JsValue::from_str("%PDF-1.4\n"), "a.pdf", "application/pdf");
    let ready = prepare(&pdf).await.expect("prepared");
    assert_eq!(ready.content_type, "application/pdf");
}

#[wasm_bindgen_test]
async fn other_files_and_broken_images_are_refused_in_words_a_citizen_reads() {
    let doc = file_of(&JsValue::from_str("hello"), "a.docx", "application/msword");
    let refused = prepare(&doc).await.err().expect("refused");
    assert_eq!(refused, Refused::Type);
    assert!(refused.message().contains("PDF"));
    let broken = file_of(&JsValue::from_str("not a picture"), "b.jpg", "image/jpeg");
    assert_eq!(prepare(&broken).await.err(), Some(Refused::Unreadable));
}

#[wasm_bindgen_test]
async fn a_small_jpeg_is_drawn_again_so_its_camera_metadata_stays_behind() {
    // A small camera JPEG with an EXIF block naming a GPS position, spliced in after SOI.
    let jpeg = bytes_of(&drawn(400, 300, "image/jpeg").await.unchecked_into()).await;
    let tiff = b"Exif\0\0MM\0*\0\0\0\x08\0\0GPSLatitude 30.3;GPSLongitude 112.2";
    let len = (tiff.len() + 2) as u16;
    let mut with_exif = vec![0xFF, 0xD8, 0xFF, 0xE1];
    with_exif.extend_from_slice(&len.to_be_bytes());
    with_exif.extend_from_slice(tiff);
    with_exif.extend_from_slice(&jpeg[2..]);
    let part = js_sys::Uint8Array::from(with_exif.as_slice());
    let file = file_of(&part.into(), "camera.jpg", "image/jpeg");

    let ready = prepare(&file).await.expect("prepared");
    assert_eq!(ready.content_type, "image/jpeg");
    let sent = bytes_of(&ready.blob).await;
    let text = String::from_utf8_lossy(&sent);
    assert!(!text.contains("GPS"), "no location leaves the phone");
    assert_eq!(
        size_of(&ready.blob).await,
        (400, 300),
        "small enough: not scaled"
    );
}
