//! Workbooks (`.xlsx`, Office Open XML) of text and count cells: a header row in bold and
//! frozen on each sheet, column widths from the first rows, wrapped text where a column holds
//! long or multi-line cells, text cells typed as text (a code stays `060100`, never a number)
//! and count cells as numbers. No formula can be written: every text is an inline string. The
//! package is a ZIP of stored entries with a fixed date, so a workbook is a function of its rows
//! alone, byte for byte, and the writer needs no compression crate.
//!
//! Two ways to write one, neither holding the rows: [`Workbook`] streams rows into a seekable
//! file as they come (an entry's header is patched once its size is known), for a tool reading
//! a history; [`write_measured`] asks the rows twice, once to measure each sheet and once to
//! write it, into any writer, for a generator whose output goes through a sink.
//!
//! Text is escaped as ECMA-376 asks, by [`cell_text`], the one routine of this grammar: a text
//! shaped like the format's own escape (`_x001B_`) keeps its underscore as `_x005F_`, and what
//! XML cannot hold or would change (control characters, a carriage return, which XML reads as a
//! line feed) is written as `_xHHHH_`, so a spreadsheet reads back exactly the text given.
//!
//! Excel's limits are kept: at most 1,048,576 rows and 16,384 columns a sheet (more is an
//! error) and 32,767 characters a cell (a longer cell is cut there and counted, for the
//! summary to say).

use std::io::{self, Seek, SeekFrom, Write};

/// Rows a sheet may have.
pub const MAX_ROWS: usize = 1_048_576;
/// Columns a sheet may have.
pub const MAX_COLUMNS: usize = 16_384;
/// Characters a cell may hold.
pub const MAX_CELL_CHARS: usize = 32_767;
/// Rows read before the column widths are decided and the sheet starts.
const SAMPLE_ROWS: usize = 100;
/// Column widths, in characters of the default font.
const MIN_WIDTH: usize = 6;
const MAX_WIDTH: usize = 60;

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(u64),
}

/// One sheet's XML as its rows come: the first rows are held until the column widths are
/// known, then every row is written as it comes.
struct SheetWriter {
    /// Rows held until the widths are known; `None` once the sheet has started.
    sample: Option<Vec<Vec<Cell>>>,
    /// Per column: is it wrapped?
    wrapped: Vec<bool>,
    rows: usize,
    cut_cells: usize,
}

impl SheetWriter {
    fn new() -> SheetWriter {
        SheetWriter { sample: Some(Vec::new()), wrapped: Vec::new(), rows: 0, cut_cells: 0 }
    }

    fn row(&mut self, cells: Vec<Cell>, out: &mut dyn Write) -> io::Result<()> {
        if self.rows >= MAX_ROWS {
            return Err(io::Error::other(format!("a sheet holds at most {MAX_ROWS} rows")));
        }
        if cells.len() > MAX_COLUMNS {
            return Err(io::Error::other(format!(
                "a row of {} cells: a sheet holds at most {MAX_COLUMNS} columns",
                cells.len()
            )));
        }
        let cells: Vec<Cell> = cells.into_iter().map(|c| self.cut(c)).collect();
        self.rows += 1;
        match &mut self.sample {
            Some(sample) => {
                sample.push(cells);
                if sample.len() >= SAMPLE_ROWS {
                    self.start(out)?;
                }
                Ok(())
            }
            None => write_row(out, self.rows, &cells, &self.wrapped),
        }
    }

    /// Ends the sheet's XML.
    fn end(&mut self, out: &mut dyn Write) -> io::Result<()> {
        self.start(out)?;
        out.write_all(b"</sheetData></worksheet>")
    }

    /// A cell within Excel's limit.
    fn cut(&mut self, cell: Cell) -> Cell {
        match cell {
            Cell::Text(text) if text.chars().count() > MAX_CELL_CHARS => {
                self.cut_cells += 1;
                Cell::Text(text.chars().take(MAX_CELL_CHARS).collect())
            }
            cell => cell,
        }
    }

