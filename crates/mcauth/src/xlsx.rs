//! A workbook (`.xlsx`, Office Open XML) of one sheet, streamed: a header row in bold and frozen,
//! column widths from the first rows, wrapped text where a column holds long or multi-line cells,
//! text cells typed as text (a code stays `060100`, never a number) and count cells as numbers.
//! No formula can be written: every text is an inline string. The package is a ZIP of stored
//! entries, so the writer needs no compression crate; the sheet is written as its rows come, and
//! its entry's header is patched once its size is known, so memory does not grow with the rows.
//!
//! Excel's limits are kept: at most 1,048,576 rows (more is an error) and 32,767 characters a
//! cell (a longer cell is cut there and counted, for the summary to say).

use std::io::{self, Seek, SeekFrom, Write};

/// Rows a sheet may have.
pub const MAX_ROWS: usize = 1_048_576;
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

/// A workbook being written to `out`.
pub struct Workbook<W: Write + Seek> {
    zip: Zip<W>,
    sheet_name: String,
    /// Rows held until the widths are known; `None` once the sheet has started.
    sample: Option<Vec<Vec<Cell>>>,
    /// Per column: is it wrapped?
    wrapped: Vec<bool>,
    rows: usize,
    /// Cells cut to [`MAX_CELL_CHARS`].
    pub cut_cells: usize,
}

impl<W: Write + Seek> Workbook<W> {
    /// A workbook whose one sheet is named `sheet_name`; its first row is the header.
    pub fn new(out: W, sheet_name: &str) -> Workbook<W> {
        Workbook {
            zip: Zip::new(out),
            sheet_name: sheet_name_of(sheet_name),
            sample: Some(Vec::new()),
            wrapped: Vec::new(),
            rows: 0,
            cut_cells: 0,
        }
    }

    /// Adds a row.
    pub fn row(&mut self, cells: Vec<Cell>) -> io::Result<()> {
        if self.rows >= MAX_ROWS {
            return Err(io::Error::other(format!("a sheet holds at most {MAX_ROWS} rows")));
        }
        let cells = cells.into_iter().map(|c| self.cut(c)).collect();
        self.rows += 1;
        match &mut self.sample {
            Some(sample) => {
                sample.push(cells);
                if sample.len() >= SAMPLE_ROWS {
                    self.start()?;
                }
                Ok(())
            }
            None => self.write_row(self.rows, &cells),
        }
    }

    /// Ends the sheet and the package; the writer, flushed.
    pub fn finish(mut self) -> io::Result<W> {
        self.start()?;
        self.zip.write(b"</sheetData></worksheet>")?;
        self.zip.end_entry()?;
        let workbook = format!(
            r#"{XML}<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            xml_text(&self.sheet_name)
        );
        for (name, content) in [
            ("[Content_Types].xml", CONTENT_TYPES.to_string()),
            ("_rels/.rels", ROOT_RELS.to_string()),
            ("xl/workbook.xml", workbook),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_string()),
            ("xl/styles.xml", STYLES.to_string()),
        ] {
            self.zip.start_entry(name)?;
            self.zip.write(content.as_bytes())?;
            self.zip.end_entry()?;
        }
        self.zip.finish()
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
    fn start(&mut self) -> io::Result<()> {
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
        self.zip.start_entry("xl/worksheets/sheet1.xml")?;
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
        self.zip.write(head.as_bytes())?;
        for (i, row) in sample.iter().enumerate() {
            self.write_row(i + 1, row)?;
        }
        Ok(())
    }

    fn write_row(&mut self, number: usize, cells: &[Cell]) -> io::Result<()> {
        let mut out = format!(r#"<row r="{number}">"#);
        for (i, cell) in cells.iter().enumerate() {
            let place = format!("{}{number}", column_name(i));
            let wrapped = self.wrapped.get(i).copied().unwrap_or(false);
            match cell {
                Cell::Text(text) if text.is_empty() => {}
                Cell::Text(text) => {
                    let style = if number == 1 {
                        HEADER
                    } else if wrapped {
                        WRAPPED
                    } else {
                        TEXT
                    };
                    out.push_str(&format!(
                        r#"<c r="{place}" s="{style}" t="inlineStr"><is><t xml:space="preserve">{}</t></is></c>"#,
                        xml_text(text)
                    ));
                }
                Cell::Number(n) => out.push_str(&format!(r#"<c r="{place}"><v>{n}</v></c>"#)),
            }
        }
        out.push_str("</row>");
        self.zip.write(out.as_bytes())
    }
}

/// The styles the cells use, as places in `cellXfs`.
const TEXT: u8 = 1;
const HEADER: u8 = 2;
const WRAPPED: u8 = 3;

const XML: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;
const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Style 0 is the default (numbers); 1 text (`@`), 2 the header (bold text), 3 wrapped text.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// The one escaping routine of the workbook's grammar, shared with every XML output.
pub use catalogue::markup::xml_text;

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`.
fn sheet_name_of(name: &str) -> String {
    let name: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
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

/// A ZIP archive of stored (uncompressed) entries, written in order; an entry's size and CRC
/// are patched into its local header when it ends.
struct Zip<W: Write + Seek> {
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

impl<W: Write + Seek> Zip<W> {
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
        self.out.flush()?;
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
    fn text_is_escaped_and_what_xml_cannot_hold_is_replaced() {
        assert_eq!(xml_text("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&apos;");
        assert_eq!(xml_text("x\u{1}y\u{FFFF}\tz\n"), "x\u{FFFD}y\u{FFFD}\tz\n");
        assert_eq!(sheet_name_of("a/b[c]:d*e?f\\g"), "abcdefg");
        assert_eq!(sheet_name_of("?"), "Sheet1");
    }

    #[test]
    fn a_long_cell_is_cut_to_the_limit_and_counted() {
        let mut book = Workbook::new(io::Cursor::new(Vec::new()), "s");
        book.row(vec![Cell::Text("h".into())]).unwrap();
        book.row(vec![Cell::Text("ア".repeat(MAX_CELL_CHARS + 5))]).unwrap();
        assert_eq!(book.cut_cells, 1);
        let bytes = book.finish().unwrap().into_inner();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        assert_eq!(&bytes[bytes.len() - 22..bytes.len() - 18], b"PK\x05\x06");
    }
}
