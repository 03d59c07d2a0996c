#include "sources/tweets.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

#include "sources/format.h"

namespace fiducia {
namespace {

const std::string kData = std::string(FIDUCIA_SOURCE_DIR) + "/tests/data/tweets/";
const std::string kRealData = std::string(FIDUCIA_SHARED_DIR) + "/realdata/twitter/";

// One run's ingest: a reader, its sink and what they fill.
struct Ingest {
  explicit Ingest(bool keep_text = true) { options.keep_text = keep_text; }
  explicit Ingest(const CompanyDirectory& company) : reader(company) {}

  Status ReadFiles(std::initializer_list<std::string> paths) {
    for (const std::string& path : paths) {
      if (Status s = reader.Read(path, sink); !s.ok()) return s;
    }
    return reader.Finish(sink);
  }
  Status ReadText(std::string_view bytes, std::string name = "mem.csv") {
    auto source = ByteSource::FromMemory(bytes, std::move(name));
    if (!source.ok()) return source.status();
    if (Status s = reader.ReadFrom(std::move(*source), sink); !s.ok()) return s;
    return reader.Finish(sink);
  }

  const Event* Find(std::string_view id) const {
    const auto& events = corpus.events();
    const auto it = std::find_if(events.begin(), events.end(),
                                 [&](const Event& e) { return corpus.IdOf(e) == id; });
    return it == events.end() ? nullptr : &*it;
  }
  std::string_view Name(Symbol s) const { return corpus.symbols().Name(s); }
  std::string_view Text(std::string_view id) const {
    const Event* e = Find(id);
    return e == nullptr ? "" : corpus.TextOf(static_cast<size_t>(e - corpus.events().data()));
  }
  std::vector<std::string> Errors() const {
    std::vector<std::string> out;
    for (const InputError& e : report.errors) out.push_back(e.ToString());
    return out;
  }

  IngestOptions options;
  Corpus corpus;
  IngestReport report;
  IngestSink sink{options, corpus, report};
  TweetsReader reader;
};

constexpr std::string_view kHeader =
    "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n";

// --- The fixture written for the project -------------------------------------------------------

TEST(TweetsTest, ACustomerTweetAndTheBrandsAnswerShareCustomerAndConversation) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  const Event* question = run.Find("tw-101");
  const Event* answer = run.Find("tw-102");
  ASSERT_NE(question, nullptr);
  ASSERT_NE(answer, nullptr);
  EXPECT_EQ(question->direction, Direction::kIn);
  EXPECT_EQ(answer->direction, Direction::kOut);
  EXPECT_EQ(question->channel, Channel::kSocial);
  EXPECT_EQ(run.Name(question->customer), "twitter:201");
  EXPECT_EQ(answer->customer, question->customer);
  EXPECT_EQ(run.Name(answer->agent), "AcmeSupport");
  EXPECT_EQ(question->agent, kNoSymbol);
  EXPECT_EQ(run.Name(question->conversation), "tw-101");
  EXPECT_EQ(answer->conversation, question->conversation);
  EXPECT_EQ(run.Name(answer->in_reply_to), "tw-101");
}

TEST(TweetsTest, RepliesReadBeforeTheirParentsAreThreadedDownTheWholeChain) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  // 102 comes before 101 in the file; 103 and 104 answer 102 and 103.
  for (const char* id : {"tw-103", "tw-104"}) {
    const Event* e = run.Find(id);
    ASSERT_NE(e, nullptr) << id;
    EXPECT_EQ(run.Name(e->customer), "twitter:201") << id;
    EXPECT_EQ(run.Name(e->conversation), "tw-101") << id;
  }
  EXPECT_EQ(run.Name(run.Find("tw-104")->agent), "AcmeSupport");
}