    /// Decides the widths from the rows held, and writes the sheet's start and those rows.
    fn start(&mut self, out: &mut dyn Write) -> io::Result<()> {
        let Some(sample) = self.sample.take() else { return Ok(()) };
        let columns = sample.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![MIN_WIDTH; columns];
        self.wrapped = vec![false; columns];
        for row in &sample {
            for (i, cell) in row.iter().enumerate() {
                let (width, multiline) = match cell {
                    Cell::Text(t) => (t.lines().map(display_width).max().unwrap_or(0), t.contains('\n')),
                    Cell::Number(n) => (n.to_string().len(), false),
                };
                widths[i] = widths[i].max(width + 2);
                if multiline || width > MAX_WIDTH {
                    self.wrapped[i] = true;
                }
            }
        }
        let mut head = format!(
            r#"{XML}<worksheet xmlns="{MAIN}"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#
        );
        if columns > 0 {
            head.push_str("<cols>");
            for (i, width) in widths.iter().enumerate() {
                let width = (*width).min(MAX_WIDTH);
                head.push_str(&format!(r#"<col min="{n}" max="{n}" width="{width}" customWidth="1"/>"#, n = i + 1));
            }
            head.push_str("</cols>");
        }
        head.push_str("<sheetData>");
        out.write_all(head.as_bytes())?;
        for (i, row) in sample.iter().enumerate() {
            write_row(out, i + 1, row, &self.wrapped)?;
        }
        Ok(())
    }
}

fn write_row(out: &mut dyn Write, number: usize, cells: &[Cell], wrapped: &[bool]) -> io::Result<()> {
    let mut xml = format!(r#"<row r="{number}">"#);
    for (i, cell) in cells.iter().enumerate() {
        let place = format!("{}{number}", column_name(i));
        match cell {
            Cell::Text(text) if text.is_empty() => {}
            Cell::Text(text) => {
                let style = if number == 1 {
                    HEADER
                } else if wrapped.get(i).copied().unwrap_or(false) {
                    WRAPPED
                } else {
                    TEXT
                };
                xml.push_str(&format!(
                    r#"<c r="{place}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                    cell_text(text)
                ));
            }
            Cell::Number(n) => xml.push_str(&format!(r#"<c r="{place}"><v>{n}</v></c>"#)),
        }
    }
    xml.push_str("</row>");
    out.write_all(xml.as_bytes())
}

/// The sheets' names, made what Excel accepts and distinct.
fn sheet_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in names {
        let base = sheet_name_of(name);
        let mut candidate = base.clone();
        let mut n = 2;
        while out.iter().any(|taken| taken.eq_ignore_ascii_case(&candidate)) {
            let suffix = format!(" ({n})");
            candidate = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>());
            n += 1;
        }
        out.push(candidate);
    }
    out
}

/// The package's parts besides the sheets, for these sheet names.
fn package_parts(names: &[String]) -> Vec<(&'static str, String)> {
    let mut sheets = String::new();
    let mut rels = String::new();
    let mut types = String::new();
    for (i, name) in names.iter().enumerate() {
        let n = i + 1;
        sheets.push_str(&format!(r#"<sheet name="{}" sheetId="{n}" r:id="rId{n}"/>"#, cell_text(name)));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        types.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
    }
    let styles_id = names.len() + 1;
    vec![
        (
            "[Content_Types].xml",
            format!(
                r#"{XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{types}<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            ),
        ),
        ("_rels/.rels", ROOT_RELS.to_string()),
        (
            "xl/workbook.xml",
            format!(r#"{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>{sheets}</sheets></workbook>"#),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"{XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}<Relationship Id="rId{styles_id}" Type="{REL}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        ("xl/styles.xml", STYLES.to_string()),
    ]
}

/// A workbook being written to a seekable `out` (a file), its rows streamed in as they come.
pub struct Workbook<W: Write + Seek> {
    zip: Zip<W>,
    names: Vec<String>,
    sheet: SheetWriter,
    /// Cells cut to [`MAX_CELL_CHARS`] in the sheets ended.
    cut_cells: usize,
}

impl<W: Write + Seek> Workbook<W> {
    /// A workbook whose first sheet is named `sheet_name`; each sheet's first row is its header.
    pub fn new(out: W, sheet_name: &str) -> Workbook<W> {
        let mut book = Workbook { zip: Zip::new(out), names: Vec::new(), sheet: SheetWriter::new(), cut_cells: 0 };
        book.names.push(sheet_names([sheet_name]).remove(0));
        book
    }

    /// Adds a row to the current sheet.
    pub fn row(&mut self, cells: Vec<Cell>) -> io::Result<()> {
        self.ensure_entry()?;
        let mut entry = EntryWriter(&mut self.zip);
        self.sheet.row(cells, &mut entry)
    }

    /// Cells cut to [`MAX_CELL_CHARS`] so far, in every sheet.
    pub fn cut_cells(&self) -> usize {
        self.cut_cells + self.sheet.cut_cells
    }

    /// Ends the current sheet and starts another, named `name`.
    pub fn add_sheet(&mut self, name: &str) -> io::Result<()> {
        self.end_sheet()?;
        let mut taken: Vec<&str> = self.names.iter().map(String::as_str).collect();
        taken.push(name);
        let name = sheet_names(taken).pop().unwrap_or_default();
        self.names.push(name);
        self.sheet = SheetWriter::new();
        Ok(())
    }

    /// Ends the last sheet and the package; the writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.end_sheet()?;
        for (name, content) in package_parts(&self.names) {
            self.zip.start_entry(name)?;
            self.zip.write(content.as_bytes())?;
            self.zip.end_entry()?;
        }
        self.zip.finish()
    }

    /// The current sheet's entry, started once.
    fn ensure_entry(&mut self) -> io::Result<()> {
        if self.zip.current.is_none() {
            self.zip.start_entry(&format!("xl/worksheets/sheet{}.xml", self.names.len()))?;
        }
        Ok(())
    }

    fn end_sheet(&mut self) -> io::Result<()> {
        self.ensure_entry()?;
        let mut entry = EntryWriter(&mut self.zip);
        self.sheet.end(&mut entry)?;
        self.cut_cells += std::mem::take(&mut self.sheet.cut_cells);
        self.zip.end_entry()
    }
}

/// The open entry of a [`Zip`], as a writer.
struct EntryWriter<'a, W: Write + Seek>(&'a mut Zip<W>);

impl<W: Write + Seek> Write for EntryWriter<'_, W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The rows of one sheet, given to `row` in order; asked twice by [`write_measured`], which
/// expects the same rows both times.
pub type Rows<'a> = &'a dyn Fn(&mut dyn FnMut(Vec<Cell>) -> io::Result<()>) -> io::Result<()>;

/// A workbook of these sheets (name, rows) written to `out`, which need not seek: each sheet's
/// rows are asked twice, to measure the sheet's entry and then to write it, so no sheet is held.
/// Returns the writer and the cells cut to [`MAX_CELL_CHARS`].
pub fn write_measured<W: Write>(out: W, sheets: &[(&str, Rows<'_>)]) -> io::Result<(W, usize)> {
    let names = sheet_names(sheets.iter().map(|(name, _)| *name));
    let mut zip = Zip::new(Counted { out, at: 0 });
    let mut cut = 0;
    for (n, (_, rows)) in sheets.iter().enumerate() {
        let sheet = |out: &mut dyn Write| -> io::Result<usize> {
            let mut writer = SheetWriter::new();
            rows(&mut |cells| writer.row(cells, out))?;
            writer.end(out)?;
            Ok(writer.cut_cells)
        };
        let mut measure = Measure { crc: Crc32::new(), size: 0 };
        cut += sheet(&mut measure)?;
        zip.known_entry(&format!("xl/worksheets/sheet{}.xml", n + 1), measure.crc.value(), measure.size)?;
        let mut written = Measure { crc: Crc32::new(), size: 0 };
        sheet(&mut Both(&mut written, &mut zip.out))?;
        if written.size != measure.size || written.crc.value() != measure.crc.value() {
            return Err(io::Error::other("a sheet's rows differed between the two times they were asked"));
        }
        zip.at = zip.out.at;
    }
    for (name, content) in package_parts(&names) {
        let mut measure = Measure { crc: Crc32::new(), size: 0 };
        measure.write_all(content.as_bytes())?;
        zip.known_entry(name, measure.crc.value(), measure.size)?;
        zip.put(content.as_bytes())?;
    }
    let counted = zip.finish_unseekable()?;
    Ok((counted.out, cut))
}

/// A writer that counts what passes through it.
struct Counted<W: Write> {
    out: W,
    at: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.out.write(buf)?;
        self.at += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// The CRC and size of what is written, nothing kept.
struct Measure {
    crc: Crc32,
    size: u64,
}

impl Write for Measure {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.crc.update(buf);
        self.size += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Writes to both.
struct Both<'a, A: Write, B: Write>(&'a mut A, &'a mut B);

impl<A: Write, B: Write> Write for Both<'_, A, B> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write_all(buf)?;
        self.1.write_all(buf)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.1.flush()
    }
}

/// A cell's text as the workbook's XML writes it (ECMA-376 Part 1, 22.9.2.19 ST_Xstring): XML's
/// five special characters as references; `_` written `_x005F_` where it would start an
/// escape (`_x0041_`); C0 control characters (a carriage return among them, which an XML reader
/// would turn into a line feed) and U+FFFE/U+FFFF as `_xHHHH_`. A spreadsheet reads back exactly
/// `text` (a test has LibreOffice read every such cell).
pub fn cell_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let bytes = text.as_bytes();
    for (at, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '_' if is_escape_shaped(&bytes[at..]) => out.push_str("_x005F_"),
            '\t' | '\n' => out.push(c),
            // What XML 1.0 cannot hold (C0 controls, U+FFFE, U+FFFF), and CR, which a reader
            // would turn into a line feed. DEL and C1 are XML's own characters: written as they
            // are, since LibreOffice reads their escapes back as the escape's text.
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// Does this start `_xHHHH_`, the format's escape of a character?
fn is_escape_shaped(rest: &[u8]) -> bool {
    rest.len() >= 7
        && rest[0] == b'_'
        && (rest[1] == b'x' || rest[1] == b'X')
        && rest[2..6].iter().all(u8::is_ascii_hexdigit)
        && rest[6] == b'_'
}

/// The styles the cells use, as places in `cellXfs`.
const TEXT: u8 = 1;
const HEADER: u8 = 2;
const WRAPPED: u8 = 3;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

/// Style 0 is the default (numbers); 1 text (`@`), 2 the header (bold text), 3 wrapped text.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, and no control
/// character (an XML attribute would read a tab or a line break back as a space).
fn sheet_name_of(name: &str) -> String {
    let name: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c) && !c.is_control()).take(31).collect();
    if name.trim().is_empty() { "Sheet1".to_string() } else { name }
}

/// `A`, `B`, … `Z`, `AA` for column 0, 1, … 25, 26.
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Columns a text takes: two for a wide (East Asian) character, one otherwise.
fn display_width(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
}

fn is_wide(c: char) -> bool {
    matches!(c as u32, 0x1100..=0x115F | 0x2E80..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6)
}

/// A ZIP archive of stored (uncompressed) entries, written in order. An entry's size and CRC are
/// known before it is written ([`Zip::known_entry`]), or patched into its local header when it
/// ends, on a writer that seeks ([`Zip::start_entry`]).
struct Zip<W: Write> {
    out: W,
    /// Where the archive is: the writer's position, counted.
    at: u64,
    entries: Vec<Entry>,
    current: Option<Entry>,
}

struct Entry {
    name: String,
    offset: u32,
    crc: Crc32,
    size: u64,
}

/// A fixed time (1980-01-01 00:00, the format's first), so that a workbook is a function of its
/// rows alone.
const DOS_TIME: u16 = 0;
const DOS_DATE: u16 = (1 << 5) | 1;

impl<W: Write> Zip<W> {
    fn new(out: W) -> Zip<W> {
        Zip { out, at: 0, entries: Vec::new(), current: None }
    }

    fn too_big() -> io::Error {
        io::Error::other("a workbook of more than 4 GiB cannot be written")
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    /// Starts an entry whose CRC and size are known; its bytes follow through `out`.
    fn known_entry(&mut self, name: &str, crc: u32, size: u64) -> io::Result<()> {
        let offset = u32::try_from(self.at).map_err(|_| Self::too_big())?;
        let size32 = u32::try_from(size).map_err(|_| Self::too_big())?;
        self.put(&local_header(name, crc, size32))?;
        self.entries.push(Entry { name: name.to_string(), offset, crc: Crc32::finished(crc), size });
        Ok(())
    }

    /// Writes the central directory and its end after the entries.
    fn directory(&mut self) -> io::Result<()> {
        let start = u32::try_from(self.at).map_err(|_| Self::too_big())?;
        let mut directory = Vec::new();
        for entry in &self.entries {
            let size = entry.size as u32;
            directory.extend_from_slice(&0x0201_4b50u32.to_le_bytes());
            directory.extend_from_slice(&20u16.to_le_bytes()); // made by
            directory.extend_from_slice(&20u16.to_le_bytes()); // needed
            directory.extend_from_slice(&0x0800u16.to_le_bytes()); // UTF-8 names
            directory.extend_from_slice(&0u16.to_le_bytes()); // stored
            directory.extend_from_slice(&DOS_TIME.to_le_bytes());
            directory.extend_from_slice(&DOS_DATE.to_le_bytes());
            directory.extend_from_slice(&entry.crc.value().to_le_bytes());
            directory.extend_from_slice(&size.to_le_bytes());
            directory.extend_from_slice(&size.to_le_bytes());
            directory.extend_from_slice(&(entry.name.len() as u16).to_le_bytes());
            directory.extend_from_slice(&[0; 12]); // extra, comment, disk, attributes
            directory.extend_from_slice(&entry.offset.to_le_bytes());
            directory.extend_from_slice(entry.name.as_bytes());
        }
        let count = self.entries.len() as u16;
        let mut end = Vec::with_capacity(22);
        end.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
        end.extend_from_slice(&[0; 4]); // this disk, the directory's disk
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&count.to_le_bytes());
        end.extend_from_slice(&(directory.len() as u32).to_le_bytes());
        end.extend_from_slice(&start.to_le_bytes());
        end.extend_from_slice(&0u16.to_le_bytes()); // comment
        self.put(&directory)?;
        self.put(&end)?;
        self.out.flush()
    }

    fn finish_unseekable(mut self) -> io::Result<W> {
        self.directory()?;
        Ok(self.out)
    }
}

impl<W: Write + Seek> Zip<W> {
    fn start_entry(&mut self, name: &str) -> io::Result<()> {
        let offset = u32::try_from(self.at).map_err(|_| Self::too_big())?;
        let header = local_header(name, 0, 0);
        self.put(&header)?;
        self.current = Some(Entry { name: name.to_string(), offset, crc: Crc32::new(), size: 0 });
        Ok(())
    }

    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let entry = self.current.as_mut().ok_or_else(|| io::Error::other("no entry is open"))?;
        entry.crc.update(bytes);
        entry.size += bytes.len() as u64;
        if entry.size > u64::from(u32::MAX) {
            return Err(Self::too_big());
        }
        self.put(bytes)
    }

    fn end_entry(&mut self) -> io::Result<()> {
        let Some(entry) = self.current.take() else { return Ok(()) };
        // The CRC and both sizes, at offset 14 of the local header.
        let mut fields = Vec::with_capacity(12);
        fields.extend_from_slice(&entry.crc.value().to_le_bytes());
        fields.extend_from_slice(&(entry.size as u32).to_le_bytes());
        fields.extend_from_slice(&(entry.size as u32).to_le_bytes());
        self.out.seek(SeekFrom::Start(u64::from(entry.offset) + 14))?;
        self.out.write_all(&fields)?;
        self.out.seek(SeekFrom::Start(self.at))?;
        self.entries.push(entry);
        Ok(())
    }

    fn finish(mut self) -> io::Result<W> {
        self.directory()?;
        Ok(self.out)
    }
}

fn local_header(name: &str, crc: u32, size: u32) -> Vec<u8> {
    let mut header = Vec::with_capacity(30 + name.len());
    header.extend_from_slice(&0x0403_4b50u32.to_le_bytes());
    header.extend_from_slice(&20u16.to_le_bytes());
    header.extend_from_slice(&0x0800u16.to_le_bytes());
    header.extend_from_slice(&0u16.to_le_bytes());
    header.extend_from_slice(&DOS_TIME.to_le_bytes());
    header.extend_from_slice(&DOS_DATE.to_le_bytes());
    header.extend_from_slice(&crc.to_le_bytes());
    header.extend_from_slice(&size.to_le_bytes());
    header.extend_from_slice(&size.to_le_bytes());
    header.extend_from_slice(&(name.len() as u16).to_le_bytes());
    header.extend_from_slice(&0u16.to_le_bytes());
    header.extend_from_slice(name.as_bytes());
    header
}

/// CRC-32 (IEEE 802.3, as ZIP uses it), a byte at a time from a table.
struct Crc32(u32);

impl Crc32 {
    fn new() -> Crc32 {
        Crc32(!0)
    }

    /// A CRC already computed.
    fn finished(value: u32) -> Crc32 {
        Crc32(!value)
    }

    fn update(&mut self, bytes: &[u8]) {
        let table = crc_table();
        for &b in bytes {
            self.0 = table[((self.0 ^ u32::from(b)) & 0xFF) as usize] ^ (self.0 >> 8);
        }
    }

    fn value(&self) -> u32 {
        !self.0
    }
}

fn crc_table() -> &'static [u32; 256] {
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = [0u32; 256];
        for (n, slot) in table.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
            *slot = c;
        }
        table
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_crc_is_zip_s() {
        let mut crc = Crc32::new();
        crc.update(b"123456789");
        assert_eq!(crc.value(), 0xCBF4_3926);
    }

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        let names: Vec<String> = [0, 1, 25, 26, 27, 51, 52, 701, 702].into_iter().map(column_name).collect();
        assert_eq!(names, ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"]);
    }

    #[test]
    fn text_is_escaped_as_the_format_says_and_reads_back_as_it_was() {
        assert_eq!(cell_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        // Text shaped like the format's escape keeps its underscore escaped.
        assert_eq!(
            cell_text("_x001B_ and _X0041_ but _x12_ and _xZZZZ_"),
            "_x005F_x001B_ and _x005F_X0041_ but _x12_ and _xZZZZ_"
        );
        // What XML cannot hold or would change is written as the format's escape.
        assert_eq!(cell_text("a\u{1b}b\rc\td\ne\u{FFFF}\u{85}\u{7f}"), "a_x001B_b_x000D_c\td\ne_xFFFF_\u{85}\u{7f}");
        assert_eq!(sheet_name_of("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name_of("?"), "Sheet1");
        assert_eq!(sheet_names(["x", "X", "x"]), ["x", "X (2)", "x (3)"]);
    }

    #[test]
    fn a_sheet_wider_than_excel_allows_is_an_error() {
        let mut book = Workbook::new(io::Cursor::new(Vec::new()), "s");
        let error = book.row(vec![Cell::Number(1); MAX_COLUMNS + 1]).unwrap_err();
        assert!(error.to_string().contains("16384"), "{error}");
        assert!(book.row(vec![Cell::Number(1); MAX_COLUMNS]).is_ok());
    }

    #[test]
    fn both_writers_make_the_same_bytes_and_every_sheet_is_listed() {
        let rows = |sheet: usize| -> Vec<Vec<Cell>> {
            (0..250).map(|n| vec![Cell::Text(format!("row {n} of {sheet}")), Cell::Number(n as u64)]).collect()
        };
        let mut book = Workbook::new(io::Cursor::new(Vec::new()), "first");
        for row in rows(1) {
            book.row(row).unwrap();
        }
        book.add_sheet("second").unwrap();
        for row in rows(2) {
            book.row(row).unwrap();
        }
        let streamed = book.finish().unwrap().into_inner();
        let first = |row: &mut dyn FnMut(Vec<Cell>) -> io::Result<()>| rows(1).into_iter().try_for_each(&mut *row);
        let second = |row: &mut dyn FnMut(Vec<Cell>) -> io::Result<()>| rows(2).into_iter().try_for_each(&mut *row);
        let (measured, cut) = write_measured(Vec::new(), &[("first", &first), ("second", &second)]).unwrap();
        assert_eq!(cut, 0);
        assert_eq!(streamed, measured);
        let text = String::from_utf8_lossy(&measured);
        assert!(text.contains(
            r#"<sheet name="first" sheetId="1" r:id="rId1"/><sheet name="second" sheetId="2" r:id="rId2"/>"#
        ));
        assert!(text.contains("xl/worksheets/sheet2.xml") && text.contains("row 249 of 2"));
        // Rows that change between the two passes are refused, not written wrong.
        let calls = std::cell::Cell::new(0);
        let unstable = |row: &mut dyn FnMut(Vec<Cell>) -> io::Result<()>| {
            calls.set(calls.get() + 1);
            row(vec![Cell::Number(calls.get())])
        };
        assert!(write_measured(Vec::new(), &[("s", &unstable)]).is_err());
    }

    #[test]
    fn a_long_cell_is_cut_to_the_limit_and_counted() {
        let mut book = Workbook::new(io::Cursor::new(Vec::new()), "s");
        book.row(vec![Cell::Text("h".into())]).unwrap();
        book.row(vec![Cell::Text("ア".repeat(MAX_CELL_CHARS + 5))]).unwrap();
        assert_eq!(book.cut_cells(), 1);
        let bytes = book.finish().unwrap().into_inner();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[bytes.len() - 22..bytes.len() - 18], b"PK\x05\x06");
    }
}
