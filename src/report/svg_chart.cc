#include "report/svg_chart.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/escape.h"

namespace fiducia {
namespace {

constexpr int kLabelWidth = 210;
constexpr int kBarArea = 250;
constexpr int kRowHeight = 22;

std::string_view ToneClass(Tone t) {
  switch (t) {
    case Tone::kGood:
      return "good";
    case Tone::kWarn:
      return "warn";
    case Tone::kBad:
      return "bad";
    case Tone::kNeutral:
      return "neutral";
  }
  return "neutral";
}

// The colours of the report's .chart classes, for lines (a class would fill them).
std::string_view StrokeOf(Tone t) {
  switch (t) {
    case Tone::kGood:
      return "#43a047";
    case Tone::kWarn:
      return "#fb8c00";
    case Tone::kBad:
      return "#e53935";
    case Tone::kNeutral:
      return "#5c7a99";
  }
  return "#5c7a99";
}

std::string Open(int width, int height, const std::string& title) {
  return fmt::format(
      "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"{2}\"><title>{2}</title>",
      width, height, HtmlEscaped(title));
}

}  // namespace

std::string SvgBars(const std::vector<Bar>& bars, const std::string& title, double max) {
  for (const Bar& b : bars) max = std::max(max, b.value);
  const int height = std::max<int>(1, static_cast<int>(bars.size())) * kRowHeight + 4;
  std::string out = Open(kLabelWidth + kBarArea + 90, height, title);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const int y = static_cast<int>(i) * kRowHeight + 2;
    const double width = max > 0 ? std::max(0.0, b.value) / max * kBarArea : 0;
    fmt::format_to(std::back_inserter(out),
                   "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>"
                   "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\"/>"
                   "<text x=\"{:.1f}\" y=\"{}\">{}</text>",
                   kLabelWidth - 6, y + 15, HtmlEscaped(b.label), ToneClass(b.tone), kLabelWidth,
                   y + 3, width, kRowHeight - 6, kLabelWidth + width + 5, y + 15,
                   HtmlEscaped(b.value_text));
  }
  return out + "</svg>";
}

std::string SvgShareBar(const std::vector<Bar>& parts, const std::string& title) {
  constexpr int kWidth = 480;
  std::string out = Open(kWidth, 52, title);
  double x = 0;
  for (const Bar& p : parts) {
    const double w = std::clamp(p.value, 0.0, 1.0) * kWidth;
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"{}\" x=\"{:.1f}\" y=\"2\" width=\"{:.1f}\" height=\"20\"/>",
                   ToneClass(p.tone), x, w);
    x += w;
  }
  double legend_x = 0;
  for (const Bar& p : parts) {
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"{}\" x=\"{:.0f}\" y=\"32\" width=\"12\" height=\"12\"/>"
                   "<text x=\"{:.0f}\" y=\"43\">{} {}</text>",
                   ToneClass(p.tone), legend_x, legend_x + 16, HtmlEscaped(p.label),
                   HtmlEscaped(p.value_text));
    legend_x += kWidth / std::max<double>(1, double(parts.size()));
  }
  return out + "</svg>";
}

std::string SvgHeatmap(const std::array<std::array<uint64_t, 24>, 7>& counts,
                       const std::array<std::array<bool, 24>, 7>& spikes,
                       const std::array<std::string, 7>& weekdays, const std::string& title) {
  constexpr int kCell = 24, kLeft = 44, kTop = 18;
  uint64_t max = 0;
  for (const auto& day : counts) max = std::max(max, *std::max_element(day.begin(), day.end()));
  std::string out = Open(kLeft + 24 * kCell + 4, kTop + 7 * kCell + 4, title);
  for (int h = 0; h < 24; h += 3) {
    fmt::format_to(std::back_inserter(out), "<text x=\"{}\" y=\"12\">{:02}</text>",
                   kLeft + h * kCell + 2, h);
  }
  for (size_t d = 0; d < 7; ++d) {
    const int y = kTop + static_cast<int>(d) * kCell;
    fmt::format_to(std::back_inserter(out), "<text x=\"0\" y=\"{}\">{}</text>", y + 16,
                   HtmlEscaped(weekdays[d]));
    for (size_t h = 0; h < 24; ++h) {
      const uint64_t n = counts[d][h];
      const double level = max ? double(n) / double(max) : 0;
      fmt::format_to(std::back_inserter(out),
                     "<rect class=\"heat{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                     "fill-opacity=\"{:.2f}\"><title>{} {:02}:00 — {}</title></rect>",
                     spikes[d][h] ? " spike" : "", kLeft + static_cast<int>(h) * kCell, y,
                     kCell - 2, kCell - 2, n ? 0.12 + 0.88 * level : 0.04, HtmlEscaped(weekdays[d]),
                     h, n);
      if (spikes[d][h]) {
        fmt::format_to(std::back_inserter(out),
                       "<text class=\"spikemark\" x=\"{}\" y=\"{}\">▲</text>",
                       kLeft + static_cast<int>(h) * kCell + 6, y + 16);
      }
    }
  }
  return out + "</svg>";
}