// findings.md, Request: a public post that neither names the company's handle nor replies to the
// company is not addressed to it. The company's handles are its authors, wherever they come in the
// file; a reply to a tweet never read may be to the company.
TEST(TweetsTest, APostNotAddressedToTheCompanyNeedsNoAnswer) {
  Ingest in;
  ASSERT_TRUE(
      in.ReadText("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                  "in_response_to_tweet_id\n"
                  "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@115713 my parcel is late,,\n"
                  "2,115713,True,Tue Oct 31 22:11:47 +0000 2017,@115712 same here,,1\n"
                  "3,115714,True,Tue Oct 31 22:12:47 +0000 2017,@ShopCo my parcel is late,4,\n"
                  "4,ShopCo,False,Tue Oct 31 22:13:47 +0000 2017,@115714 sorry! DM us,5,3\n"
                  "5,115714,True,Tue Oct 31 22:14:47 +0000 2017,on it,,4\n"
                  "6,115715,True,Tue Oct 31 22:15:47 +0000 2017,@115716 lol,,99\n")
          .ok());
  EXPECT_EQ(in.Find("tw-1")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-2")->act, Act::kNotAddressed);
  EXPECT_NE(in.Find("tw-3")->act, Act::kNotAddressed);
  EXPECT_NE(in.Find("tw-5")->act, Act::kNotAddressed);
  EXPECT_NE(in.Find("tw-6")->act, Act::kNotAddressed);
}

// A tweet that names the company without speaking to it needs an answer only when it carries a
// need (a question, a failure, a request): a post about the company ("Walked into @ShopCo…"), a
// reply to someone else's tweet that copies the company in, a tweet to a crowd of handles. One that
// opens with the company's handle is spoken to it, whatever it says.
TEST(TweetsTest, APostThatOnlyNamesTheCompanyNeedsANeedToBeARequest) {
  Ingest in;
  ASSERT_TRUE(
      in.ReadText("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                  "in_response_to_tweet_id\n"
                  "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,Walked into @ShopCo to get "
                  "a burrito,,\n"
                  "2,115713,True,Tue Oct 31 22:11:47 +0000 2017,Why is my @ShopCo order late?,,\n"
                  "3,115714,True,Tue Oct 31 22:12:47 +0000 2017,@115712 @ShopCo stick with it,,1\n"
                  "4,115715,True,Tue Oct 31 22:13:47 +0000 2017,@115712 @ShopCo mine never "
                  "arrived and nobody answers,,1\n"
                  "5,115716,True,Tue Oct 31 22:14:47 +0000 2017,@1 @2 @3 @ShopCo tasting "
                  "continues tomorrow,,\n"
                  "6,115717,True,Tue Oct 31 22:15:47 +0000 2017,@ShopCo my baby,,\n"
                  "7,ShopCo,False,Tue Oct 31 22:16:47 +0000 2017,@115717 cute!,,6\n"
                  "8,115718,True,Tue Oct 31 22:17:47 +0000 2017,Great day with @ShopHelp,,\n")
          .ok());
  EXPECT_EQ(in.Find("tw-1")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-2")->act, Act::kNeedsAnswer);
  EXPECT_EQ(in.Find("tw-3")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-4")->act, Act::kNeedsAnswer);
  EXPECT_EQ(in.Find("tw-5")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-6")->act, Act::kNeedsAnswer);
  EXPECT_EQ(in.Find("tw-8")->act, Act::kNotAddressed);  // no tweet of ShopHelp: not the company
}

// A reply to the company's own post (one that answers no tweet and opens with no handle: a
// promotion, a question to its followers) is talk with the brand: a request only with a need of its
// own. A reply to the company reaching out to someone ("@115712 we saw…") is spoken to it.
TEST(TweetsTest, AReplyToTheCompanysOwnPostNeedsANeedToBeARequest) {
  Ingest in;
  ASSERT_TRUE(
      in.ReadText(
            "tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
            "in_response_to_tweet_id\n"
            "1,ShopCo,False,Tue Oct 31 22:10:47 +0000 2017,Trick or treat? Tell us below!,,\n"
            "2,115712,True,Tue Oct 31 22:11:47 +0000 2017,@ShopCo Treat!,,1\n"
            "3,115713,True,Tue Oct 31 22:12:47 +0000 2017,@ShopCo I've never been to "
            "one #bucketlist,,1\n"
            "4,115714,True,Tue Oct 31 22:13:47 +0000 2017,@ShopCo my order never arrived,,1\n"
            "5,115715,True,Tue Oct 31 22:14:47 +0000 2017,@ShopCo can u tell me the hours?,,1\n"
            "6,ShopCo,False,Tue Oct 31 22:15:47 +0000 2017,@115716 we saw your tweet: DM us,,\n"
            "7,115716,True,Tue Oct 31 22:16:47 +0000 2017,@ShopCo wow ok,,6\n"
            "8,115716,True,Tue Oct 31 22:17:47 +0000 2017,@ShopCo it came broken,,6\n")
          .ok());
  EXPECT_EQ(in.Find("tw-2")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-3")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-4")->act, Act::kNeedsAnswer);
  EXPECT_EQ(in.Find("tw-5")->act, Act::kNeedsAnswer);
  EXPECT_NE(in.Find("tw-8")->act, Act::kNotAddressed);
}

// Contrast or negation alone is no need: a post that names the company and says "won't" or "but"
// asks nothing of it. A tweet to a crowd of handles is not addressed to the company even in the
// company's thread and whatever it asks; a greeting before the handle still speaks to it.
TEST(TweetsTest, ContrastAloneIsNoNeedACrowdIsNotTheCompanyAGreetingSpeaksToIt) {
  Ingest in;
  ASSERT_TRUE(
      in.ReadText("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                  "in_response_to_tweet_id\n"
                  "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,Shout out to @ShopCo so I won't "
                  "miss the game,,\n"
                  "2,115713,True,Tue Oct 31 22:11:47 +0000 2017,I'd shop at @ShopCo any day but "
                  "today is fun,,\n"
                  "3,ShopCo,False,Tue Oct 31 22:12:47 +0000 2017,@1 @2 @3 @4 who wins the taste "
                  "test?,,\n"
                  "4,115714,True,Tue Oct 31 22:13:47 +0000 2017,@ShopCo @1 @2 @3 @4 when will you "
                  "try ours?,,3\n"
                  "5,115715,True,Tue Oct 31 22:14:47 +0000 2017,Dear @ShopCo I found a hair in my "
                  "food,,\n"
                  "6,115716,True,Tue Oct 31 22:15:47 +0000 2017,Went to @ShopCo and they messed "
                  "up my order,,\n")
          .ok());
  EXPECT_EQ(in.Find("tw-1")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-2")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-4")->act, Act::kNotAddressed);
  EXPECT_EQ(in.Find("tw-5")->act, Act::kNeedsAnswer);
  EXPECT_EQ(in.Find("tw-6")->act, Act::kNeedsAnswer);  // a failure is a need of its own
}

// The config's company.handles are the company's even when none of its tweets is in the input.
TEST(TweetsTest, TheConfiguredHandlesAreTheCompanys) {
  CompanyDirectory company;
  company.handles = {"@ShopHelp"};
  Ingest in(company);
  ASSERT_TRUE(in.ReadText("tweet_id,author_id,inbound,created_at,text,response_tweet_id,"
                          "in_response_to_tweet_id\n"
                          "1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@ShopHelp my parcel is "
                          "late,,\n")
                  .ok());
  EXPECT_EQ(in.Find("tw-1")->act, Act::kNeedsAnswer);
}

TEST(TweetsTest, FloatIdsAreReadAsTheIntegersTheyAre) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  EXPECT_EQ(run.Name(run.Find("tw-103")->in_reply_to), "tw-102");  // written "102.0"
}

TEST(TweetsTest, HtmlEntitiesAreDecodedOnceAndOthersLeftAlone) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  EXPECT_EQ(run.Text("tw-101"),
            "@AcmeSupport my router is dead <again> '3 days' \xF0\x9F\x98\xA1 &bogus; AT&T");
  EXPECT_EQ(run.Text("tw-102"), "@201 Sorry to hear that & thanks for waiting. Can you DM us?");
  Ingest once;
  ASSERT_TRUE(once.ReadText(std::string(kHeader) +
                            "1,9,True,Mon Mar 02 09:14:00 +0000 2026,&amp;lt; &#0; &#xD800;,,\n")
                  .ok());
  EXPECT_EQ(once.Text("tw-1"), "&lt; &#0; &#xD800;");
}

