#include "rules/case_classes.h"

#include <gtest/gtest.h>

namespace fiducia {
namespace {

class ComplaintTest : public ::testing::Test {
 protected:
  void Add(Direction direction, uint32_t cues, const std::vector<std::string_view>& tags = {}) {
    Event e;
    e.direction = direction;
    e.cues = cues;
    for (auto t : tags) e.tags.push_back(corpus_.symbols().Intern(t));
    case_.events.push_back(static_cast<uint32_t>(corpus_.events().size()));
    corpus_.Add("e" + std::to_string(case_.events.size()), e);
  }
  Corpus corpus_;
  Case case_;
};

TEST_F(ComplaintTest, WordsOfSomethingFailedMakeADisservice) {
  Add(Direction::kIn, kCueDisservice);
  EXPECT_EQ(ComplaintOf(corpus_, case_), "disservice");
}

TEST_F(ComplaintTest, AnAngryCustomerWithNothingFailedIsNoDisservice) {
  Add(Direction::kIn, kCueThreat);
  EXPECT_EQ(ComplaintOf(corpus_, case_), "no_disservice");
}

TEST_F(ComplaintTest, UnhappyWithNothingFailedIsNoDisservice) {
  Add(Direction::kIn, kCueDissatisfaction);
  EXPECT_EQ(ComplaintOf(corpus_, case_), "no_disservice");
}

TEST_F(ComplaintTest, SomethingFailedBeatsDissatisfaction) {
  Add(Direction::kIn, kCueDissatisfaction);
  Add(Direction::kIn, kCueDisservice);
  EXPECT_EQ(ComplaintOf(corpus_, case_), "disservice");
}

TEST_F(ComplaintTest, TheSummaryOfACallTheCompanyMadeReportsTheCustomersFailure) {
  Event call;
  call.direction = Direction::kOut;
  call.channel = Channel::kPhone;
  call.duration_s = 660;
  call.cues = kCueDisservice;
  case_.events.push_back(static_cast<uint32_t>(corpus_.events().size()));
  corpus_.Add("c1", call);
  EXPECT_EQ(ComplaintOf(corpus_, case_), "disservice");
}

TEST_F(ComplaintTest, TheCompanysWordsDoNotClassTheCase) {
  Add(Direction::kOut, kCueDisservice);
  EXPECT_FALSE(ComplaintOf(corpus_, case_).has_value());
}

TEST_F(ComplaintTest, PeoplesTagsComeFirst) {
  Add(Direction::kIn, kCueDisservice, {"complaint:no_disservice"});
  EXPECT_EQ(ComplaintOf(corpus_, case_), "no_disservice");
}

}  // namespace
}  // namespace fiducia
