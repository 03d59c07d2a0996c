#include "report/xlsx_report.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>

#include "report/escape.h"
#include "report/report_words.h"

namespace fiducia {
namespace {

constexpr size_t kMaxCellBytes = 32767;  // Excel's limit on a cell's text
constexpr size_t kMaxSheetName = 31;

// Cut to `max` bytes, never inside a UTF-8 sequence.
std::string_view CutUtf8(std::string_view text, size_t max) {
  if (text.size() <= max) return text;
  size_t cut = max;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

lxw_datetime ExcelDate(const DateCell& d) {
  const auto local = d.at + d.offset;
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss<std::chrono::milliseconds> time(local - day);
  return {static_cast<int>(ymd.year()),
          static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day())),
          static_cast<int>(time.hours().count()),
          static_cast<int>(time.minutes().count()),
          double(time.seconds().count()) + double(time.subseconds().count()) / 1000.0};
}

struct Formats {
  lxw_format* header;
  lxw_format* date;
  lxw_format* hours;
  lxw_format* real;
};

class SheetWriter {
 public:
  SheetWriter(lxw_worksheet* sheet, const Formats& formats) : sheet_(sheet), f_(formats) {}

  void operator()(const std::string& text) {
    const std::string safe = FormulaSafe(PrintableUtf8(CutUtf8(text, kMaxCellBytes - 1)));
    worksheet_write_string(sheet_, row_, col_, std::string(CutUtf8(safe, kMaxCellBytes)).c_str(),
                           nullptr);
  }
  void operator()(int64_t n) { worksheet_write_number(sheet_, row_, col_, double(n), nullptr); }
  void operator()(double x) { worksheet_write_number(sheet_, row_, col_, x, f_.real); }
  void operator()(const DateCell& d) {
    lxw_datetime dt = ExcelDate(d);
    worksheet_write_datetime(sheet_, row_, col_, &dt, f_.date);
  }
  void operator()(const HoursCell& h) {
    worksheet_write_number(sheet_, row_, col_, h.hours, f_.hours);
  }

  void Write(const ReportTable& table, Lang lang) {
    const auto columns = static_cast<lxw_col_t>(table.columns.size());
    for (lxw_col_t c = 0; c < columns; ++c) {
      worksheet_set_column(sheet_, c, c, Width(table.columns[c]), nullptr);
    }
    for (col_ = 0; col_ < columns; ++col_) {
      worksheet_write_string(sheet_, 0, col_, std::string(Word(table.columns[col_], lang)).c_str(),
                             f_.header);
    }
    worksheet_freeze_panes(sheet_, 1, 0);
    const auto last = static_cast<lxw_row_t>(std::max<size_t>(table.rows.size(), 1));
    worksheet_autofilter(sheet_, 0, 0, last, static_cast<lxw_col_t>(columns - 1));
    for (const auto& cells : table.rows) {
      ++row_;
      for (col_ = 0; col_ < cells.size(); ++col_) std::visit(*this, cells[col_]);
    }
  }

 private:
  static double Width(std::string_view column) {
    if (column == "what_to_do") return 90;
    if (column == "label" || column == "messages") return 36;
    if (column == "at" || column == "since" || column == "customer") return 20;
    return 14;
  }

  lxw_worksheet* sheet_;
  const Formats& f_;
  lxw_row_t row_ = 0;
  lxw_col_t col_ = 0;
};

Formats AddFormats(lxw_workbook* book) {
  Formats f{workbook_add_format(book), workbook_add_format(book), workbook_add_format(book),
            workbook_add_format(book)};
  format_set_bold(f.header);
  format_set_bg_color(f.header, 0xDDE6F0);
  format_set_num_format(f.date, "yyyy-mm-dd hh:mm");
  format_set_num_format(f.hours, "0.00");
  format_set_num_format(f.real, "0.00");
  return f;
}

}  // namespace

Status WriteXlsxReport(const std::vector<ReportTable>& tables, Lang lang, const std::string& path) {
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;  // rows go to disk as written: flat memory for big audits
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) return Status::IoError(fmt::format("cannot write '{}'", path));
  const Formats formats = AddFormats(book);
  for (const auto& table : tables) {
    const std::string name(CutUtf8(Word("sheet_" + table.name, lang), kMaxSheetName));
    lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
    if (sheet == nullptr) {
      workbook_close(book);
      return Status::IoError(fmt::format("cannot add the sheet '{}' to '{}'", name, path));
    }
    SheetWriter(sheet, formats).Write(table, lang);
  }
  const lxw_error closed = workbook_close(book);
  if (closed != LXW_NO_ERROR) {
    return Status::IoError(fmt::format("cannot write '{}': {}", path, lxw_strerror(closed)));
  }
  return Status::Ok();
}

}  // namespace fiducia
