//! Map datums. Browsers and GPS give WGS-84; maps published in mainland China, and the
//! offices' coordinates (`assets/offices`), are GCJ-02, which is WGS-84 shifted by a published
//! (reverse-engineered) formula — 100–700 m in most of the country. A distance between a
//! browser position and an office is only honest once both are GCJ-02.
//!
//! The transform is the widely used public one on the Krasovsky 1940 ellipsoid (as in
//! googollee/eviltransform and wandergis/coordtransform); positions outside mainland China's
//! bounding box are not shifted. Checked against eviltransform's reference points.

use std::f64::consts::PI;

/// Krasovsky 1940: semi-major axis (m) and eccentricity squared.
const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

/// Whether a WGS-84 position is outside the box GCJ-02 shifts.
fn outside_china(lat: f64, lng: f64) -> bool {
    !(72.004..=137.8347).contains(&lng) || !(0.8293..=55.8271).contains(&lat)
}

fn shift_lat(x: f64, y: f64) -> f64 {
    let mut r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    r
}

fn shift_lng(x: f64, y: f64) -> f64 {
    let mut r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * x.abs().sqrt();
    r += (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0;
    r += (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0;
    r += (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    r
}

/// A WGS-84 `(lat, lng)` as GCJ-02.
pub fn wgs84_to_gcj02(lat: f64, lng: f64) -> (f64, f64) {
    if outside_china(lat, lng) {
        return (lat, lng);
    }
    let (x, y) = (lng - 105.0, lat - 35.0);
    let rad = lat / 180.0 * PI;
    let magic = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_magic = magic.sqrt();
    let d_lat = shift_lat(x, y) * 180.0 / ((A * (1.0 - EE)) / (magic * sqrt_magic) * PI);
    let d_lng = shift_lng(x, y) * 180.0 / (A / sqrt_magic * rad.cos() * PI);
    (lat + d_lat, lng + d_lng)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// googollee/eviltransform's reference points (go/transform_test.go): WGS-84 → GCJ-02,
    /// compared to 5 decimals (about 1 m) as that suite does.
    #[test]
    fn published_reference_points_convert_to_within_a_metre() {
        let points = [
            (
                (31.1774276, 121.5272106),
                (31.17530398364597, 121.531541859215),
            ), // Shanghai
            (
                (22.543847, 113.912316),
                (22.540796131694766, 113.9171764808363),
            ), // Shenzhen
            (
                (39.911954, 116.377817),
                (39.91334545536069, 116.38404722455657),
            ), // Beijing
        ];
        for ((lat, lng), (g_lat, g_lng)) in points {
            let (got_lat, got_lng) = wgs84_to_gcj02(lat, lng);
            assert!(
                (got_lat - g_lat).abs() < 1e-5,
                "{lat},{lng}: lat {got_lat} vs {g_lat}"
            );
            assert!(
                (got_lng - g_lng).abs() < 1e-5,
                "{lat},{lng}: lng {got_lng} vs {g_lng}"
            );
        }
    }

    #[test]
    fn positions_outside_china_are_not_shifted() {
        assert_eq!(wgs84_to_gcj02(51.5007, -0.1246), (51.5007, -0.1246)); // London
        assert_eq!(wgs84_to_gcj02(35.6812, 139.7671), (35.6812, 139.7671)); // Tokyo
    }
}
