// Customer text is hostile: every byte of it that reaches a report goes through one of these.
// HTML gets entities (and no control characters); CSV and spreadsheet cells get a value no
// spreadsheet reads as a formula.
//
// In every form, control characters (C0 but tab and newline, DEL, C1 U+0080..U+009F: escape
// sequences for a terminal that shows the file) and invalid UTF-8 become U+FFFD. Bidi controls
// (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) become a visible marker such as
// "[U+202E]": left in, an override in a customer's name or message would reorder the report text
// around it ("Trojan Source"); shown, the reader sees that the text held one. Wrapping the text in
// <bdi> instead would still let it reorder itself and does not exist in spreadsheets and CSV.
#pragma once

#include <string>
#include <string_view>

namespace fiducia {

// `text` as HTML text or attribute value: & < > " ' as entities, controls and invalid UTF-8 as
// above, so that nothing of it can open a tag or an attribute nor reorder the page.
void AppendHtmlEscaped(std::string& out, std::string_view text);
std::string HtmlEscaped(std::string_view text);

// `text` with controls and invalid UTF-8 as above: what an XML document (a spreadsheet) may hold.
std::string PrintableUtf8(std::string_view text);

// A spreadsheet cell's text that cannot be a formula: a value starting with = + - @, tab or
// carriage return gets a leading apostrophe (OWASP's advice for CSV injection).
std::string FormulaSafe(std::string_view text);

// One CSV field (RFC 4180): controls and invalid UTF-8 as above (carriage return kept: it is part
// of a line break), FormulaSafe, then quoted when it holds a comma, quote or line break.
void AppendCsvField(std::string& out, std::string_view text);

}  // namespace fiducia
