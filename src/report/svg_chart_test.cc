#include "report/svg_chart.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

TEST(SvgChartTest, BarsScaleToTheLargestAndEscapeLabels) {
  const std::string svg =
      SvgBars({{"<b>a</b>", 2, "2", Tone::kGood}, {"b", 4, "4", Tone::kBad}}, "t\"itle");
  EXPECT_EQ(svg.find("<b>"), std::string::npos);
  EXPECT_NE(svg.find("&lt;b&gt;a&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(svg.find("aria-label=\"t&quot;itle\""), std::string::npos);
  EXPECT_NE(svg.find("class=\"bad\" x=\"210\" y=\"27\" width=\"250.0\""), std::string::npos) << svg;
  EXPECT_NE(svg.find("class=\"good\" x=\"210\" y=\"5\" width=\"125.0\""), std::string::npos) << svg;
  EXPECT_EQ(svg,
            SvgBars({{"<b>a</b>", 2, "2", Tone::kGood}, {"b", 4, "4", Tone::kBad}}, "t\"itle"));
}

TEST(SvgChartTest, HeatmapMarksSpikes) {
  std::array<std::array<uint64_t, 24>, 7> counts{};
  std::array<std::array<bool, 24>, 7> spikes{};
  counts[0][9] = 40;
  counts[2][14] = 4;
  spikes[0][9] = true;
  const std::array<std::string, 7> days = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  const std::string svg = SvgHeatmap(counts, spikes, days, "volume");
  EXPECT_NE(svg.find("<rect class=\"heat spike\""), std::string::npos);
  EXPECT_NE(svg.find("▲"), std::string::npos);
  EXPECT_NE(svg.find("<title>Mon 09:00 — 40</title>"), std::string::npos);
  EXPECT_EQ(svg.find("<script"), std::string::npos);
}

TEST(SvgChartTest, EmptyChartsAreStillValid) {
  EXPECT_NE(SvgBars({}, "none").find("</svg>"), std::string::npos);
  EXPECT_NE(SvgShareBar({}, "none").find("</svg>"), std::string::npos);
}

}  // namespace
}  // namespace fiducia
