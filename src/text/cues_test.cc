#include "text/cues.h"

#include <gtest/gtest.h>

#include "model/event.h"

namespace fiducia {
namespace {

bool IsReminder(std::string_view text) { return (FindCues(text) & kCueReminder) != 0; }
bool IsClosing(std::string_view text) { return (FindCues(text) & kCueClosing) != 0; }

TEST(CuesTest, RemindersInItalianAndEnglish) {
  EXPECT_TRUE(IsReminder("Buongiorno, SOLLECITO la mia richiesta del 3 marzo"));
  EXPECT_TRUE(IsReminder("C’è qualcuno?"));
  EXPECT_TRUE(IsReminder("ci sono novità sul rimborso?"));
  EXPECT_TRUE(IsReminder("Any update on my refund?"));
  EXPECT_TRUE(IsReminder("I'm still waiting for an answer"));
}

TEST(CuesTest, NearMissesAreNoReminders) {
  EXPECT_FALSE(IsReminder("Vorrei sapere le novità dell'offerta"));
  EXPECT_FALSE(IsReminder("Please update my address"));
  EXPECT_FALSE(IsReminder("sollecitudine"));  // the stem alone is not the word
  EXPECT_FALSE(IsReminder(""));
}

TEST(CuesTest, ClosingsNeedNoAnswer) {
  EXPECT_TRUE(IsClosing("Grazie mille!"));
  EXPECT_TRUE(IsClosing("ok, perfetto"));
  EXPECT_TRUE(IsClosing("Thanks, that solved it."));
  EXPECT_TRUE(IsClosing("\xF0\x9F\x91\x8D"));  // thumbs up
  EXPECT_TRUE(IsClosing("Gentilissimi, grazie \xF0\x9F\x99\x8F"));
  EXPECT_TRUE(IsClosing("perché no... ok grazie") == false);
}

TEST(CuesTest, QuestionsAndRequestsAreNoClosings) {
  EXPECT_FALSE(IsClosing("Grazie, ma quando arriva il pacco?"));
  EXPECT_FALSE(IsClosing("ok?"));
  EXPECT_FALSE(IsClosing("Grazie, vorrei disdire il contratto"));
  EXPECT_FALSE(IsClosing("Thanks, but it still does not work"));
  EXPECT_FALSE(IsClosing("Perfetto però il modem è già arrivato rotto"));
}

}  // namespace
}  // namespace fiducia