TEST(TweetsTest, ABareCrInsideAFieldDoesNotEndTheRow) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  EXPECT_EQ(run.Text("tw-104"), "@201 Got it\rthanks!");  // unquoted
  EXPECT_EQ(run.Text("tw-131"), "@AcmeSupport a bare CR\rin quotes");
  EXPECT_EQ(run.Text("tw-103"), "@AcmeSupport done, sent.\nWaiting.");
}

TEST(TweetsTest, CreatedAtKeepsItsOffset) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  const Event* e = run.Find("tw-131");  // Thu Mar 05 12:00:00 +0100 2026
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->at.time_since_epoch(),
            std::chrono::sys_days(std::chrono::year(2026) / 3 / 5).time_since_epoch() +
                std::chrono::hours(11));
  EXPECT_EQ(e->offset_minutes, 60);
}

TEST(TweetsTest, BadRowsAreReportedWithTheLineTheyStartOnAndTheRestIsRead) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  EXPECT_EQ(run.report.records, 9u);
  EXPECT_EQ(run.report.events, 6u);
  EXPECT_EQ(run.report.skipped, 3u);
  const std::string file = kData + "threads.csv";
  EXPECT_EQ(run.Errors(),
            (std::vector<std::string>{
                file + ":9: tweet 120: a company tweet that answers no tweet: no customer to give "
                       "it to",
                file + ":10: created_at 'Wed 04 Mar 2026' is not a time like 'Tue Oct 31 22:10:47 "
                       "+0000 2017'",
                file + ":7: tweet 110: replies to tweet 109, which is not in the input"}));
}

