//! The bytes between a build and its typesetting child process: takes a typesetting request (the
//! template, the view model JSON, the assets, the fonts, the date) or its answer (a PDF or an
//! error) and gives a length-prefixed byte stream, and back. Both ends are the same yjplan
//! binary, so the format needs no versioning; it only has to be unambiguous and bounded.

use std::io::{self, Read, Write};

/// What the child needs to typeset one plan: nothing is read from the plan folder by the child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    /// The Typst template's text.
    pub template: String,
    /// The view model as JSON (`/data.json`).
    pub json: String,
    /// Charts, images and logos, by their path in the Typst world (without the leading '/').
    pub assets: Vec<(String, Vec<u8>)>,
    /// The theme's font files.
    pub fonts: Vec<Vec<u8>>,
    /// The document date: year, month, day, hour, minute, second.
    pub date: [i64; 6],
    /// The PDF's identifier.
    pub ident: String,
}

/// The child's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The PDF's bytes and its number of pages.
    Pdf(Vec<u8>, usize),
    /// Typst's error, as the in-process renderer words it.
    Failed(String),
}

fn put(out: &mut impl Write, bytes: &[u8]) -> io::Result<()> {
    out.write_all(&(bytes.len() as u64).to_le_bytes())?;
    out.write_all(bytes)
}

fn put_number(out: &mut impl Write, n: u64) -> io::Result<()> {
    out.write_all(&n.to_le_bytes())
}

fn number(input: &mut impl Read) -> io::Result<u64> {
    let mut buf = [0u8; 8];
    input.read_exact(&mut buf)?;
    Ok(u64::from_le_bytes(buf))
}

fn take(input: &mut impl Read) -> io::Result<Vec<u8>> {
    let len = number(input)?;
    let mut bytes = Vec::new();
    input.take(len).read_to_end(&mut bytes)?;
    if bytes.len() as u64 != len {
        return Err(io::ErrorKind::UnexpectedEof.into());
    }
    Ok(bytes)
}

fn text(input: &mut impl Read) -> io::Result<String> {
    String::from_utf8(take(input)?).map_err(io::Error::other)
}

impl Request {
    /// Writes the request.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        put(out, self.template.as_bytes())?;
        put(out, self.json.as_bytes())?;
        put_number(out, self.assets.len() as u64)?;
        for (path, bytes) in &self.assets {
            put(out, path.as_bytes())?;
            put(out, bytes)?;
        }
        put_number(out, self.fonts.len() as u64)?;
        for font in &self.fonts {
            put(out, font)?;
        }
        for part in self.date {
            put_number(out, part as u64)?;
        }
        put(out, self.ident.as_bytes())?;
        out.flush()
    }

    /// Reads a request written by [`Request::write`].
    pub fn read(input: &mut impl Read) -> io::Result<Self> {
        let template = text(input)?;
        let json = text(input)?;
        let assets = (0..number(input)?)
            .map(|_| Ok((text(input)?, take(input)?)))
            .collect::<io::Result<_>>()?;
        let fonts = (0..number(input)?)
            .map(|_| take(input))
            .collect::<io::Result<_>>()?;
        let mut date = [0i64; 6];
        for part in &mut date {
            *part = number(input)? as i64;
        }
        let ident = text(input)?;
        Ok(Request {
            template,
            json,
            assets,
            fonts,
            date,
            ident,
        })
    }
}

impl Answer {
    /// Writes the answer.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        match self {
            Answer::Pdf(bytes, pages) => {
                put_number(out, 0)?;
                put_number(out, *pages as u64)?;
                put(out, bytes)?;
            }
            Answer::Failed(message) => {
                put_number(out, 1)?;
                put(out, message.as_bytes())?;
            }
        }
        out.flush()
    }

    /// Reads an answer written by [`Answer::write`].
    pub fn read(input: &mut impl Read) -> io::Result<Self> {
        match number(input)? {
            0 => {
                let pages = number(input)? as usize;
                Ok(Answer::Pdf(take(input)?, pages))
            }
            1 => Ok(Answer::Failed(text(input)?)),
            _ => Err(io::ErrorKind::InvalidData.into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_and_answers_round_trip() {
        let request = Request {
            template: "#let x = 1".into(),
            json: "{}".into(),
            assets: vec![("charts/a.svg".into(), b"<svg/>".to_vec())],
            fonts: vec![vec![0, 1, 2], vec![]],
            date: [2024, 6, 21, 0, 0, 0],
            ident: "abc".into(),
        };
        let mut bytes = Vec::new();
        request.write(&mut bytes).unwrap();
        assert_eq!(Request::read(&mut bytes.as_slice()).unwrap(), request);
        for answer in [
            Answer::Pdf(b"%PDF".to_vec(), 3),
            Answer::Failed("no".into()),
        ] {
            let mut bytes = Vec::new();
            answer.write(&mut bytes).unwrap();
            assert_eq!(Answer::read(&mut bytes.as_slice()).unwrap(), answer);
        }
    }

    #[test]
    fn a_truncated_stream_is_an_error_not_a_huge_allocation() {
        let mut bytes = Vec::new();
        put_number(&mut bytes, u64::MAX).unwrap();
        assert!(take(&mut bytes.as_slice()).is_err());
    }
}
