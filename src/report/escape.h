// Customer text is hostile: every byte of it that reaches a report goes through one of these.
// HTML gets entities (and no control characters); CSV and spreadsheet cells get a value no
// spreadsheet reads as a formula.
#pragma once

#include <string>
#include <string_view>

namespace fiducia {

// `text` as HTML text or attribute value: & < > " ' as entities, control characters (but tab and
// newline) and invalid UTF-8 bytes as U+FFFD, so that nothing of it can open a tag or an attribute.
void AppendHtmlEscaped(std::string& out, std::string_view text);
std::string HtmlEscaped(std::string_view text);

// `text` with control characters (but tab and newline) and invalid UTF-8 bytes as U+FFFD: what an
// XML document (a spreadsheet) may hold.
std::string PrintableUtf8(std::string_view text);

// A spreadsheet cell's text that cannot be a formula: a value starting with = + - @, tab or
// carriage return gets a leading apostrophe (OWASP's advice for CSV injection).
std::string FormulaSafe(std::string_view text);

// One CSV field (RFC 4180): FormulaSafe, then quoted when it holds a comma, quote or line break.
void AppendCsvField(std::string& out, std::string_view text);

}  // namespace fiducia
