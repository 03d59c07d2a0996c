#include "model/corpus.h"

#include <gtest/gtest.h>

#include <chrono>

namespace fiducia {
namespace {

Event EventAt(int64_t ms) {
  Event e;
  e.at = Instant(std::chrono::milliseconds(ms));
  return e;
}

TEST(SymbolTableTest, InternsEachStringOnce) {
  SymbolTable table;
  const Symbol a = table.Intern("giulia");
  const Symbol b = table.Intern("marco");
  EXPECT_NE(a, b);
  EXPECT_EQ(table.Intern("giulia"), a);
  EXPECT_EQ(table.size(), 2u);
  EXPECT_EQ(table.Name(a), "giulia");
  EXPECT_EQ(table.Find("marco"), b);
  EXPECT_EQ(table.Find("anna"), kNoSymbol);
  EXPECT_EQ(table.Name(kNoSymbol), "");
}

TEST(SymbolTableTest, NamesStayValidAsTheTableGrows) {
  SymbolTable table;
  const std::string_view first = table.Name(table.Intern("first"));
  for (int i = 0; i < 10000; ++i) table.Intern("name-" + std::to_string(i));
  EXPECT_EQ(first, "first");
  EXPECT_EQ(table.Find("first"), 0u);
}

// Without its index a table still names, finds and interns exactly as before; interning rebuilds
// the index, and a name added then is found as fast as any.
TEST(SymbolTableTest, ATableWithoutItsIndexAnswersTheSame) {
  SymbolTable table;
  for (int i = 0; i < 1000; ++i) table.Intern("name-" + std::to_string(i));
  table.DropIndex();
  EXPECT_EQ(table.size(), 1000u);
  EXPECT_EQ(table.Name(7), "name-7");
  EXPECT_EQ(table.Find("name-999"), 999u);
  EXPECT_EQ(table.Find("name-1000"), kNoSymbol);
  EXPECT_EQ(table.Intern("name-500"), 500u);  // rebuilds: no second symbol for a known name
  EXPECT_EQ(table.Intern("new"), 1000u);
  EXPECT_EQ(table.size(), 1001u);
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(table.Find("name-" + std::to_string(i)), Symbol(i));
  EXPECT_EQ(table.Find("new"), 1000u);
}

TEST(CorpusTest, AddingAfterTheIndexesAreDroppedStillKeepsIdsUnique) {
  Corpus corpus;
  EXPECT_TRUE(corpus.Add("m1", EventAt(1)));
  corpus.symbols().Intern("giulia");
  corpus.DropIndexes();
  EXPECT_FALSE(corpus.Add("m1", EventAt(2)));  // still a duplicate
  EXPECT_TRUE(corpus.Add("m2", EventAt(3)));
  EXPECT_EQ(corpus.events().size(), 2u);
  EXPECT_EQ(corpus.symbols().Find("giulia"), 0u);
}

TEST(CorpusTest, KeepsTheFirstEventOfAnId) {
  Corpus corpus;
  EXPECT_TRUE(corpus.Add("w1", EventAt(1000)));
  EXPECT_TRUE(corpus.Add("w2", EventAt(2000)));
  EXPECT_FALSE(corpus.Add("w1", EventAt(3000)));
  ASSERT_EQ(corpus.events().size(), 2u);
  EXPECT_EQ(corpus.duplicates(), 1u);
  EXPECT_EQ(corpus.IdOf(corpus.events()[0]), "w1");
  EXPECT_EQ(corpus.events()[0].at, EventAt(1000).at);
}

TEST(CorpusTest, IdsAreSeparateFromOtherSymbols) {
  Corpus corpus;
  corpus.symbols().Intern("w1");  // a conversation called like an event is not an event
  EXPECT_TRUE(corpus.Add("w1", EventAt(0)));
  EXPECT_EQ(corpus.ids().size(), 1u);
}

TEST(CorpusTest, OrdersByTimeThenId) {
  Corpus corpus;
  ASSERT_TRUE(corpus.Add("b", EventAt(5)));
  ASSERT_TRUE(corpus.Add("a", EventAt(5)));
  ASSERT_TRUE(corpus.Add("c", EventAt(1)));
  const auto& e = corpus.events();
  EXPECT_TRUE(corpus.ComesBefore(e[1], e[0]));  // same instant: "a" before "b"
  EXPECT_TRUE(corpus.ComesBefore(e[2], e[1]));  // earlier instant first
  EXPECT_FALSE(corpus.ComesBefore(e[0], e[0]));
}

}  // namespace
}  // namespace fiducia
