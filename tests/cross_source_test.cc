// One customer across sources: the same phone number in a WhatsApp export and in a call log,
// written differently in each, makes one customer with one timeline across both channels.
#include <gtest/gtest.h>

#include <set>

#include "audit/audit.h"
#include "config/config.h"

namespace fiducia {
namespace {

TEST(CrossSourceTest, WhatsappAndCallLogJoinOnThePhoneNumber) {
  auto config = ParseConfig(R"(
[company]
names = ["Giulia"]
[sources.call_log]
caller = "Chiamante"
agent = "Operatore"
start = "Data e ora"
duration = "Durata"
outcome = "Esito"
notes = "Note"
direction = "Direzione"
missed_outcomes = ["Persa"]
)",
                            "cross.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  AuditOptions options;
  options.inputs = {FIDUCIA_SOURCE_DIR "/tests/data/whatsapp/_chat.txt",
                    FIDUCIA_SOURCE_DIR "/tests/data/call_log/chiamate_it.csv"};
  auto result = RunAudit(options, config->audit);
  ASSERT_TRUE(result.ok()) << result.status().message();
  const AuditResult& r = **result;
  const Symbol phone = r.corpus.symbols().Find("+393331234567");
  ASSERT_NE(phone, kNoSymbol);
  size_t timelines_with_phone = 0;
  for (const Timeline& t : r.timelines.customers) {
    if (std::find(t.handles.begin(), t.handles.end(), phone) == t.handles.end()) continue;
    ++timelines_with_phone;
    std::set<Channel> channels;
    for (uint32_t i : t.events) channels.insert(r.corpus.events()[i].channel);
    EXPECT_TRUE(channels.count(Channel::kWhatsapp));
    EXPECT_TRUE(channels.count(Channel::kPhone));
  }
  EXPECT_EQ(timelines_with_phone, 1u);
}

}  // namespace
}  // namespace fiducia
