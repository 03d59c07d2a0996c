#include "timeline/timeline.h"

#include <gtest/gtest.h>

#include "common/time_text.h"

namespace fiducia {
namespace {

using std::chrono::hours;

class TimelineTest : public ::testing::Test {
 protected:
  void Add(std::string_view id, std::string_view at, std::string_view customer,
           std::string_view conversation = "", const std::vector<std::string_view>& aliases = {},
           EventType type = EventType::kMessage) {
    Event e;
    e.type = type;
    e.at = ParseRfc3339(at)->at;
    if (!customer.empty()) e.customer = corpus_.symbols().Intern(customer);
    if (!conversation.empty()) e.conversation = corpus_.symbols().Intern(conversation);
    for (auto a : aliases) e.aliases.push_back(corpus_.symbols().Intern(a));
    corpus_.Add(id, std::move(e));
  }
  Timelines Build(std::string_view as_of = "2030-01-01T00:00:00Z", unsigned threads = 1) {
    return BuildTimelines(corpus_, ParseRfc3339(as_of)->at, ThreadingPolicy{}, threads);
  }
  std::string Id(uint32_t i) const { return std::string(corpus_.IdOf(corpus_.events()[i])); }

  Corpus corpus_;
};

TEST_F(TimelineTest, AliasesJoinChannelsIntoOneCustomer) {
  Add("w1", "2026-03-02T09:00:00+01:00", "+393331234567", "", {"anna@example.it"});
  Add("e1", "2026-03-02T10:00:00+01:00", "anna@example.it");
  Add("x1", "2026-03-02T11:00:00+01:00", "bob@example.com");
  const Timelines t = Build();
  ASSERT_EQ(t.customers.size(), 2u);
  EXPECT_EQ(t.customers[0].events.size(), 2u);
  EXPECT_EQ(corpus_.symbols().Name(t.customers[0].customer), "+393331234567");
  EXPECT_EQ(t.customers[0].handles.size(), 2u);
}

TEST_F(TimelineTest, AliasesJoinTransitively) {
  Add("a", "2026-03-02T09:00:00Z", "h1", "", {"h2"});
  Add("b", "2026-03-02T09:01:00Z", "h3", "", {"h2"});
  Add("c", "2026-03-02T09:02:00Z", "h3");
  EXPECT_EQ(Build().customers.size(), 1u);
}

TEST_F(TimelineTest, StatusEventsFollowTheirConversation) {
  Add("m1", "2026-03-02T09:00:00Z", "anna@example.it", "T-1");
  Add("s1", "2026-03-03T09:00:00Z", "", "T-1", {}, EventType::kStatus);
  Add("s2", "2026-03-03T09:00:00Z", "", "T-404", {}, EventType::kStatus);
  const Timelines t = Build();
  ASSERT_EQ(t.customers.size(), 1u);
  EXPECT_EQ(t.customers[0].events.size(), 2u);
  EXPECT_EQ(t.unattached, 1u);
}

TEST_F(TimelineTest, CasesByConversationElseByGap) {
  Add("a", "2026-03-02T09:00:00Z", "anna", "T-1");
  Add("b", "2026-03-02T10:00:00Z", "anna");
  Add("c", "2026-03-03T10:00:00Z", "anna");         // 24 h later: same loose case
  Add("d", "2026-03-09T10:00:00Z", "anna");         // 6 days later: a new case
  Add("e", "2026-03-09T11:00:00Z", "anna", "T-1");  // back in T-1
  const Timelines t = Build();
  ASSERT_EQ(t.customers.size(), 1u);
  const Timeline& tl = t.customers[0];
  ASSERT_EQ(tl.cases.size(), 3u);
  EXPECT_EQ(t.case_count, 3u);
  EXPECT_EQ(tl.cases[0].events.size(), 2u);  // a, e
  EXPECT_EQ(tl.cases[1].events.size(), 2u);  // b, c
  EXPECT_EQ(tl.cases[2].events.size(), 1u);  // d
  EXPECT_EQ(tl.cases[0].number, 1u);
  EXPECT_EQ(tl.cases[2].number, 3u);
}

// The live server keeps a customer's timeline as its events and their cases only: the rest
// worked out again must be what BuildCustomerTimeline made (customer, handles, every case).
TEST_F(TimelineTest, ACustomersTimelineIsRebuiltFromItsEventsAndCases) {
  Add("e", "2026-03-09T11:00:00Z", "anna", "T-1");
  Add("a", "2026-03-02T09:00:00Z", "anna", "T-1", {"+393331234567"});
  Add("s", "2026-03-02T12:00:00Z", "", "T-1", {}, EventType::kStatus);
  Add("b", "2026-03-02T10:00:00Z", "+393331234567");
  Add("c", "2026-03-03T10:00:00Z", "anna");
  Add("d", "2026-03-09T10:00:00Z", "anna", "T-2");
  const Timeline built = BuildCustomerTimeline(corpus_, {0, 1, 2, 3, 4, 5}, ThreadingPolicy{});
  ASSERT_EQ(built.cases.size(), 3u);
  const Timeline again = RebuildCustomerTimeline(corpus_, built.events, built.case_of);
  EXPECT_EQ(again.customer, built.customer);
  EXPECT_EQ(again.handles, built.handles);
  EXPECT_EQ(again.events, built.events);
  EXPECT_EQ(again.case_of, built.case_of);
  ASSERT_EQ(again.cases.size(), built.cases.size());
  for (size_t c = 0; c < built.cases.size(); ++c) {
    EXPECT_EQ(again.cases[c].number, built.cases[c].number);
    EXPECT_EQ(again.cases[c].conversation, built.cases[c].conversation);
    EXPECT_EQ(again.cases[c].first_event, built.cases[c].first_event);
    EXPECT_EQ(again.cases[c].events, built.cases[c].events);
  }
}

TEST_F(TimelineTest, EventsAfterAsOfAreLeftOut) {
  Add("a", "2026-03-02T09:00:00Z", "anna");
  Add("b", "2026-03-05T09:00:00Z", "anna");
  const Timelines t = Build("2026-03-03T00:00:00Z");
  ASSERT_EQ(t.customers.size(), 1u);
  EXPECT_EQ(t.customers[0].events.size(), 1u);
}

TEST_F(TimelineTest, EqualTimesAreOrderedById) {
  Add("b", "2026-03-02T09:00:00Z", "anna");
  Add("a", "2026-03-02T09:00:00Z", "anna");
  const Timelines t = Build();
  EXPECT_EQ(Id(t.customers[0].events[0]), "a");
}

void ExpectSameTimelines(const Timelines& a, const Timelines& b) {
  EXPECT_EQ(a.unattached, b.unattached);
  EXPECT_EQ(a.case_count, b.case_count);
  EXPECT_EQ(a.rank, b.rank);
  ASSERT_EQ(a.customers.size(), b.customers.size());
  for (size_t c = 0; c < a.customers.size(); ++c) {
    const Timeline& x = a.customers[c];
    const Timeline& y = b.customers[c];
    EXPECT_EQ(x.customer, y.customer);
    EXPECT_EQ(x.handles, y.handles);
    EXPECT_EQ(x.events, y.events);
    EXPECT_EQ(x.case_of, y.case_of);
    ASSERT_EQ(x.cases.size(), y.cases.size());
    for (size_t k = 0; k < x.cases.size(); ++k) {
      EXPECT_EQ(x.cases[k].number, y.cases[k].number);
      EXPECT_EQ(x.cases[k].conversation, y.cases[k].conversation);
      EXPECT_EQ(x.cases[k].first_event, y.cases[k].first_event);
      EXPECT_EQ(x.cases[k].events, y.cases[k].events);
    }
  }
}

// Enough customers and events for the sort and the customers to be split over threads: many
// events share an instant, customers are joined by aliases, some events carry a conversation,
// some reply to an earlier one, and status events follow their conversation.
TEST_F(TimelineTest, ThreadsBuildTheSameTimelines) {
  constexpr int kCustomers = 3000;
  uint64_t state = 12345;
  auto next = [&](uint64_t bound) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (state >> 33) % bound;
  };
  for (int n = 0; n < 80000; ++n) {
    const int who = static_cast<int>(next(kCustomers));
    const std::string customer = (n % 7 == 0 ? "mail" : "phone") + std::to_string(who);
    const std::string at = "2026-03-0" + std::to_string(2 + next(6)) + "T1" +
                           std::to_string(next(10)) + ":0" + std::to_string(next(10)) + ":00Z";
    const std::string conversation = next(3) == 0 ? "T-" + std::to_string(who * 4 + next(4)) : "";
    std::vector<std::string_view> aliases;
    const std::string alias = "mail" + std::to_string(who);
    if (n % 7 != 0 && next(20) == 0) aliases.push_back(alias);
    const bool status = !conversation.empty() && next(10) == 0;
    Add("e" + std::to_string(n), at, status ? "" : customer, conversation, aliases,
        status ? EventType::kStatus : EventType::kMessage);
  }
  const Timelines one = Build("2026-03-07T12:00:00Z", 1);
  ASSERT_GT(one.customers.size(), 1000u);
  ExpectSameTimelines(one, Build("2026-03-07T12:00:00Z", 2));
  ExpectSameTimelines(one, Build("2026-03-07T12:00:00Z", 4));
}

}  // namespace
}  // namespace fiducia
