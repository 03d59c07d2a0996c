#include "config/config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "text/analyser.h"

namespace fiducia {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

size_t ChannelIndex(Channel c) { return static_cast<size_t>(c); }

TEST(ConfigTest, EmptyFileKeepsTheSpecDefaults) {
  auto c = ParseConfig("", "empty.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->audit.calendar.time_zone_name(), "Europe/Rome");
  EXPECT_EQ(c->audit.timing.reply_target[ChannelIndex(Channel::kEmail)], hours(8));
  EXPECT_EQ(c->audit.timing.reply_target[ChannelIndex(Channel::kWhatsapp)], hours(2));
  EXPECT_EQ(c->audit.timing.reply_target[ChannelIndex(Channel::kChat)], minutes(15));
  EXPECT_EQ(c->audit.timing.call_back_target, hours(4));
  EXPECT_EQ(c->audit.timing.chaser_min_gap, hours(1));
}

TEST(ConfigTest, PrintedDefaultsReadBackToTheSameValues) {
  const Config defaults;
  const std::string text = FormatConfig(defaults);
  auto c = ParseConfig(text, "defaults.toml");
  ASSERT_TRUE(c.ok()) << c.status().message() << "\n" << text;
  EXPECT_EQ(FormatConfig(*c), text);
  EXPECT_EQ(c->audit.timing.reply_target, defaults.audit.timing.reply_target);
  EXPECT_EQ(c->audit.calendar.week().days[1], defaults.audit.calendar.week().days[1]);
}

TEST(ConfigTest, ReadsCalendarTargetsAndCompany) {
  auto c = ParseConfig(R"(
[calendar]
time_zone = "America/New_York"
holidays = "none"
extra_holidays = ["2026-07-03", "12-24"]
[calendar.hours]
saturday = ["09:00-13:00"]
monday = ["08:00-12:00", "13:00-17:00"]
[targets]
email = "4h"
missed_call = "2h"
[company]
domains = ["acme.it"]
[report]
lang = "it"
)",
                       "acme.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->audit.calendar.time_zone_name(), "America/New_York");
  EXPECT_EQ(c->audit.calendar.week().days[6].size(), 1u);
  EXPECT_EQ(c->audit.calendar.week().days[1].size(), 2u);
  EXPECT_EQ(c->audit.calendar.week().days[2].size(), 1u);  // Tuesday keeps its default
  EXPECT_EQ(c->audit.timing.reply_target[ChannelIndex(Channel::kEmail)], hours(4));
  EXPECT_EQ(c->audit.timing.call_back_target, hours(2));
  EXPECT_EQ(c->audit.sources.company.domains, std::vector<std::string>{"acme.it"});
  EXPECT_EQ(c->lang, "it");
  EXPECT_FALSE(c->audit.calendar.holidays().easter_monday());
  EXPECT_TRUE(c->audit.calendar.holidays().Contains(date::local_days(date::year(2027) / 12 / 24)));
}

TEST(ConfigTest, CueListsTakeTheUsersAdditionsAndRemovals) {
  auto c = ParseConfig(R"(
[cues.it.add]
blame = ["colpa della posta"]
[cues.en.remove]
refusal = ["we can't"]
)",
                       "cues.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->audit.cues);
  TextAnalyser analyser(c->audit.cues);
  EXPECT_TRUE(analyser.Analyse("Il ritardo è colpa della posta, purtroppo").cues & kCueBlame);
  EXPECT_FALSE(analyser.Analyse("Sadly we can't do it for you").cues & kCueRefusal);
  EXPECT_FALSE(ParseConfig("", "empty.toml")->audit.cues);
  EXPECT_FALSE(ParseConfig("[cues.it.add]\nfeelings = [\"meh\"]\n", "bad.toml").ok());
  EXPECT_FALSE(ParseConfig("[cues.fr.add]\napology = [\"pardon\"]\n", "bad.toml").ok());
}

TEST(ConfigTest, ErrorsNameTheFileTheLineAndTheKey) {
  auto c = ParseConfig("[calendar]\ntime_zone = \"Europe/Roma\"\n", "acme.toml");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUsage);
  EXPECT_NE(c.status().message().find("acme.toml:2"), std::string_view::npos)
      << c.status().message();
  EXPECT_NE(c.status().message().find("Europe/Roma"), std::string_view::npos);
}

TEST(ConfigTest, UnknownKeysAndBadValuesAreErrors) {
  for (const char* bad :
       {"[calendar]\ntimezone = \"Europe/Rome\"\n", "[targets]\nfax = \"1h\"\n",
        "[targets]\nemail = \"8 hours\"\n", "[targets]\nemail = 8\n",
        "[calendar.hours]\nmonday = [\"18:00-09:00\"]\n",
        "[calendar.hours]\nmonday = [\"09:00-13:00\", \"12:00-18:00\"]\n",
        "[calendar.hours]\nfunday = []\n", "[calendar]\nextra_holidays = [\"2026-02-30\"]\n",
        "[report]\nlang = \"fr\"\n", "[calendar\n", "surprise = 1\n"}) {
    EXPECT_FALSE(ParseConfig(bad, "bad.toml").ok()) << bad;
  }
}

TEST(ConfigTest, TeamRuleThresholds) {
  auto config = ParseConfig(
      "[rules]\nstrain_call = \"15m\"\nstrain_calls = 3\nspike_ratio = 2.5\n"
      "spike_min_excess = 20\nspike_min_days = 10\n",
      "t.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->audit.team.long_call, std::chrono::minutes(15));
  EXPECT_EQ(config->audit.team.strained_calls, 3);
  EXPECT_DOUBLE_EQ(config->audit.team.spike_ratio, 2.5);
  EXPECT_EQ(config->audit.team.spike_min_excess, 20);
  EXPECT_EQ(config->audit.team.spike_min_days, 10);
  auto bad = ParseConfig("[rules]\nstrain_calls = 0\n", "t.toml");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("t.toml:2"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("rules.strain_calls"), std::string::npos);
}

}  // namespace
}  // namespace fiducia