std::string SvgQuadrants(const std::array<Quadrant, 4>& quadrants, const std::string& row_axis,
                         const std::string& column_axis, const std::string& title) {
  constexpr int kSide = 270, kLeft = 24, kTop = 22;
  std::string out = Open(kLeft + 2 * kSide + 4, kTop + 2 * kSide + 4, title);
  fmt::format_to(
      std::back_inserter(out),
      "<text x=\"{}\" y=\"14\" text-anchor=\"middle\">{}</text>"
      "<text transform=\"translate(14 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
      kLeft + kSide, HtmlEscaped(column_axis), kTop + kSide, HtmlEscaped(row_axis));
  for (size_t q = 0; q < 4; ++q) {
    const int x = kLeft + static_cast<int>(q % 2) * kSide;
    const int y = kTop + static_cast<int>(q / 2) * kSide;
    const Quadrant& quad = quadrants[q];
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"quad\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" "
                   "fill-opacity=\"{:.2f}\"/>"
                   "<text class=\"big\" x=\"{}\" y=\"{}\">{}</text>"
                   "<text x=\"{}\" y=\"{}\">{}</text><text x=\"{}\" y=\"{}\">{}</text>"
                   "<text x=\"{}\" y=\"{}\">{}</text>",
                   x, y, kSide - 4, kSide - 4, 0.08 + 0.6 * std::clamp(quad.share, 0.0, 1.0),
                   x + 10, y + 28, HtmlEscaped(quad.label), x + 10, y + 60, HtmlEscaped(quad.line1),
                   x + 10, y + 82, HtmlEscaped(quad.line2), x + 10, y + 104,
                   HtmlEscaped(quad.line3));
  }
  return out + "</svg>";
}

std::string SvgLines(const std::vector<std::string>& x_labels, const std::vector<Series>& series,
                     double max, const std::string& title) {
  constexpr int kLeft = 40, kTop = 10, kPlotHeight = 160, kStep = 90, kLegendRow = 18;
  const int points = std::max<int>(1, static_cast<int>(x_labels.size()));
  const int width = kLeft + points * kStep + 20;
  const int axis_y = kTop + kPlotHeight;
  const int height = axis_y + 26 + static_cast<int>(series.size()) * kLegendRow;
  std::string out = Open(width, height, title);
  const auto x_of = [&](size_t i) { return kLeft + kStep / 2 + static_cast<int>(i) * kStep; };
  const auto y_of = [&](double v) {
    const double share = max > 0 ? std::clamp(v / max, 0.0, 1.0) : 0;
    return double(axis_y) - share * kPlotHeight;
  };
  for (double tick : {0.0, 0.5, 1.0}) {
    fmt::format_to(std::back_inserter(out),
                   "<line x1=\"{0}\" x2=\"{1}\" y1=\"{2:.1f}\" y2=\"{2:.1f}\" stroke=\"#d8dee6\"/>"
                   "<text x=\"{3}\" y=\"{4:.1f}\" text-anchor=\"end\">{5:g}</text>",
                   kLeft, width - 10, y_of(tick * max), kLeft - 4, y_of(tick * max) + 4,
                   tick * max);
  }
  for (size_t i = 0; i < x_labels.size(); ++i) {
    fmt::format_to(std::back_inserter(out),
                   "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>", x_of(i), axis_y + 16,
                   HtmlEscaped(x_labels[i]));
  }
  for (size_t s = 0; s < series.size(); ++s) {
    const Series& line = series[s];
    std::string path;
    for (size_t i = 0; i < line.values.size() && i < x_labels.size(); ++i) {
      if (!line.values[i]) {
        path += ' ';  // a gap: the next point starts a new segment
        continue;
      }
      const bool move = path.empty() || path.back() == ' ';
      fmt::format_to(std::back_inserter(path), "{}{} {:.1f}", move ? "M" : " L", x_of(i),
                     y_of(*line.values[i]));
    }
    fmt::format_to(std::back_inserter(out),
                   "<path style=\"fill:none;stroke:{};stroke-width:2.5\" d=\"{}\"/>",
                   StrokeOf(line.tone), path);
    for (size_t i = 0; i < line.values.size() && i < x_labels.size(); ++i) {
      if (!line.values[i]) continue;
      fmt::format_to(std::back_inserter(out),
                     "<circle class=\"{}\" cx=\"{}\" cy=\"{:.1f}\" r=\"4\"><title>{}</title>"
                     "</circle>",
                     ToneClass(line.tone), x_of(i), y_of(*line.values[i]),
                     HtmlEscaped(i < line.value_texts.size() ? line.value_texts[i] : ""));
    }
    const int y = axis_y + 26 + static_cast<int>(s) * kLegendRow;
    fmt::format_to(std::back_inserter(out),
                   "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"12\" height=\"12\"/>"
                   "<text x=\"{}\" y=\"{}\">{}</text>",
                   ToneClass(line.tone), kLeft, y, kLeft + 18, y + 11, HtmlEscaped(line.label));
  }
  return out + "</svg>";
}

}  // namespace fiducia
