// Charts the report draws itself as inline SVG: deterministic text (same data, same bytes), no
// script, no external asset. Labels are escaped here; callers pass plain text.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fiducia {

enum class Tone : uint8_t { kGood, kWarn, kBad, kNeutral };

struct Bar {
  std::string label;
  double value = 0;
  std::string value_text;  // written at the end of the bar
  Tone tone = Tone::kNeutral;
};

// Horizontal bars, one per row, scaled to the largest value (or to `max` when positive).
std::string SvgBars(const std::vector<Bar>& bars, const std::string& title, double max = 0);

// One stacked bar of shares that sum to at most 1 (e.g. within target vs late), with a legend.
std::string SvgShareBar(const std::vector<Bar>& parts, const std::string& title);

// Inbound volume by weekday (rows) and hour (columns); spike cells outlined and marked.
std::string SvgHeatmap(const std::array<std::array<uint64_t, 24>, 7>& counts,
                       const std::array<std::array<bool, 24>, 7>& spikes,
                       const std::array<std::string, 7>& weekdays, const std::string& title);

// The REASONABLE/POSSIBLE grid: four quadrants, each with its label and three lines of figures.
struct Quadrant {
  std::string label;
  std::string line1, line2, line3;
  double share = 0;  // shades the quadrant
};
std::string SvgQuadrants(const std::array<Quadrant, 4>& quadrants, const std::string& row_axis,
                         const std::string& column_axis, const std::string& title);

// Lines over periods (x labels in order), values from 0 to `max`; a missing value breaks its line.
// Each line has a legend entry; a point's value is in its tooltip.
struct Series {
  std::string label;
  std::vector<std::optional<double>> values;  // one per x label
  std::vector<std::string> value_texts;       // the tooltips, one per x label
  Tone tone = Tone::kNeutral;
};
std::string SvgLines(const std::vector<std::string>& x_labels, const std::vector<Series>& series,
                     double max, const std::string& title);

}  // namespace fiducia
