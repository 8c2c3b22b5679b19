//! The model file: several models, calibrations and notes in one gzip stream.
//!
//! Layout (before gzip): `SCLEARN1`, then the models (name, classes, sorted feature ids as
//! varint deltas, a scale and the weights as i16, the biases as f32), the calibrations (name,
//! points) and key-value notes (how the file was trained). Quantising weights to i16 with one
//! scale per model keeps files small; the loss of precision is below what training varies.

use std::io::{Read, Write};

use crate::{Calibration, Model};

const MAGIC: &[u8] = b"SCLEARN1";

/// Everything a model file holds.
#[derive(Debug, Clone, Default)]
pub struct Bundle {
    pub models: Vec<Model>,
    pub calibrations: Vec<(String, Calibration)>,
    pub notes: Vec<(String, String)>,
}

pub fn write_models(b: &Bundle) -> Vec<u8> {
    let mut o = Vec::new();
    o.extend_from_slice(MAGIC);
    put_u32(&mut o, b.models.len() as u32);
    for m in &b.models {
        put_str(&mut o, &m.name);
        put_u32(&mut o, m.classes.len() as u32);
        for c in &m.classes {
            put_str(&mut o, c);
        }
        put_u32(&mut o, m.keys().len() as u32);
        let mut prev = 0u64;
        for &k in m.keys() {
            put_varint(&mut o, k - prev);
            prev = k;
        }
        let max = m.weights().iter().fold(0f32, |a, w| a.max(w.abs()));
        let scale = if max > 0.0 { max / 32767.0 } else { 1.0 };
        o.extend_from_slice(&scale.to_le_bytes());
        for w in m.weights() {
            o.extend_from_slice(&((w / scale).round() as i16).to_le_bytes());
        }
        for b in m.bias() {
            o.extend_from_slice(&b.to_le_bytes());
        }
    }
    put_u32(&mut o, b.calibrations.len() as u32);
    for (name, c) in &b.calibrations {
        put_str(&mut o, name);
        put_u32(&mut o, c.xs.len() as u32);
        for (x, y) in c.xs.iter().zip(&c.ys) {
            o.extend_from_slice(&x.to_le_bytes());
            o.extend_from_slice(&y.to_le_bytes());
        }
    }
    put_u32(&mut o, b.notes.len() as u32);
    for (k, v) in &b.notes {
        put_str(&mut o, k);
        put_str(&mut o, v);
    }
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&o).expect("writing to memory");
    gz.finish().expect("writing to memory")
}

pub fn read_models(bytes: &[u8]) -> Result<Bundle, String> {
    let mut raw = Vec::new();
    flate2::read::GzDecoder::new(bytes).read_to_end(&mut raw).map_err(|e| format!("not a gzip model file: {e}"))?;
    let mut r = Reader { b: &raw, at: 0 };
    if r.take(MAGIC.len())? != MAGIC {
        return Err("not a Statecraft model file (bad magic)".into());
    }
    let mut bundle = Bundle::default();
    for _ in 0..r.u32()? {
        let name = r.str()?;
        let classes: Vec<String> = (0..r.u32()?).map(|_| r.str()).collect::<Result<_, _>>()?;
        let n = r.u32()? as usize;
        let mut keys = Vec::with_capacity(n);
        let mut prev = 0u64;
        for _ in 0..n {
            prev += r.varint()?;
            keys.push(prev);
        }
        let scale = r.f32()?;
        let k = classes.len();
        let mut weights = Vec::with_capacity(n * k);
        for _ in 0..n * k {
            let v = i16::from_le_bytes(r.take(2)?.try_into().expect("2 bytes"));
            weights.push(f32::from(v) * scale);
        }
        let bias = (0..k).map(|_| r.f32()).collect::<Result<_, _>>()?;
        bundle.models.push(Model::from_parts(name, classes, keys, weights, bias));
    }
    for _ in 0..r.u32()? {
        let name = r.str()?;
        let n = r.u32()? as usize;
        let mut c = Calibration::default();
        for _ in 0..n {
            c.xs.push(r.f32()?);
            c.ys.push(r.f32()?);
        }
        bundle.calibrations.push((name, c));
    }
    for _ in 0..r.u32()? {
        let k = r.str()?;
        let v = r.str()?;
        bundle.notes.push((k, v));
    }
    Ok(bundle)
}

fn put_u32(o: &mut Vec<u8>, v: u32) {
    o.extend_from_slice(&v.to_le_bytes());
}

fn put_str(o: &mut Vec<u8>, s: &str) {
    put_u32(o, s.len() as u32);
    o.extend_from_slice(s.as_bytes());
}

fn put_varint(o: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        o.push((v as u8) | 0x80);
        v >>= 7;
    }
    o.push(v as u8);
}

struct Reader<'a> {
    b: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], String> {
        let end = self.at.checked_add(n).filter(|&e| e <= self.b.len()).ok_or("model file is truncated")?;
        let s = &self.b[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn u32(&mut self) -> Result<u32, String> {
        Ok(u32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn f32(&mut self) -> Result<f32, String> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().expect("4 bytes")))
    }

    fn str(&mut self) -> Result<String, String> {
        let n = self.u32()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "model file holds invalid UTF-8".to_string())
    }

    fn varint(&mut self) -> Result<u64, String> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7f) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err("model file holds a malformed number".into())
    }
}
