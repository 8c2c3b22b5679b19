//! Little binary encoding for model files: fixed-width little-endian numbers, varints,
//! length-prefixed strings, and gzip compression of the whole payload.

use std::io::{Read, Write};

/// Appends values to a byte buffer.
#[derive(Default)]
pub struct Out(pub Vec<u8>);

impl Out {
    pub fn u8(&mut self, v: u8) {
        self.0.push(v);
    }
    pub fn u16(&mut self, v: u16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn i16(&mut self, v: i16) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn u64(&mut self, v: u64) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn f32(&mut self, v: f32) {
        self.0.extend_from_slice(&v.to_le_bytes());
    }
    pub fn var(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.0.push((v as u8) | 0x80);
            v >>= 7;
        }
        self.0.push(v as u8);
    }
    pub fn str(&mut self, s: &str) {
        self.var(s.len() as u64);
        self.0.extend_from_slice(s.as_bytes());
    }
    /// The buffer, gzip-compressed (deterministic: no timestamp or file name in the header).
    pub fn gzip(&self) -> Vec<u8> {
        let mut e = flate2::GzBuilder::new().mtime(0).write(Vec::new(), flate2::Compression::best());
        e.write_all(&self.0).expect("in-memory write");
        e.finish().expect("in-memory write")
    }
}

/// Reads values back from a byte slice; every read reports truncation as an error.
pub struct In<'a> {
    b: &'a [u8],
    pos: usize,
}

pub type Res<T> = Result<T, String>;

impl<'a> In<'a> {
    pub fn new(b: &'a [u8]) -> In<'a> {
        In { b, pos: 0 }
    }
    fn take(&mut self, n: usize) -> Res<&'a [u8]> {
        if self.pos + n > self.b.len() {
            return Err("model file is truncated".into());
        }
        let s = &self.b[self.pos..self.pos + n];
        self.pos += n;
        Ok(s)
    }
    pub fn u8(&mut self) -> Res<u8> {
        Ok(self.take(1)?[0])
    }
    pub fn u16(&mut self) -> Res<u16> {
        Ok(u16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    pub fn i16(&mut self) -> Res<i16> {
        Ok(i16::from_le_bytes(self.take(2)?.try_into().unwrap()))
    }
    pub fn u64(&mut self) -> Res<u64> {
        Ok(u64::from_le_bytes(self.take(8)?.try_into().unwrap()))
    }
    pub fn f32(&mut self) -> Res<f32> {
        Ok(f32::from_le_bytes(self.take(4)?.try_into().unwrap()))
    }
    pub fn var(&mut self) -> Res<u64> {
        let mut v = 0u64;
        let mut shift = 0;
        loop {
            let b = self.u8()?;
            v |= ((b & 0x7f) as u64) << shift;
            if b < 0x80 {
                return Ok(v);
            }
            shift += 7;
            if shift > 63 {
                return Err("bad varint in model file".into());
            }
        }
    }
    pub fn str(&mut self) -> Res<String> {
        let n = self.var()? as usize;
        String::from_utf8(self.take(n)?.to_vec()).map_err(|_| "bad string in model file".to_string())
    }
    /// Expect the 8-byte magic `m`.
    pub fn magic(&mut self, m: &[u8; 8]) -> Res<()> {
        if self.take(8)? != m {
            return Err(format!("not a {} model file", String::from_utf8_lossy(m).trim()));
        }
        Ok(())
    }
}

/// Decompress a gzip payload, or return the bytes unchanged if they are not gzip.
pub fn gunzip(bytes: &[u8]) -> Res<Vec<u8>> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(bytes.len() * 3);
        flate2::read::GzDecoder::new(bytes).read_to_end(&mut out).map_err(|e| format!("model file: {e}"))?;
        Ok(out)
    } else {
        Ok(bytes.to_vec())
    }
}