namespace fiducia {
namespace {

TEST(ConfigTest, ServeLimitsAndWebhookSecrets) {
  auto c = ParseConfig(
      "[serve]\nmax_body_bytes = 65536\nrate_per_second = 5\nrate_burst = 10\n"
      "[webhooks]\nwhatsapp_app_secret = \"s1\"\nwhatsapp_verify_token = \"v\"\n"
      "twilio_auth_token = \"t\"\ntwilio_url = \"https://x.example/v1/webhooks/twilio\"\n"
      "zendesk_secret = \"z\"\nmax_age = \"2m\"\n",
      "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->serve.max_body_bytes, 65536u);
  EXPECT_EQ(c->serve.rate_per_second, 5.0);
  EXPECT_EQ(c->serve.rate_burst, 10.0);
  EXPECT_EQ(c->webhooks.whatsapp_app_secret, "s1");
  EXPECT_EQ(c->webhooks.twilio_url, "https://x.example/v1/webhooks/twilio");
  EXPECT_EQ(c->webhooks.max_age, std::chrono::minutes(2));
  // The printed config carries them back.
  auto again = ParseConfig(FormatConfig(*c), "printed");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->webhooks.zendesk_secret, "z");
  EXPECT_EQ(again->serve.max_body_bytes, 65536u);
  EXPECT_FALSE(ParseConfig("[serve]\nmax_body_bytes = 10\n", "f").ok());
  EXPECT_FALSE(ParseConfig("[serve]\nrate_per_second = -1\n", "f").ok());
  EXPECT_FALSE(ParseConfig("[webhooks]\nwhatsapp_secret = \"x\"\n", "f").ok());
}

// fiducia serve runs with the audit's policy and the server's own sections; the audit policy
// holds no secret or rate limit (a type apart: src/server's ServeConfig).
TEST(ConfigTest, ServeTakesTheAuditPolicyAndTheServersSections) {
  auto c = ParseConfig(
      "[report]\nphone_region = \"GB\"\n[targets]\nemail = \"2h\"\n"
      "[alerts]\nwarn_at = 0.5\n[serve]\nrate_burst = 7\n"
      "[webhooks]\nzendesk_secret = \"z\"\n",
      "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  const ServeConfig serve = c->Serve();
  EXPECT_EQ(serve.audit.phone_region, "GB");
  EXPECT_EQ(serve.audit.timing.reply_target[static_cast<size_t>(Channel::kEmail)],
            std::chrono::hours(2));
  EXPECT_DOUBLE_EQ(serve.alerts.warn_at, 0.5);
  EXPECT_DOUBLE_EQ(serve.limits.rate_burst, 7.0);
  EXPECT_EQ(serve.webhooks.zendesk_secret, "z");
}

TEST(ConfigTest, ServeMailboxes) {
  auto c = ParseConfig(
      "[serve]\nrate_burst = 10\n"
      "[[serve.mailbox]]\nurl = \"imaps://imap.acme.it\"\nuser = \"assistenza@acme.it\"\n"
      "password_env = \"ACME_IMAP\"\npoll_every = \"30s\"\n"
      "[[serve.mailbox]]\nname = \"vendite\"\nurl = \"imaps://imap.acme.it:1993\"\n"
      "ca_file = \"/etc/fiducia/acme-ca.pem\"\n"
      "user = \"v\"\npassword = \"pw\"\nsent = \"\"\naddress = \"vendite@acme.it\"\n"
      "workspace = \"acme\"\n",
      "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_EQ(c->mailboxes.size(), 2u);
  const MailboxSettings& a = c->mailboxes[0];
  EXPECT_EQ(a.Name(), "assistenza@acme.it");
  EXPECT_EQ(a.password_env, "ACME_IMAP");
  EXPECT_EQ(a.inbox, "INBOX");
  EXPECT_EQ(a.sent, "Sent");
  EXPECT_EQ(a.poll_every, std::chrono::seconds(30));
  const MailboxSettings& b = c->mailboxes[1];
  EXPECT_EQ(b.Name(), "vendite");
  EXPECT_EQ(b.sent, "");
  EXPECT_EQ(b.workspace, "acme");
  EXPECT_EQ(b.ca_file, "/etc/fiducia/acme-ca.pem");
  EXPECT_EQ(a.ca_file, "");  // the system's trust store
  auto again = ParseConfig(FormatConfig(*c), "printed");
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->mailboxes.size(), 2u);
  EXPECT_EQ(again->mailboxes[1].password, "pw");
  EXPECT_EQ(again->mailboxes[0].poll_every, std::chrono::seconds(30));
  EXPECT_EQ(again->mailboxes[1].ca_file, "/etc/fiducia/acme-ca.pem");
  EXPECT_NE(FormatConfig(Config{}).find("# [[serve.mailbox]]"), std::string::npos);
  for (const char* bad :
       {"[[serve.mailbox]]\nurl = \"imaps://x\"\nuser = \"u\"\n",  // no password
        "[[serve.mailbox]]\nurl = \"imaps://x\"\nuser = \"u\"\npassword = \"p\"\n"
        "password_env = \"E\"\n",                               // both
        "[[serve.mailbox]]\nuser = \"u\"\npassword = \"p\"\n",  // no url
        "[[serve.mailbox]]\nurl = \"imaps://x\"\nuser = \"u\"\npassword = \"p\"\nfolder = \"x\"\n",
        "[[serve.mailbox]]\nurl = \"imaps://x\"\nuser = \"u\"\npassword = \"p\"\n"
        "poll_every = \"0s\"\n",
        "[[serve.mailbox]]\nurl = \"imaps://x\"\nuser = \"u\"\npassword = \"p\"\nca_file = 1\n",
        "[serve]\nmailbox = \"x\"\n"}) {
    EXPECT_FALSE(ParseConfig(bad, "f").ok()) << bad;
  }
}

// NaN compares false with every bound, so a range check written as "below low or above high"
// let it through (and the cast after it was undefined behaviour).
TEST(ConfigTest, NotANumberIsNeverInRange) {
  for (const char* text : {"[serve]\nrate_per_second = nan\n", "[rules]\nspike_ratio = nan\n",
                           "[alerts]\nwarn_at = -nan\n", "[serve]\nmax_body_bytes = inf\n"}) {
    const auto c = ParseConfig(text, "f.toml");
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_NE(c.status().message().find("must be a number"), std::string_view::npos) << text;
  }
}

TEST(ConfigTest, LimitsAndTheDateWindow) {
  auto c = ParseConfig(
      "[limits]\nearliest = \"2000-01-01\"\nlatest = \"2050-06-01\"\ntext_bytes = 4096\n"
      "member_bytes = 1048576\nrecords_per_input = 1000\n",
      "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->audit.limits.earliest,
            Instant{std::chrono::sys_days{std::chrono::year{2000} / 1 / 1}});
  EXPECT_EQ(c->audit.limits.latest,
            Instant{std::chrono::sys_days{std::chrono::year{2050} / 6 / 1}});
  EXPECT_EQ(c->audit.limits.text_bytes, 4096u);
  EXPECT_EQ(c->audit.limits.member_bytes, 1048576u);
  EXPECT_EQ(c->audit.limits.records_per_input, 1000u);
  auto again = ParseConfig(FormatConfig(*c), "printed");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->audit.limits.latest, c->audit.limits.latest);
  // The defaults: 1990 to 2100.
  const InputLimits defaults;
  EXPECT_FALSE(
      defaults.InWindow(Instant{std::chrono::sys_days{std::chrono::year{1989} / 12 / 31}}));
  EXPECT_TRUE(defaults.InWindow(Instant{std::chrono::sys_days{std::chrono::year{1990} / 1 / 1}}));
  EXPECT_FALSE(defaults.InWindow(Instant{std::chrono::sys_days{std::chrono::year{2100} / 1 / 1}}));
  for (const char* bad :
       {"[limits]\nearliest = \"1900-01-01\"\n", "[limits]\nlatest = \"9999-12-31\"\n",
        "[limits]\nearliest = \"2020-13-01\"\n", "[limits]\nearliest = \"2020-01-01T00:00\"\n",
        "[limits]\nearliest = \"2030-01-01\"\nlatest = \"2020-01-01\"\n",
        "[limits]\ntext_bytes = 0\n", "[limits]\nrecords = 5\n"}) {
    EXPECT_FALSE(ParseConfig(bad, "f.toml").ok()) << bad;
  }
}

// check_every = "0s" made the idle server's alert loop spin at most of a core.
TEST(ConfigTest, AlertCheckEveryHasAMinimum) {
  for (const char* bad : {"[alerts]\ncheck_every = \"0s\"\n", "[alerts]\ncheck_every = \"0m\"\n"}) {
    const auto c = ParseConfig(bad, "f.toml");
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_EQ(c.status().code(), StatusCode::kUsage);
    EXPECT_NE(c.status().message().find("f.toml:2: alerts.check_every: must be at least 1s"),
              std::string_view::npos)
        << c.status().message();
  }
  const auto c = ParseConfig("[alerts]\ncheck_every = \"1s\"\n", "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->alerts.check_every, std::chrono::seconds(1));
}

// [alerts] backlog: 24 h unless set; written by FormatConfig and read back.
TEST(ConfigTest, AlertBacklogIsADuration) {
  const auto defaults = ParseConfig("", "f.toml");
  ASSERT_TRUE(defaults.ok()) << defaults.status().message();
  EXPECT_EQ(defaults->alerts.backlog, std::chrono::hours(24));
  const auto c = ParseConfig("[alerts]\nbacklog = \"2h\"\n", "f.toml");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->alerts.backlog, std::chrono::hours(2));
  const auto again = ParseConfig(FormatConfig(*c), "formatted.toml");
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->alerts.backlog, std::chrono::hours(2));
  EXPECT_FALSE(ParseConfig("[alerts]\nbacklog = \"soon\"\n", "f.toml").ok());
}

// A directory opened as a stream that reads as empty: the defaults, "ok".
TEST(ConfigTest, ADirectoryIsNoConfig) {
  const auto c = LoadConfig(std::filesystem::temp_directory_path().string());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kUsage);
  EXPECT_NE(c.status().message().find("is not a file"), std::string_view::npos)
      << c.status().message();
  EXPECT_EQ(LoadConfig("/nonexistent/fiducia.toml").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace fiducia