TEST(TweetsTest, RepliesToATweetNotInTheInputKeepItsIdAsConversation) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv"}).ok());
  const Event* e = run.Find("tw-111");  // answers 110, which answers the absent 109
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(run.Name(e->customer), "twitter:202");
  EXPECT_EQ(run.Name(e->conversation), "tw-109");
  EXPECT_EQ(run.Find("tw-110"), nullptr);
}

TEST(TweetsTest, AnExcelCopysDamagedIdListsAreReportedAndItsTweetsKept) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "excel_resave.csv"}).ok());
  EXPECT_EQ(run.report.events, 8u);
  const std::string file = kData + "excel_resave.csv";
  const std::string damaged = ": a damaged id list (re-saved by a spreadsheet?); the tweet is kept";
  EXPECT_EQ(run.Errors(),
            (std::vector<std::string>{
                file + ":2: tweet 70: response_tweet_id names tweet 1, which replies to tweet 3" +
                    damaged,
                file + ":6: tweet 56: response_tweet_id names tweet 1, which replies to tweet 3" +
                    damaged,
                file + ":2: tweet 70: response_tweet_id names tweet 71, which replies to tweet 72" +
                    damaged}));
  EXPECT_EQ(run.Name(run.Find("tw-1")->customer), "twitter:301");  // TRUE/FALSE, CRLF
  EXPECT_EQ(run.Name(run.Find("tw-71")->conversation), "tw-72");
}

TEST(TweetsTest, LoopsOfRepliesAreReportedAtFinish) {
  Ingest run;
  ASSERT_TRUE(run.ReadText(std::string(kHeader) +
                           "1,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,2\n"
                           "2,Acme,False,Mon Mar 02 09:15:00 +0000 2026,b,,1\n"
                           "3,Acme,False,Mon Mar 02 09:16:00 +0000 2026,c,,3\n")
                  .ok());
  EXPECT_EQ(run.report.events, 0u);
  EXPECT_EQ(run.Errors(), (std::vector<std::string>{
                              "mem.csv:2: tweet 1: its chain of replies loops back on itself",
                              "mem.csv:3: tweet 2: its chain of replies loops back on itself",
                              "mem.csv:4: tweet 3: its chain of replies loops back on itself"}));
}

