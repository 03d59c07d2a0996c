#include "rules/request_grid.h"

#include <gtest/gtest.h>

#include "common/time_text.h"

namespace fiducia {
namespace {

Instant T(std::string_view text) { return ParseRfc3339(text)->at; }

// One customer, cases by conversation id; the requests are the inbound messages, as the timing
// rules would list them.
class RequestGridTest : public ::testing::Test {
 protected:
  uint32_t Add(std::string_view conversation, std::string_view at, Direction direction,
               uint32_t cues = kCueNone, const std::vector<std::string_view>& tags = {},
               EventType type = EventType::kMessage) {
    Event e;
    e.at = T(at);
    e.type = type;
    e.direction = direction;
    e.channel = Channel::kEmail;
    e.cues = cues;
    e.has_text = type == EventType::kMessage;
    e.customer = corpus_.symbols().Intern("anna@example.it");
    e.conversation = corpus_.symbols().Intern(conversation);
    for (auto t : tags) e.tags.push_back(corpus_.symbols().Intern(t));
    const auto index = static_cast<uint32_t>(corpus_.events().size());
    corpus_.Add("e" + std::to_string(index), e);
    if (direction == Direction::kIn && type == EventType::kMessage) {
      requests_.push_back({.anchor = index});
    }
    return index;
  }

  std::vector<RequestGrid> Classify() {
    const Timelines timelines = BuildTimelines(corpus_, T("2026-03-31T18:00:00+02:00"), {});
    return ClassifyRequests(corpus_, timelines, requests_, 1);
  }

  Corpus corpus_;
  std::vector<RequestOutcome> requests_;
};

// A case's `request:` tag classes each of its requests; a request's own tag comes first; a case
// without tags is classed by its answers.
TEST_F(RequestGridTest, TagsClassEveryRequestOfTheirCase) {
  Add("T-1", "2026-03-02T09:00:00+01:00", Direction::kIn);
  Add("T-1", "2026-03-02T10:00:00+01:00", Direction::kOut);
  Add("T-1", "2026-03-03T09:00:00+01:00", Direction::kIn);
  Add("T-1", "2026-03-03T09:30:00+01:00", Direction::kIn, kCueNone,
      {"request:reasonable-possible"});
  Add("T-1", "2026-03-03T11:00:00+01:00", Direction::kNote, kCueNone,
      {"vip", "request:unreasonable-impossible"}, EventType::kTag);
  Add("T-2", "2026-03-04T09:00:00+01:00", Direction::kIn, kCueDemand);
  Add("T-2", "2026-03-04T10:00:00+01:00", Direction::kOut, kCueRefusal);
  const std::vector<RequestGrid> grid = Classify();
  ASSERT_EQ(grid.size(), 4u);
  EXPECT_EQ(grid[0].grid, GridClass::kUnreasonableImpossible);
  EXPECT_TRUE(grid[0].from_tags);
  EXPECT_EQ(grid[1].grid, GridClass::kUnreasonableImpossible);
  EXPECT_TRUE(grid[1].from_tags);
  EXPECT_EQ(grid[2].grid, GridClass::kReasonablePossible);  // its own tag
  EXPECT_TRUE(grid[2].from_tags);
  EXPECT_EQ(grid[3].grid, GridClass::kUnreasonableImpossible);  // from the answers
  EXPECT_FALSE(grid[3].from_tags);
}

// The spec gives every request a class: one with no tag and no answer yet is classed from the
// customer's words (nothing refused it yet: possible). It had none before, and the reports
// counted it apart as "unclassified".
TEST_F(RequestGridTest, ARequestWithNoAnswerYetHasAClassFromItsWords) {
  Add("T-1", "2026-03-02T09:00:00+01:00", Direction::kIn);
  Add("T-2", "2026-03-03T09:00:00+01:00", Direction::kIn, kCueDemand);
  const std::vector<RequestGrid> grid = Classify();
  ASSERT_EQ(grid.size(), 2u);
  EXPECT_EQ(grid[0].grid, GridClass::kReasonablePossible);
  EXPECT_EQ(grid[1].grid, GridClass::kUnreasonablePossible);
  EXPECT_FALSE(grid[0].from_tags);
}

}  // namespace
}  // namespace fiducia