TEST(TweetsTest, MalformedValuesAreReportedOnePerRow) {
  Ingest run;
  ASSERT_TRUE(run.ReadText(std::string(kHeader) +
                           "x,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n"
                           "1.5,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n"
                           "2,9,maybe,Mon Mar 02 09:14:00 +0000 2026,a,,\n"
                           "3,9,True,Tue Mar 02 09:14:00 +0000 2026,weekday wrong,,\n"
                           "4,,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n"
                           "5,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,3e5\n"
                           "6,9,True\n"
                           "7,9,True,2026-03-02T09:14:00+01:00,RFC 3339 is read too,,\n")
                  .ok());
  EXPECT_EQ(run.report.records, 8u);
  EXPECT_EQ(run.report.events, 1u);
  EXPECT_EQ(run.Errors(),
            (std::vector<std::string>{
                "mem.csv:2: tweet_id 'x' is not a tweet id",
                "mem.csv:3: tweet_id '1.5' is not a tweet id",
                "mem.csv:4: inbound 'maybe' is not True or False",
                "mem.csv:5: created_at 'Tue Mar 02 09:14:00 +0000 2026' is not a time like 'Tue "
                "Oct 31 22:10:47 +0000 2017'",
                "mem.csv:6: author_id is empty",
                "mem.csv:7: in_response_to_tweet_id '3e5' is not a tweet id",
                "mem.csv:8: 3 fields where the header has 7"}));
  EXPECT_EQ(run.Find("tw-7")->offset_minutes, 60);
}

TEST(TweetsTest, AHeaderWithoutTheColumnsIsOneReport) {
  Ingest run;
  ASSERT_TRUE(run.ReadText("tweet_id,author_id,inbound\n1,2,True\n").ok());
  EXPECT_EQ(run.Errors(),
            (std::vector<std::string>{"mem.csv:1: the header has no column 'created_at'"}));
}

TEST(TweetsTest, StrictStopsAtTheFirstBadRow) {
  Ingest run;
  run.options.strict = true;
  const Status status = run.ReadText(std::string(kHeader) +
                                     "x,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n"
                                     "1,9,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n");
  EXPECT_EQ(status.code(), StatusCode::kInvalidInput);
  EXPECT_EQ(run.report.events, 0u);
}

TEST(TweetsTest, DigitsOnlyAuthorsAreNotTakenForPhoneNumbers) {
  Ingest run;
  ASSERT_TRUE(
      run.ReadText(std::string(kHeader) + "1,3331234567,True,Mon Mar 02 09:14:00 +0000 2026,a,,\n")
          .ok());
  EXPECT_EQ(run.Name(run.Find("tw-1")->customer), "twitter:3331234567");
}

TEST(TweetsTest, TheSameTweetInTwoFilesIsOneEvent) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kData + "threads.csv", kData + "threads.csv"}).ok());
  EXPECT_EQ(run.report.events, 6u);
  // Every row the first time read as a tweet (threaded, waiting or rejected for want of a customer)
  // is a duplicate the second time; the row with a bad date is bad again.
  EXPECT_EQ(run.report.duplicates, 8u);
  EXPECT_EQ(run.report.skipped, 4u);
}

TEST(TweetsTest, DetectionByTheHeader) {
  const SourceSettings settings;
  EXPECT_TRUE(LooksLikeTweetsCsv(kHeader, settings));
  EXPECT_TRUE(LooksLikeTweetsCsv(std::string(",") + std::string(kHeader), settings));
  EXPECT_FALSE(LooksLikeTweetsCsv("caller,agent,start\n", settings));
  EXPECT_FALSE(LooksLikeTweetsCsv("", settings));
  EXPECT_EQ(DetectFormat(kHeader, "x.csv", settings), SourceFormat::kTweets);
}

// --- The real samples (../shared/realdata/twitter) ---------------------------------------------
//
// Expected figures from an independent model in Python (csv module; a bare CR not followed by LF
// replaced first, since only LF ends a record here): records = data rows; events = tweets whose
// customer is found (a customer's own tweet, or a company tweet whose chain of parents reaches one
// in the same file); the rest are company tweets that answer no tweet or a tweet outside the file;
// damaged = (tweet, listed reply) pairs where the reply is in the file but answers another tweet.

struct Sample {
  const char* file;
  uint64_t records, events, no_customer, damaged;
  size_t conversations, customers;
};

class RealSampleTest : public testing::TestWithParam<Sample> {};

TEST_P(RealSampleTest, IsReadWithTheFiguresOfAnIndependentCount) {
  const Sample& s = GetParam();
  Ingest run(/*keep_text=*/false);
  ASSERT_TRUE(run.ReadFiles({kRealData + s.file}).ok());
  EXPECT_EQ(run.report.records, s.records);
  EXPECT_EQ(run.report.events, s.events);
  EXPECT_EQ(run.report.skipped, s.no_customer + s.damaged);
  size_t damaged = 0;
  for (const std::string& error : run.Errors()) damaged += error.find("damaged") != error.npos;
  EXPECT_EQ(damaged, s.damaged);
  std::set<Symbol> conversations, customers;
  for (const Event& e : run.corpus.events()) {
    conversations.insert(e.conversation);
    customers.insert(e.customer);
  }
  EXPECT_EQ(conversations.size(), s.conversations);
  EXPECT_EQ(customers.size(), s.customers);
}

INSTANTIATE_TEST_SUITE_P(
    Twitter, RealSampleTest,
    testing::Values(Sample{"twcs_monalisapatra26_sample.csv", 5000, 4974, 26, 0, 1311, 1443},
                    Sample{"twcs_yosingh1_sample.csv", 121, 119, 2, 10, 34, 36},
                    Sample{"kaggle_sample_csv_via_yosingh1.csv", 93, 91, 2, 0, 27, 29}));

TEST(TweetsRealDataTest, TheBareCrRowOfThePandasCopyIsOneTweet) {
  Ingest run;
  ASSERT_TRUE(run.ReadFiles({kRealData + "twcs_monalisapatra26_sample.csv"}).ok());
  const std::string_view text = run.Text("tw-3399");
  EXPECT_TRUE(text.starts_with("@AskPayPal")) << text;
  EXPECT_NE(text.find("\rI just love the start of email"), text.npos) << text;
}

TEST(TweetsRealDataTest, AllThreeInOneRunThreadAcrossFiles) {
  Ingest run(/*keep_text=*/false);
  ASSERT_TRUE(run.ReadFiles({kRealData + "twcs_monalisapatra26_sample.csv",
                             kRealData + "twcs_yosingh1_sample.csv",
                             kRealData + "kaggle_sample_csv_via_yosingh1.csv"})
                  .ok());
  EXPECT_EQ(run.report.files, 3u);
  EXPECT_EQ(run.report.records, 5000u + 121u + 93u);
  // The Excel copy's 121 tweets are all among the pandas copy's first 5,000 (tweet ids 1..7630).
  EXPECT_EQ(run.report.duplicates, 121u);
}

TEST(TweetsRealDataTest, DetectedAsTweets) {
  for (const char* file : {"twcs_monalisapatra26_sample.csv", "twcs_yosingh1_sample.csv",
                           "kaggle_sample_csv_via_yosingh1.csv"}) {
    const auto format = DetectFileFormat(kRealData + file, SourceSettings{});
    ASSERT_TRUE(format.ok()) << file;
    EXPECT_EQ(*format, SourceFormat::kTweets) << file;
  }
}

}  // namespace
}  // namespace fiducia
